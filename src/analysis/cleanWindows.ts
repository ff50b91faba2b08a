import type { CoverageBucket, Finding, Gap, Interval } from '../model/index.js';
import { DEFAULT_MAX_GAP_US } from '../time/maxGap.js';
import { timedFindingsIn } from './byTime.js';
import { entryPoints, gapLength, gapsBetween, largestGap } from './coverage.js';
import { lowerBound, mergeSpans, subtractSpans, type Span } from './interval.js';

export interface CleanWindowOptions {
  /** Only windows at least this long are listed (streak and longest ignore it). Default 0: all. */
  minUs?: number;
  /** Max-gap in µs; null = none (a window with any entry counts as covered). */
  maxGapUs: number | null;
  /** Stretches whose read is in doubt (incomplete sources, see `doubtfulSpans`): never proven. */
  doubts?: readonly Span[];
  /** Which gaps each window lists; default max-gap, or 30m when max-gap is none. */
  reportGapsLongerThanUs?: number;
}

/**
 * A maximal half-open stretch [startUs, endUs) with no finding.
 *
 * A finding is an instant t: the window before it is [.., t) and the next one starts at t + 1µs,
 * so no window contains a finding and two findings 1µs apart leave nothing between them.
 */
export interface CleanWindow extends Interval {
  durationUs: number;
  /** Entries in the window (a lower bound where a finding splits a minute; see WindowCoverage). */
  entries: number;
  firstEntryUs: number | null;
  lastEntryUs: number | null;
  largestGap: Gap | null;
  /** Gaps longer than the report threshold, positions relative to this window. */
  gaps: Gap[];
  /**
   * The sub-windows that `verify` would accept as covered: entries, no gap longer than max-gap
   * (window edges included), no doubtful read. A run of entries proves up to max-gap beyond its
   * first and last entry — exactly as verify allows a gap of max-gap at a window's start and end.
   */
  provenStretches: Interval[];
  /** The whole window is one proven stretch. */
  proven: boolean;
  /** The finding just before the window (null when it starts at the range start). */
  previousFinding: Finding | null;
  /** The finding that ends the window (null when it reaches the range end). */
  nextFinding: Finding | null;
}

export interface CurrentStreak extends CleanWindow {
  /**
   * No finding in the whole range: the streak began at the range start or earlier, so its
   * length is a lower bound.
   */
  atLeast: boolean;
  /** Start of the proven stretch that reaches the range end (the proven part of the streak); null if none does. */
  provenSinceUs: number | null;
}

/**
 * The longest proven stretch in the range. Chosen over "the longest clean window that is proven
 * as a whole" because one gap in a 5-day clean window would otherwise hide the 3 proven days next
 * to it; this is the longest window for which `verify` (same max-gap) would find both zero
 * findings and proven coverage. Ties go to the most recent.
 */
export interface LongestWindow extends Interval {
  durationUs: number;
  /** The clean window it lies in. */
  windowStartUs: number;
  windowEndUs: number;
  /** It is that whole clean window (not cut short by a gap or doubtful read). */
  wholeWindow: boolean;
}

export interface CleanWindowsResult {
  range: Interval;
  windows: CleanWindow[];
  /** Findings in the range (timed). */
  findings: number;
  /** Untimed findings passed in: they cannot be placed, so windows ignore them — the caller should say so. */
  untimedFindings: number;
  currentStreak: CurrentStreak;
  longestWindow: LongestWindow | null;
}

interface Boundaries {
  /** Distinct finding instants in the range, sorted. */
  times: Float64Array;
  /** The earliest-id finding at each instant, aligned with `times`. */
  at: Finding[];
}

function boundaries(findings: readonly Finding[], range: Span): Boundaries {
  const times: number[] = [];
  const at: Finding[] = [];
  // Ordered by time then id: at an instant with several findings the first named is the smallest id.
  for (const f of timedFindingsIn(findings, range.startUs, range.endUs)) {
    const t = f.timestampUs as number;
    if (times.length && times[times.length - 1] === t) continue;
    times.push(t);
    at.push(f);
  }
  return { times: Float64Array.from(times), at };
}

/** Index of the clean window holding instant x, or -1 when x is a finding instant. */
function windowIndexOf(times: Float64Array, x: number): number {
  const i = lowerBound(times, x);
  return times[i] === x ? -1 : i;
}

function stretchesOf(points: ArrayLike<number>, lo: number, hi: number, w: Span, maxGapUs: number | null, doubts: Span[]): Span[] {
  if (hi <= lo) return [];
  const m = maxGapUs ?? Number.POSITIVE_INFINITY;
  const runs: Span[] = [];
  let runStart = points[lo] as number;
  for (let i = lo + 1; i <= hi; i++) {
    const prev = points[i - 1] as number;
    const cur = i < hi ? (points[i] as number) : Number.NaN;
    if (i === hi || cur - prev > m) {
      runs.push({ startUs: Math.max(w.startUs, runStart - m), endUs: Math.min(w.endUs, prev + m) });
      if (i < hi) runStart = cur;
    }
  }
  if (!doubts.length) return runs;
  return runs.flatMap((r) => subtractSpans(r, doubts));
}

/**
 * Clean windows in `range`: the maximal half-open intervals with zero findings (of the kinds the
 * caller selected — filtering is the caller's business), each with its coverage; the current
 * streak (the window that reaches `range.endUs`, possibly empty) and the longest proven stretch.
 */
export function cleanWindows(
  findings: readonly Finding[],
  coverage: readonly CoverageBucket[],
  range: Span,
  opts: CleanWindowOptions,
): CleanWindowsResult {
  if (!(range.endUs > range.startUs)) throw new RangeError('cleanWindows: the range must not be empty');
  const minUs = opts.minUs ?? 0;
  const reportOver = opts.reportGapsLongerThanUs ?? opts.maxGapUs ?? DEFAULT_MAX_GAP_US;
  const doubts = mergeSpans(opts.doubts ?? []);
  const { times, at } = boundaries(findings, range);
  const count = times.length + 1;

  // Entries per window: a minute wholly inside one window gives all its entries; a minute a
  // finding splits gives only its known first/last entries (lower bound).
  const entries = new Float64Array(count);
  for (const b of coverage) {
    const fIn = b.firstUs >= range.startUs && b.firstUs < range.endUs;
    const lIn = b.lastUs >= range.startUs && b.lastUs < range.endUs;
    const fi = fIn ? windowIndexOf(times, b.firstUs) : -1;
    const li = lIn ? windowIndexOf(times, b.lastUs) : -1;
    if (fi >= 0 && fi === li) entries[fi] = (entries[fi] as number) + b.entries;
    else {
      if (fi >= 0) entries[fi] = (entries[fi] as number) + 1;
      if (li >= 0 && b.lastUs !== b.firstUs) entries[li] = (entries[li] as number) + 1;
    }
  }

  const { points } = entryPoints(coverage, range);
  const windows: CleanWindow[] = [];
  let longest: LongestWindow | null = null;
  let last: CleanWindow | null = null;
  let p = 0;
  for (let j = 0; j < count; j++) {
    const w: Span = {
      startUs: j === 0 ? range.startUs : (times[j - 1] as number) + 1,
      endUs: j < times.length ? (times[j] as number) : range.endUs,
    };
    while (p < points.length && (points[p] as number) < w.startUs) p++;
    const lo = p;
    while (p < points.length && (points[p] as number) < w.endUs) p++;
    const hi = p;
    const isLast = j === count - 1;
    const durationUs = Math.max(0, w.endUs - w.startUs);
    if (durationUs === 0 && !isLast) continue;
    const stretches = durationUs > 0 ? stretchesOf(points, lo, hi, w, opts.maxGapUs, doubts) : [];
    for (const s of stretches) {
      const len = s.endUs - s.startUs;
      if (!longest || len >= longest.durationUs) {
        longest = {
          startUs: s.startUs,
          endUs: s.endUs,
          durationUs: len,
          windowStartUs: w.startUs,
          windowEndUs: w.endUs,
          wholeWindow: s.startUs === w.startUs && s.endUs === w.endUs,
        };
      }
    }
    if (durationUs < minUs && !isLast) continue;
    const allGaps = gapsBetween(points, w, lo, hi);
    const only = stretches[0];
    const cw: CleanWindow = {
      startUs: w.startUs,
      endUs: w.endUs,
      durationUs,
      entries: entries[j] as number,
      firstEntryUs: hi > lo ? (points[lo] as number) : null,
      lastEntryUs: hi > lo ? (points[hi - 1] as number) : null,
      largestGap: largestGap(allGaps),
      gaps: allGaps.filter((g) => gapLength(g) > reportOver),
      provenStretches: stretches.map((s) => ({ startUs: s.startUs, endUs: s.endUs })),
      proven: stretches.length === 1 && only !== undefined && only.startUs === w.startUs && only.endUs === w.endUs,
      previousFinding: j > 0 ? (at[j - 1] as Finding) : null,
      nextFinding: j < times.length ? (at[j] as Finding) : null,
    };
    if (durationUs >= minUs && durationUs > 0) windows.push(cw);
    if (isLast) last = cw;
  }

  const streakBase = last as CleanWindow;
  const tail = streakBase.provenStretches[streakBase.provenStretches.length - 1];
  const currentStreak: CurrentStreak = {
    ...streakBase,
    atLeast: times.length === 0,
    provenSinceUs: tail && tail.endUs === streakBase.endUs ? tail.startUs : null,
  };
  let inRange = 0;
  let untimedFindings = 0;
  for (const f of findings) {
    if (f.timestampUs === null) untimedFindings++;
    else if (f.timestampUs >= range.startUs && f.timestampUs < range.endUs) inRange++;
  }
  return {
    range: { startUs: range.startUs, endUs: range.endUs },
    windows,
    findings: inRange,
    untimedFindings,
    currentStreak,
    longestWindow: longest,
  };
}
