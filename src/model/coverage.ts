import { z } from 'zod';

/**
 * Entries of one service seen in one minute. `firstUs`/`lastUs` keep the exact first and last
 * entry times, so gaps are measured to the microsecond, not rounded to minutes. `entries` is a
 * lower bound when the coverage came from sampling (probes) rather than reading every entry.
 */
export const CoverageBucketSchema = z.object({
  /** Minutes since the Unix epoch (UTC). */
  minute: z.number().int(),
  entries: z.number().int().positive(),
  firstUs: z.number().int(),
  lastUs: z.number().int(),
});
export type CoverageBucket = z.infer<typeof CoverageBucketSchema>;

/** A stretch of a window with no entry at all, half-open [startUs, endUs). */
export const GapSchema = z.object({
  startUs: z.number().int(),
  endUs: z.number().int(),
  /** Where the gap lies: before the first entry of the window, between entries, after the last. */
  position: z.enum(['start', 'middle', 'end', 'all']),
});
export type Gap = z.infer<typeof GapSchema>;

/** A half-open interval [startUs, endUs). */
export const IntervalSchema = z.object({ startUs: z.number().int(), endUs: z.number().int() });
export type Interval = z.infer<typeof IntervalSchema>;

export function minuteOf(us: number): number {
  return Math.floor(us / 60_000_000);
}
