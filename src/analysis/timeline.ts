import type { CoverageBucket, Finding, Interval, Kind } from '../model/index.js';
import { DEFAULT_MAX_GAP_US } from '../time/maxGap.js';
import { US_PER_HOUR } from '../time/units.js';
import { entryPoints, gapsBetween, gapLength } from './coverage.js';
import { lowerBound, mergeSpans, type Span } from './interval.js';

/**
 * - `finding`: at least one finding in the cell (wins over everything: it is proof of a problem);
 * - `nodata`: no entry in the cell, and it lies in a gap longer than max-gap (or, with max-gap
 *   none, simply no entry);
 * - `partial`: entries, but part of the cell lies in a gap longer than max-gap;
 * - `clean`: covered, no finding.
 */
export type CellState = 'finding' | 'nodata' | 'partial' | 'clean';

export interface TimelineCell extends Interval {
  state: CellState;
  findings: number;
  kinds: Kind[];
  /** Known entries in the cell (a lower bound where the cell cuts a minute). */
  entries: number;
}

export interface TimelineOptions {
  /** Default 30m; null (max-gap none) marks only cells without any entry as no data. */
  maxGapUs?: number | null;
  /** `epoch` (default): cells on multiples of the bucket since the epoch (whole UTC hours), the first and last cut to the range. `range`: cells from the range start. */
  align?: 'epoch' | 'range';
  /**
   * Stretches whose read is in doubt (incomplete sources, see `doubtfulSpans`): a cell touching one
   * is at best `partial`, as cleanWindows never counts them as proven.
   */
  doubts?: readonly Span[];
}

const MAX_CELLS = 1_000_000;

/**
 * One cell per bucket (an hour by default) over `range`, for a strip where findings and gaps are
 * visible at a glance, from the instants of the findings alone (µs; see cleanWindowsOfTimes for
 * why): cells carry the count of findings, not their kinds. Rendering is elsewhere; see
 * `timelineString` for the compact form.
 */
export function timelineOfTimes(
  findingTimes: ArrayLike<number>,
  coverage: readonly CoverageBucket[],
  range: Span,
  bucketUs: number = US_PER_HOUR,
  opts: TimelineOptions = {},
): TimelineCell[] {
  if (!(bucketUs > 0)) throw new RangeError('timeline: bucket must be > 0');
  if (!(range.endUs > range.startUs)) return [];
  const origin = opts.align === 'range' ? range.startUs : Math.floor(range.startUs / bucketUs) * bucketUs;
  const n = Math.ceil((range.endUs - origin) / bucketUs);
  if (n > MAX_CELLS) throw new RangeError(`timeline: ${n} cells is too many; use a larger bucket`);
  const cells: TimelineCell[] = [];
  for (let i = 0; i < n; i++) {
    cells.push({
      startUs: Math.max(range.startUs, origin + i * bucketUs),
      endUs: Math.min(range.endUs, origin + (i + 1) * bucketUs),
      state: 'clean',
      findings: 0,
      kinds: [],
      entries: 0,
    });
  }
  const cellOf = (t: number): number => Math.floor((t - origin) / bucketUs);
  const inRange = (t: number): boolean => t >= range.startUs && t < range.endUs;

  for (const b of coverage) {
    const fIn = inRange(b.firstUs);
    const lIn = inRange(b.lastUs);
    if (fIn && lIn && cellOf(b.firstUs) === cellOf(b.lastUs)) {
      (cells[cellOf(b.firstUs)] as TimelineCell).entries += b.entries;
    } else {
      if (fIn) (cells[cellOf(b.firstUs)] as TimelineCell).entries += 1;
      if (lIn && b.lastUs !== b.firstUs) (cells[cellOf(b.lastUs)] as TimelineCell).entries += 1;
    }
  }
  for (let i = 0; i < findingTimes.length; i++) {
    const t = findingTimes[i] as number;
    if (inRange(t)) (cells[cellOf(t)] as TimelineCell).findings++;
  }

  const maxGap = opts.maxGapUs === undefined ? DEFAULT_MAX_GAP_US : opts.maxGapUs;
  const bigGaps = maxGap === null ? [] : gapsBetween(entryPoints(coverage, range).points, range).filter((g) => gapLength(g) > maxGap);
  const doubts = mergeSpans(opts.doubts ?? []);
  const doubtEnds = Float64Array.from(doubts.map((d) => d.endUs));
  let g = 0;
  for (const c of cells) {
    while (g < bigGaps.length && (bigGaps[g] as Span).endUs <= c.startUs) g++;
    const touchesGap = g < bigGaps.length && (bigGaps[g] as Span).startUs < c.endUs;
    const d = doubts[lowerBound(doubtEnds, c.startUs + 1)];
    const touchesDoubt = d !== undefined && d.startUs < c.endUs;
    if (c.findings > 0) c.state = 'finding';
    else if (c.entries === 0 && (maxGap === null || touchesGap)) c.state = 'nodata';
    else if (touchesGap || touchesDoubt) c.state = 'partial';
    else c.state = 'clean';
  }
  return cells;
}

/** The timeline of `findings` (see timelineOfTimes), each cell also naming the kinds found in it; untimed findings are skipped. */
export function timeline(
  findings: readonly Finding[],
  coverage: readonly CoverageBucket[],
  range: Span,
  bucketUs: number = US_PER_HOUR,
  opts: TimelineOptions = {},
): TimelineCell[] {
  const times: number[] = [];
  for (const f of findings) if (f.timestampUs !== null) times.push(f.timestampUs);
  const cells = timelineOfTimes(times, coverage, range, bucketUs, opts);
  if (cells.length === 0) return cells;
  const origin = opts.align === 'range' ? range.startUs : Math.floor(range.startUs / bucketUs) * bucketUs;
  for (const f of findings) {
    if (f.timestampUs === null || f.timestampUs < range.startUs || f.timestampUs >= range.endUs) continue;
    const c = cells[Math.floor((f.timestampUs - origin) / bucketUs)] as TimelineCell;
    if (!c.kinds.includes(f.kind)) c.kinds.push(f.kind);
  }
  for (const c of cells) c.kinds.sort();
  return cells;
}

/** One character per cell. */
export const TIMELINE_LEGEND: Readonly<Record<CellState, string>> = {
  finding: 'X',
  partial: '~',
  nodata: '?',
  clean: '.',
};

/** `X` finding(s) · `~` partly covered (gap longer than max-gap) · `?` no data · `.` clean and covered. */
export const TIMELINE_LEGEND_TEXT = 'X finding  ~ partly covered  ? no data  . clean';

/** The cells as a strip, e.g. `....X..~??~...`. */
export function timelineString(cells: readonly Pick<TimelineCell, 'state'>[]): string {
  return cells.map((c) => TIMELINE_LEGEND[c.state]).join('');
}
