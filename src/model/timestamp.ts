/**
 * Timestamps on the hot path: exports carry ISO 8601 with `Z`, `+00:00`, other offsets, 0-9
 * fractional digits. We keep microseconds (Cloud Logging's precision in exports) as an integer
 * count since the epoch; a double holds that exactly for the next two centuries.
 */

const D0 = 48; // '0'

function digits(s: ArrayLike<number>, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = (s[i + k] ?? -1) - D0;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Entries arrive in runs within the same minute: remember the last minute's epoch value.
let lastMinuteKey = -1;
let lastMinuteMs = 0;

function minuteMs(y: number, mo: number, d: number, h: number, mi: number): number {
  const key = (((y * 13 + mo) * 32 + d) * 24 + h) * 60 + mi;
  if (key !== lastMinuteKey) {
    lastMinuteKey = key;
    lastMinuteMs = Date.UTC(y, mo - 1, d, h, mi, 0);
  }
  return lastMinuteMs;
}

/**
 * Parses bytes `YYYY-MM-DD[T ]HH:MM[:SS[.frac]][Z|±HH:MM|±HHMM]` in s[start, end) to epoch
 * microseconds. With no zone the result is null unless `assumeUtc` (text logs written by a
 * UTC container are the one case). Returns null for anything else; never throws.
 */
export function parseTimestampBytes(s: ArrayLike<number>, start: number, end: number, assumeUtc = false): number | null {
  if (end - start < 16) return null;
  const p = start;
  const y = digits(s, p, 4);
  if (y < 0 || s[p + 4] !== 45 || s[p + 7] !== 45) return null;
  const mo = digits(s, p + 5, 2);
  const d = digits(s, p + 8, 2);
  const sep = s[p + 10];
  if (sep !== 84 && sep !== 116 && sep !== 32) return null; // T t space
  const h = digits(s, p + 11, 2);
  if (s[p + 13] !== 58) return null;
  const mi = digits(s, p + 14, 2);
  if (mo < 1 || mo > 12 || d < 1 || d > (DAYS_IN_MONTH[mo - 1] ?? 0) || h < 0 || h > 23 || mi < 0 || mi > 59) return null;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return null;
  let i = p + 16;
  let sec = 0;
  let us = 0;
  if (s[i] === 58 && i < end) {
    sec = digits(s, i + 1, 2);
    if (sec < 0 || sec > 60 || i + 3 > end) return null; // 60: a leap second, carried into the next minute
    i += 3;
    const dot = s[i];
    if (i < end && (dot === 46 || dot === 44)) {
      // '.' or ',' (Python logging writes a comma)
      i++;
      let n = 0;
      let frac = 0;
      while (i < end) {
        const c = (s[i] ?? 0) - D0;
        if (c < 0 || c > 9) break;
        if (n < 6) frac = frac * 10 + c;
        n++;
        i++;
      }
      if (n === 0) return null;
      for (let k = n; k < 6; k++) frac *= 10;
      us = frac;
    }
  }
  let offsetMin = 0;
  if (i < end) {
    let j = i;
    if (s[j] === 32) j++; // "2025-09-07 13:34:00 +0000"
    const z = s[j];
    if ((z === 90 || z === 122) && j + 1 === end) offsetMin = 0;
    else if (z === 43 || z === 45) {
      const sign = z === 43 ? 1 : -1;
      const oh = digits(s, j + 1, 2);
      let om: number;
      let zEnd: number;
      if (s[j + 3] === 58) {
        om = digits(s, j + 4, 2);
        zEnd = j + 6;
      } else {
        om = digits(s, j + 3, 2);
        zEnd = j + 5;
      }
      if (oh < 0 || oh > 23 || om < 0 || om > 59 || zEnd !== end) return null;
      offsetMin = sign * (oh * 60 + om);
    } else return null;
  } else if (!assumeUtc) return null;
  const ms = minuteMs(y, mo, d, h, mi) + sec * 1000;
  return (ms - offsetMin * 60_000) * 1000 + us;
}

const scratch = new Uint8Array(64);

/** The same for a string (flags, normalized entries). */
export function parseTimestampUs(s: string, assumeUtc = false): number | null {
  const n = s.length;
  if (n > scratch.length) return null;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c > 127) return null;
    scratch[k] = c;
  }
  return parseTimestampBytes(scratch, 0, n, assumeUtc);
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** Epoch microseconds → `2025-09-07T13:34:00.733023Z`. */
export function formatUs(us: number): string {
  const ms = Math.floor(us / 1000);
  const rest = us - ms * 1000;
  const d = new Date(ms);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}` +
    `.${pad(d.getUTCMilliseconds(), 3)}${pad(rest, 3)}Z`
  );
}

/** Normalizes any accepted timestamp string to the canonical UTC form, or null. */
export function normalizeTimestamp(s: string): string | null {
  const us = parseTimestampUs(s);
  return us === null ? null : formatUs(us);
}

export const US_PER_MINUTE = 60_000_000;
export const US_PER_SECOND = 1_000_000;
