/** Microsecond units: every instant and duration inside ssot-watch is an integer count of µs. */
export const US_PER_MS = 1_000;
export const US_PER_SECOND = 1_000_000;
export const US_PER_MINUTE = 60 * US_PER_SECOND;
export const US_PER_HOUR = 60 * US_PER_MINUTE;
export const US_PER_DAY = 24 * US_PER_HOUR;
export const US_PER_WEEK = 7 * US_PER_DAY;
