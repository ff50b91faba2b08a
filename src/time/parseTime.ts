import { UsageError } from '../util/errors.js';
import type { Clock } from './clock.js';
import { tryParseDuration } from './duration.js';
import { ACCEPTED_TIMES, parseIsoInstant } from './instant.js';

export interface TimeArgOptions {
  /** "Now" for `now`, `now-24h`, `24h`. */
  clock: Clock;
  /** The flag or field, for messages: `--from`. */
  what?: string;
  /**
   * What a bare duration (`24h`) means. `ago` for the start of a range (`--from 24h` = 24h ago).
   * `reject` for an end (`--at`, `--to`): `verify --at 24h` is far more likely a mix-up with
   * `--clean 24h` than a wish to judge the window that ended a day ago, and answering the wrong
   * window would be a verdict about something the user did not ask.
   */
  bareDuration: 'ago' | 'reject';
}

const RELATIVE = /^now\s*([+-])\s*(.+)$/i;

/**
 * Parses a time flag to µs since the epoch: ISO 8601 with zone, `now`, `now-90m`, `now+1h`,
 * `-24h` (= now-24h) and, where `bareDuration` is `ago`, `24h` (= now-24h).
 */
export function parseTimeArg(text: string, opts: TimeArgOptions): number {
  const s = text.trim();
  const prefix = opts.what ? `${opts.what}: ` : '';
  if (/^now$/i.test(s)) return opts.clock();
  const rel = RELATIVE.exec(s);
  if (rel) {
    const d = tryParseDuration(rel[2] as string);
    if ('error' in d) {
      throw new UsageError(`${prefix}"${s}": the part after now${rel[1]} is not a duration (${d.error}); e.g. now-24h, now-90m, now-1h30m`);
    }
    return rel[1] === '-' ? opts.clock() - d.us : opts.clock() + d.us;
  }
  if (s.startsWith('-')) {
    const d = tryParseDuration(s.slice(1));
    if ('us' in d) return opts.clock() - d.us;
  }
  const bare = tryParseDuration(s);
  if ('us' in bare) {
    if (opts.bareDuration === 'ago') return opts.clock() - bare.us;
    throw new UsageError(
      `${prefix}"${s}" is a duration, not a time; for ${s} ago write now-${s}` +
        `${opts.what === '--at' ? ` (the window length is --clean ${s})` : ''}`,
    );
  }
  if (/^\d+$/.test(s)) {
    throw new UsageError(`${prefix}"${s}" is a bare number; expected ${ACCEPTED_TIMES}${opts.bareDuration === 'ago' ? ', or a duration like 24h (= 24h ago)' : ''}`);
  }
  return parseIsoInstant(s, opts.what);
}

/** `--from`: a bare duration means that long ago. */
export function parseFromArg(text: string, clock: Clock, what = '--from'): number {
  return parseTimeArg(text, { clock, what, bareDuration: 'ago' });
}

/** `--to`: an end; a bare duration is refused (write now-2h). */
export function parseToArg(text: string, clock: Clock, what = '--to'): number {
  return parseTimeArg(text, { clock, what, bareDuration: 'reject' });
}

/** `--at`: the end of a verdict's window; a bare duration is refused (see TimeArgOptions). */
export function parseAtArg(text: string, clock: Clock, what = '--at'): number {
  return parseTimeArg(text, { clock, what, bareDuration: 'reject' });
}

/** A `--from`/`--to` pair as a half-open range; from must lie before to. */
export function parseRangeArgs(
  from: string,
  to: string,
  clock: Clock,
): { startUs: number; endUs: number } {
  // One reading of the clock, so `--from 24h --to now` is exactly 24h long.
  const now = clock();
  const fixed: Clock = () => now;
  const startUs = parseFromArg(from, fixed);
  const endUs = parseToArg(to, fixed);
  if (startUs >= endUs) throw new UsageError(`--from (${from}) must lie before --to (${to})`);
  return { startUs, endUs };
}
