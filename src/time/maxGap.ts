import { UsageError } from '../util/errors.js';
import { formatDuration, parseDuration } from './duration.js';
import { US_PER_MINUTE } from './units.js';

export const DEFAULT_MAX_GAP_US = 30 * US_PER_MINUTE;

/**
 * Coverage is stored per minute with the exact first and last entry of each minute, so a silence
 * inside one minute (always < 1m) is invisible. A max-gap below one minute could therefore be
 * "met" by data that does not meet it: refuse it rather than risk a false CLEAN.
 */
export const MIN_MAX_GAP_US = US_PER_MINUTE;

/** `--max-gap`: a duration of at least 1m, or `none` (gaps are reported but do not decide the verdict) → null. */
export function parseMaxGap(text: string, what = '--max-gap'): number | null {
  if (text.trim().toLowerCase() === 'none') return null;
  const us = parseDuration(text, { what: `${what} (a duration like 30m, or none)` });
  if (us < MIN_MAX_GAP_US) {
    throw new UsageError(
      `${what}: ${formatDuration(us)} is below ${formatDuration(MIN_MAX_GAP_US)}; coverage is kept per minute, ` +
        `so shorter gaps cannot be checked (use 1m or more, or none)`,
    );
  }
  return us;
}
