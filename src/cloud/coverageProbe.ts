import type { OrderBy } from './client.js';
import type { TimeRange } from './filters.js';

/**
 * Coverage without reading every entry: a handful of one-entry queries per max-gap that find
 * every silence longer than max-gap and measure it exactly.
 *
 * Over [S, E) with max gap G (all in µs; an entry's µs is its timestamp cut to the µs):
 *   first  — the first entry ≥ S (asc). None: the range holds no entry at all.
 *   step   — the LAST entry in (cur, cur+G] (desc). Found: cur = it. None: the next entry is more
 *            than G after cur — a gap longer than G starts at cur: `jump` measures it.
 *   jump   — the first entry > cur+G (asc): the entry that ends the gap, so the gap [cur, it) is
 *            exact. None: nothing follows cur before E — cur is the last entry.
 *   last   — once cur+G reaches E: the last entry in (cur, E) (desc), so the end gap is exact too —
 *            which keeps gaps exact across the seam where this range meets the next pull's.
 *
 * Why it is exact: every point stored is a real entry. Two consecutive points p < p' either lie
 * at most G apart (a `step`), so no silence inside them can exceed G, or (`jump`) nothing lies
 * between them at all, so [p, p') IS a silence, measured to the µs. The first and the last entry
 * of the range are points. Hence the gaps longer than G computed from the points are exactly the
 * real ones, at every max-gap ≥ G (a shorter max-gap may see false gaps: INCONCLUSIVE, never a false
 * CLEAN). Adding more real entries (other runs, exports) never breaks this: a real entry cannot
 * lie inside a real silence.
 *
 * Cost, whatever the volume (T = E−S): two successful steps in a row advance more than G (the
 * second finds an entry past the first one's window, which was empty after its point), and a
 * failed step plus its jump advance more than G. So a range with no silence over G — the only kind
 * that can be CLEAN — takes at most 2·⌈T/G⌉+2 queries (dense logs: about T/G+2, 50 for a day at
 * 30m), and any range at most 3·⌈T/G⌉+2. Empty pages that carry a token add their own requests.
 */
export type ProbePhase = 'first' | 'step' | 'jump' | 'last' | 'done';

export interface ProbeCursor {
  phase: ProbePhase;
  /** The last point found (µs), once `first` found one. */
  cur: number | null;
}

export interface ProbeQuery {
  orderBy: OrderBy;
  /** Half-open µs bounds of the query. */
  range: TimeRange;
}

export const PROBE_START: ProbeCursor = Object.freeze({ phase: 'first', cur: null });

/** Where `step` turns into `last`: once a step would reach the range's end. */
function settle(c: ProbeCursor, range: TimeRange, maxGapUs: number): ProbeCursor {
  if (c.phase !== 'step' || c.cur === null) return c;
  if (c.cur + 1 >= range.endUs) return { phase: 'done', cur: c.cur };
  if (c.cur + maxGapUs + 1 >= range.endUs) return { phase: 'last', cur: c.cur };
  return c;
}

/** The query the cursor asks next, or null when the probing of this range is finished. */
export function probeQuery(c: ProbeCursor, range: TimeRange, maxGapUs: number): ProbeQuery | null {
  const s = settle(c, range, maxGapUs);
  const cur = s.cur ?? range.startUs;
  switch (s.phase) {
    case 'first':
      return { orderBy: 'timestamp asc', range };
    case 'step':
      // (cur, cur+G] in whole µs: [cur+1, cur+G+1).
      return { orderBy: 'timestamp desc', range: { startUs: cur + 1, endUs: cur + maxGapUs + 1 } };
    case 'jump':
      return { orderBy: 'timestamp asc', range: { startUs: cur + maxGapUs + 1, endUs: range.endUs } };
    case 'last':
      return { orderBy: 'timestamp desc', range: { startUs: cur + 1, endUs: range.endUs } };
    case 'done':
      return null;
  }
}

/** The cursor after the current query answered: `found` is the entry's µs, or null for none. */
export function advanceProbe(c: ProbeCursor, found: number | null, range: TimeRange, maxGapUs: number): ProbeCursor {
  const s = settle(c, range, maxGapUs);
  let next: ProbeCursor;
  switch (s.phase) {
    case 'first':
      next = found === null ? { phase: 'done', cur: null } : { phase: 'step', cur: found };
      break;
    case 'step':
      next = found === null ? { phase: 'jump', cur: s.cur } : { phase: 'step', cur: found };
      break;
    case 'jump':
      next = found === null ? { phase: 'done', cur: s.cur } : { phase: 'step', cur: found };
      break;
    case 'last':
    case 'done':
      next = { phase: 'done', cur: found ?? s.cur };
      break;
  }
  return settle(next, range, maxGapUs);
}

/**
 * A `step` answered without a request: when entries already read (by the findings query) lie in
 * (cur, cur+G], the latest of them known is as good a next point as the last entry there — every
 * point is still a real entry within G of the previous one, so exactness holds; and the steps that
 * do cost a request still take the real last entry, so the cost bounds hold. `knownIn(lo, hi)`
 * returns a known entry time in [lo, hi) (preferably late), or null. Returns the advanced cursor
 * and the point, or null when the next query cannot be answered from what is known.
 */
export function stepFromKnown(
  c: ProbeCursor,
  range: TimeRange,
  maxGapUs: number,
  knownIn: (loUs: number, hiUs: number) => number | null,
): { cursor: ProbeCursor; point: number } | null {
  const s = settle(c, range, maxGapUs);
  if (s.phase !== 'step' || s.cur === null) return null;
  const q = probeQuery(s, range, maxGapUs)!;
  const k = knownIn(q.range.startUs, q.range.endUs);
  if (k === null || k < q.range.startUs || k >= q.range.endUs) return null;
  return { cursor: advanceProbe(s, k, range, maxGapUs), point: k };
}

/** Bounds on the number of probe queries for one service over `range` (empty pages not counted). */
export function probeBudget(range: TimeRange, maxGapUs: number): { dense: number; noGaps: number; worst: number } {
  const steps = Math.ceil((range.endUs - range.startUs) / maxGapUs);
  return { dense: steps + 2, noGaps: 2 * steps + 2, worst: 3 * steps + 2 };
}
