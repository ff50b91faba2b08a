/**
 * RFC 3339 instants as protobuf `Timestamp`s. Kept as whole seconds + nanoseconds because an
 * epoch count in nanoseconds does not fit a double, and the server must not lose the
 * microseconds that exports carry (the client is the one that rounds to milliseconds).
 */

export interface Instant {
  /** Whole seconds since the epoch (fits a double exactly). */
  readonly seconds: number;
  /** 0..999,999,999 */
  readonly nanos: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; null for anything else (no zone = not an instant). */
export function parseInstant(text: string): Instant | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return null;
  const ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s));
  // Date.UTC rolls 2025-02-30 over into March; a real instant must round-trip its calendar date.
  if (new Date(ms).getUTCDate() !== day && Number(s) !== 60) return null;
  const offsetSeconds = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60) : 0;
  return { seconds: ms / 1000 - offsetSeconds, nanos: frac ? Number(frac.padEnd(9, '0')) : 0 };
}

export function compareInstants(a: Instant, b: Instant): number {
  return a.seconds - b.seconds || a.nanos - b.nanos;
}

/** Protobuf `Duration` from the JSON form `"0.002473334s"` (what gcloud prints for latency). */
export function parseDuration(text: string): Instant | null {
  const m = /^(-?)(\d+)(?:\.(\d{1,9}))?s$/.exec(text.trim());
  if (!m) return null;
  const sign = m[1] === '-' ? -1 : 1;
  return { seconds: sign * Number(m[2]), nanos: sign * (m[3] ? Number(m[3].padEnd(9, '0')) : 0) };
}
