import type { CoverageBucket, Gap } from '../model/index.js';
import type { Span } from './interval.js';

/**
 * What the coverage says about one window.
 *
 * Gaps are measured exactly from the first/last entry of each minute: a gap is the stretch
 * between two consecutive known entries, or between a window bound and the nearest entry, and its
 * length is `endUs - startUs` (the bounds are those entries' times or the window's bounds). A
 * silence inside one minute cannot be seen (it is shorter than 1m), which is why max-gap has a
 * floor of 1m.
 */
export interface WindowCoverage {
  window: Span;
  /**
   * Entries in the window: exact for every minute the window holds whole; for a minute the window
   * cuts, only the entries known to be inside (its first and/or last), so the total is a lower
   * bound — evidence must never claim more than was seen.
   */
  entries: number;
  firstEntryUs: number | null;
  lastEntryUs: number | null;
  /** Every gap, in time order (length > 0). No entry at all: one gap with position `all`. */
  gaps: Gap[];
  /** The longest gap (the earliest of equals), or null when there is none. */
  largestGap: Gap | null;
}

/**
 * Known entry times inside `window`, sorted, with the entry count (see WindowCoverage.entries).
 * Exported for the sweeps in cleanWindows/timeline, which need the raw points.
 */
export function entryPoints(buckets: readonly CoverageBucket[], window: Span): { points: Float64Array; entries: number } {
  const pts: number[] = [];
  let entries = 0;
  const inside = (t: number): boolean => t >= window.startUs && t < window.endUs;
  for (const b of buckets) {
    const firstIn = inside(b.firstUs);
    const lastIn = inside(b.lastUs);
    if (firstIn) pts.push(b.firstUs);
    if (lastIn && b.lastUs !== b.firstUs) pts.push(b.lastUs);
    if (firstIn && lastIn) entries += b.entries;
    else entries += (firstIn ? 1 : 0) + (lastIn ? 1 : 0);
  }
  const points = Float64Array.from(pts).sort();
  return { points, entries };
}

/**
 * Gaps between sorted points and the window bounds (see WindowCoverage); `lo`/`hi` select the
 * points that lie in the window when `points` holds more (the sweep in cleanWindows).
 */
export function gapsBetween(points: ArrayLike<number>, window: Span, lo = 0, hi = points.length): Gap[] {
  if (hi <= lo) {
    return window.endUs > window.startUs ? [{ startUs: window.startUs, endUs: window.endUs, position: 'all' }] : [];
  }
  const gaps: Gap[] = [];
  const first = points[lo] as number;
  if (first > window.startUs) gaps.push({ startUs: window.startUs, endUs: first, position: 'start' });
  for (let i = lo + 1; i < hi; i++) {
    const a = points[i - 1] as number;
    const b = points[i] as number;
    if (b > a) gaps.push({ startUs: a, endUs: b, position: 'middle' });
  }
  const last = points[hi - 1] as number;
  if (window.endUs > last) gaps.push({ startUs: last, endUs: window.endUs, position: 'end' });
  return gaps;
}

export function gapLength(g: Pick<Gap, 'startUs' | 'endUs'>): number {
  return g.endUs - g.startUs;
}

/** The longest of `gaps` (the earliest among equals), or null. */
export function largestGap(gaps: readonly Gap[]): Gap | null {
  let best: Gap | null = null;
  for (const g of gaps) if (!best || gapLength(g) > gapLength(best)) best = g;
  return best;
}

/** Gaps longer than `maxGapUs` — strictly: a gap of exactly max-gap is allowed. `null` (max-gap none) → none count. */
export function gapsLongerThan(gaps: readonly Gap[], maxGapUs: number | null): Gap[] {
  if (maxGapUs === null) return [];
  return gaps.filter((g) => gapLength(g) > maxGapUs);
}

export function windowCoverage(buckets: readonly CoverageBucket[], window: Span): WindowCoverage {
  const { points, entries } = entryPoints(buckets, window);
  const gaps = gapsBetween(points, window);
  return {
    window: { startUs: window.startUs, endUs: window.endUs },
    entries,
    firstEntryUs: points.length ? (points[0] as number) : null,
    lastEntryUs: points.length ? (points[points.length - 1] as number) : null,
    gaps,
    largestGap: largestGap(gaps),
  };
}

/**
 * The stretches of `window` with no entry, measured exactly (see WindowCoverage), including
 * window start → first entry and last entry → window end; no entry at all → one gap `all`.
 * `longerThanUs` filters (strictly longer); without it every gap is returned, for reports.
 */
export function coverageGaps(
  buckets: readonly CoverageBucket[],
  window: Span,
  longerThanUs: number | null = null,
): Gap[] {
  const { points } = entryPoints(buckets, window);
  const gaps = gapsBetween(points, window);
  return longerThanUs === null ? gaps : gaps.filter((g) => gapLength(g) > longerThanUs);
}
