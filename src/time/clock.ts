/**
 * The one place that asks the machine what time it is. Everything else takes a `Clock`, so a test
 * can pin "now" and get the same answer every run.
 */
export type Clock = () => number;

/** Now in µs since the epoch (millisecond resolution is all Date offers; that is plenty for windows). */
export const systemClock: Clock = () => Date.now() * 1000;

/** A clock stopped at `us`: for tests, and for evaluating several criteria against one shared "now". */
export function fixedClock(us: number): Clock {
  return () => us;
}
