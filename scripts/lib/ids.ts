import { hex8, type Rng } from './prng.js';
import { US_PER_S } from './clock.js';

/**
 * Identifiers shaped like Cloud Run's. Every one is drawn from a seeded Rng.
 */

/**
 * Cloud Run insertIds in the corpus are 24 hex digits: the second (8), the microsecond within
 * it (8), and 8 random digits; request logs use the completion time. E.g.
 * `68bd89c8000b4c2bee303d86` for a request completing at 13:34:00.74Z.
 */
export function insertIdAt(us: number, rng: Rng): string {
  const sec = Math.floor(us / US_PER_S);
  return hex8(sec) + hex8(us - sec * US_PER_S) + rng.hex8();
}

/** Audit log insertIds are short lowercase base-36 strings (`qyecomdbhfu`, `1ji2dq5dcqmp`). */
export function auditInsertId(rng: Rng): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  const n = rng.range(11, 12);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.int(36)];
  return s;
}

/**
 * `labels.instanceId`: `0069c7a988` + hex, 154-158 digits in the corpus. `mustContain` splices
 * a literal in (the corpus has ids containing `403`, a classic false hit for "403").
 */
export function instanceIdFor(rng: Rng, mustContain?: string): string {
  const len = 154 + 2 * rng.int(3);
  let id = '0069c7a988' + rng.hex(len - 10);
  if (mustContain) {
    const at = 40 + rng.int(60);
    id = id.slice(0, at) + mustContain + id.slice(at + mustContain.length);
  }
  return id;
}

export function traceIdFor(rng: Rng): string {
  return rng.hex(32);
}

export function spanIdFor(rng: Rng): string {
  return rng.hex(16);
}

export function uuid4(rng: Rng): string {
  const h = rng.hex(32);
  const variant = '89ab'[rng.int(4)]!;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Error Reporting group ids look like `CJmUvoHgqq23pAE`. */
export function errorGroupIdFor(rng: Rng): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = 'C';
  for (let i = 0; i < 14; i++) s += alphabet[rng.int(alphabet.length)];
  return s;
}

/** The backend's WebSocket connection ids: `main_466427bb`. */
export function connectionIdFor(rng: Rng): string {
  return `main_${rng.hex(8)}`;
}

/**
 * A JWT-shaped token that is fake on purpose: the claims say so and the signature is random
 * bytes. It exists so that redaction of `?token=` query strings is exercised.
 */
export function fakeJwt(rng: Rng, sub: string, expEpochSeconds: number): string {
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const payload = b64({
    sub,
    iss: 'netra-auth-staging',
    aud: 'netra-backend',
    exp: expEpochSeconds,
    synthetic: 'ssot-watch sample, not a credential',
  });
  const sig = Buffer.from(Array.from({ length: 32 }, () => rng.int(256))).toString('base64url');
  return `${header}.${payload}.${sig}`;
}
