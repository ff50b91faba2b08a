/**
 * Time for the generators: epoch microseconds (a double holds them exactly) and the textual
 * forms each producer writes. Fixed dates only; nothing here reads the wall clock.
 */

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;
export const US_PER_MIN = 60 * US_PER_S;
export const US_PER_H = 60 * US_PER_MIN;

/** `2025-09-14T20:00:00Z` (or with fraction) → epoch µs. Only the forms this package writes itself. */
export function usOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z$/.exec(iso);
  if (!m) throw new Error(`not a UTC timestamp this generator understands: ${iso}`);
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return ms * 1000 + (m[7] ? +m[7].padEnd(6, '0') : 0);
}

const p2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** Calendar parts of a µs instant (UTC). */
function parts(us: number): { date: string; time: string; frac: number; sec: number } {
  const sec = Math.floor(us / US_PER_S);
  const d = new Date(sec * 1000);
  const date = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
  const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  return { date, time, frac: us - sec * US_PER_S, sec };
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** Always six fractional digits and `Z`: how shape-A payloads and our reports write time. */
export function isoUs(us: number): string {
  const p = parts(us);
  return `${p.date}T${p.time}.${pad(p.frac, 6)}Z`;
}

/**
 * Protobuf JSON (what gcloud and sinks print for `timestamp`): 0, 3, 6 or 9 fractional
 * digits, the fewest that are exact. So `...08.403000Z` is printed `...08.403Z`.
 */
export function protoTs(us: number, extraNs = 0): string {
  const p = parts(us);
  const ns = p.frac * 1000 + extraNs;
  return `${p.date}T${p.time}${protoFraction(ns)}Z`;
}

function protoFraction(ns: number): string {
  if (ns === 0) return '';
  if (ns % 1_000_000 === 0) return `.${pad(ns / 1_000_000, 3)}`;
  if (ns % 1000 === 0) return `.${pad(ns / 1000, 6)}`;
  return `.${pad(ns, 9)}`;
}

/** Python `datetime.isoformat()` of an aware UTC datetime: fraction omitted when zero. */
export function pyIso(us: number): string {
  const p = parts(us);
  return `${p.date}T${p.time}${p.frac === 0 ? '' : `.${pad(p.frac, 6)}`}+00:00`;
}

/** Python `isoformat()` of a naive local datetime at a fixed UTC offset (the wrapper's `collection_time`). */
export function pyNaiveLocal(us: number, offsetHours: number): string {
  const p = parts(us + offsetHours * US_PER_H);
  return `${p.date}T${p.time}${p.frac === 0 ? '' : `.${pad(p.frac, 6)}`}`;
}

/** gunicorn's `[%Y-%m-%d %H:%M:%S %z]` body. */
export function gunicornStamp(us: number): string {
  const p = parts(us);
  return `${p.date} ${p.time} +0000`;
}

/** Python logging's default `%(asctime)s` as the backend configured it (no millis, no zone). */
export function pyLogStamp(us: number): string {
  const p = parts(us);
  return `${p.date} ${p.time}`;
}

/** Python logging's stock `%(asctime)s` (the auth service): `2025-08-28 00:23:46,795`. */
export function pyLogStampMs(us: number): string {
  const p = parts(us);
  return `${p.date} ${p.time},${pad(Math.floor(p.frac / 1000), 3)}`;
}

/** Protobuf JSON Duration: `0.002852s`, `13.045507683s`, `0s`. */
export function protoDuration(ns: number): string {
  const s = Math.floor(ns / 1e9);
  const rest = ns - s * 1e9;
  return `${s}${protoFraction(rest)}s`;
}

/** `22h55m`, `51m`, `1h` — for README prose. */
export function humanDuration(us: number): string {
  const totalMin = Math.floor(us / US_PER_MIN);
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h${pad(m, 2)}m`;
}
