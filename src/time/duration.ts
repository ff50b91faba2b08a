import { UsageError } from '../util/errors.js';
import { US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_MS, US_PER_SECOND, US_PER_WEEK } from './units.js';

/** Units a duration may use, largest first; a duration names each at most once, in this order. */
const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['w', US_PER_WEEK],
  ['d', US_PER_DAY],
  ['h', US_PER_HOUR],
  ['m', US_PER_MINUTE],
  ['s', US_PER_SECOND],
  ['ms', US_PER_MS],
];

const ACCEPTED = 'a number with a unit: 90s, 90m, 24h, 2d, 1w, or combined like 1h30m (units w d h m s ms)';

// `ms` before `m` so that "500ms" is not read as 500 minutes followed by junk.
const PART = /(\d+)(ms|w|d|h|m|s)/y;

export interface DurationOptions {
  /** Which flag or field the text came from, for the error message (e.g. `--clean`). */
  what?: string;
  /** Accept `0s` and friends; off by default because a zero window or zero gap is a mistake. */
  allowZero?: boolean;
}

/** Returns the µs of `text`, or the reason it is not a duration. Never throws. */
export function tryParseDuration(text: string): { us: number } | { error: string } {
  // Spaces between parts are allowed so that what formatDuration prints ("1h 30m") reads back.
  const s = text.trim().replace(/\s+/g, '');
  if (s === '') return { error: 'empty' };
  if (/^\d+$/.test(s)) return { error: `"${s}" has no unit` };
  let total = 0;
  let lastRank = -1;
  let pos = 0;
  while (pos < s.length) {
    PART.lastIndex = pos;
    const m = PART.exec(s);
    if (!m) return { error: `cannot read "${s.slice(pos)}" in "${s}"` };
    const unit = m[2] as string;
    const rank = UNITS.findIndex(([u]) => u === unit);
    if (rank <= lastRank) return { error: `"${s}" repeats a unit or puts a smaller one first` };
    lastRank = rank;
    total += Number(m[1]) * (UNITS[rank] as readonly [string, number])[1];
    pos = PART.lastIndex;
  }
  if (!Number.isSafeInteger(total)) return { error: `"${s}" is too long` };
  return { us: total };
}

/** Parses `90s`, `90m`, `24h`, `2d`, `1w`, `1h30m`, `500ms` to µs; anything else is a UsageError. */
export function parseDuration(text: string, opts: DurationOptions = {}): number {
  const r = tryParseDuration(text);
  const what = opts.what ? `${opts.what}: ` : '';
  if ('error' in r) throw new UsageError(`${what}invalid duration (${r.error}); expected ${ACCEPTED}`);
  if (r.us === 0 && !opts.allowZero) throw new UsageError(`${what}the duration must be longer than zero (got "${text.trim()}")`);
  return r.us;
}

const HUMAN_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', US_PER_DAY],
  ['h', US_PER_HOUR],
  ['m', US_PER_MINUTE],
  ['s', US_PER_SECOND],
];

/**
 * A duration for humans: the largest unit and the next one ("2d 4h", "3h 12m", "45s", "1m 5s");
 * below a second "350ms" or "12µs". Days only from 48h on: "24h" and "36h" read as people write
 * --clean, "1d 12h" does not. Truncated, never rounded up, so a shown gap is never longer
 * than the real one. `exact` lists every non-zero unit down to µs ("30m 1µs") — for messages
 * where two values would otherwise print the same (a gap of max-gap + 1µs).
 */
export function formatDuration(us: number, opts: { exact?: boolean } = {}): string {
  if (!Number.isFinite(us)) return String(us);
  if (us < 0) return `-${formatDuration(-us, opts)}`;
  us = Math.floor(us);
  if (opts.exact) {
    const parts: string[] = [];
    let rest = us;
    for (const [name, size] of [...HUMAN_UNITS, ['ms', US_PER_MS] as const, ['µs', 1] as const]) {
      const n = Math.floor(rest / size);
      rest -= n * size;
      if (n > 0) parts.push(`${n}${name}`);
    }
    return parts.length ? parts.join(' ') : '0s';
  }
  if (us < US_PER_MS) return us === 0 ? '0s' : `${us}µs`;
  if (us < US_PER_SECOND) return `${Math.floor(us / US_PER_MS)}ms`;
  for (let i = 0; i < HUMAN_UNITS.length; i++) {
    const [name, size] = HUMAN_UNITS[i] as readonly [string, number];
    if (us < (name === 'd' ? 2 * size : size)) continue;
    const whole = Math.floor(us / size);
    const next = HUMAN_UNITS[i + 1];
    if (!next) return `${whole}${name}`;
    const sub = Math.floor((us - whole * size) / next[1]);
    return sub > 0 ? `${whole}${name} ${sub}${next[0]}` : `${whole}${name}`;
  }
  return '0s';
}
