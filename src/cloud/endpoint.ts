import { isIP } from 'node:net';
import { UsageError } from '../util/errors.js';

/** Points the client at a local server (tests, emulators); `--api-endpoint` wins over it. */
export const API_ENDPOINT_ENV = 'SSOT_WATCH_API_ENDPOINT';

/** A plaintext gRPC endpoint. Only loopback hosts are accepted (see parseApiEndpoint). */
export interface ApiEndpoint {
  host: string;
  port: number;
}

/** `localhost`, 127.0.0.0/8 and ::1: the only hosts a plaintext channel may reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.split('.')[0] === '127';
  if (isIP(h) === 6) return h === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(h);
  return false;
}

/**
 * `HOST:PORT` (or `[::1]:PORT`) for a plaintext channel. Anything that is not loopback is refused:
 * without TLS the traffic (and, were credentials attached, the token) would cross the network in
 * the clear, and nothing here needs that — the real service is reached through its default TLS
 * endpoint, with no flag at all.
 */
export function parseApiEndpoint(text: string, what = '--api-endpoint'): ApiEndpoint {
  const s = text.trim();
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:\s/]+)):(\d{1,5})$/.exec(s);
  if (!m) throw new UsageError(`${what}: "${s}" is not HOST:PORT (e.g. 127.0.0.1:8085, localhost:8085, [::1]:8085)`);
  const host = (m[1] ?? m[2]) as string;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) throw new UsageError(`${what}: port ${m[3]} is out of range (1-65535)`);
  if (!isLoopbackHost(host)) {
    throw new UsageError(
      `${what}: ${host} is not a loopback address; the endpoint is plaintext, so only localhost, 127.0.0.0/8 and ::1 ` +
        `are allowed (omit the flag to reach Cloud Logging over TLS)`,
    );
  }
  return { host: m[1] !== undefined ? `[${host}]` : host, port };
}

/** The endpoint from the flag, else from $SSOT_WATCH_API_ENDPOINT, else null (the real service). */
export function resolveApiEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): ApiEndpoint | null {
  if (flag !== undefined && flag !== '') return parseApiEndpoint(flag, '--api-endpoint');
  const fromEnv = env[API_ENDPOINT_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return parseApiEndpoint(fromEnv, `$${API_ENDPOINT_ENV}`);
  return null;
}
