import type { CoverageBucket, Finding, Interval, Kind } from '../model/index.js';
import { DEFAULT_MAX_GAP_US } from '../time/maxGap.js';
import { US_PER_HOUR } from '../time/units.js';
import { entryPoints, gapsBetween, gapLength } from './coverage.js';
import type { Span } from './interval.js';

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
}

const MAX_CELLS = 1_000_000;

/**
 * One cell per bucket (an hour by default) over `range`, for a strip where findings and gaps are
 * visible at a glance. Findings are the caller's selection (kinds, service); untimed ones are
 * skipped. Rendering is elsewhere; see `timelineString` for the compact form.
 */
export function timeline(
  findings: readonly Finding[],
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
  for (const f of findings) {
    if (f.timestampUs === null || !inRange(f.timestampUs)) continue;
    const c = cells[cellOf(f.timestampUs)] as TimelineCell;
    c.findings++;
    if (!c.kinds.includes(f.kind)) c.kinds.push(f.kind);
  }

  const maxGap = opts.maxGapUs === undefined ? DEFAULT_MAX_GAP_US : opts.maxGapUs;
  const bigGaps = maxGap === null ? [] : gapsBetween(entryPoints(coverage, range).points, range).filter((g) => gapLength(g) > maxGap);
  let g = 0;
  for (const c of cells) {
    c.kinds.sort();
    while (g < bigGaps.length && (bigGaps[g] as Span).endUs <= c.startUs) g++;
    const touchesGap = g < bigGaps.length && (bigGaps[g] as Span).startUs < c.endUs;
    if (c.findings > 0) c.state = 'finding';
    else if (c.entries === 0 && (maxGap === null || touchesGap)) c.state = 'nodata';
    else if (touchesGap) c.state = 'partial';
    else c.state = 'clean';
  }
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
