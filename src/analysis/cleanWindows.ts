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
  /**
   * List at most this many windows: the most recent of those at least `minUs` long (the others
   * are only counted, in `listing`). Streak and longest ignore it. Default: no limit. Only the
   * listed windows are built in full, so a range with a million findings stays cheap.
   */
  maxListed?: number;
}

/**
 * A maximal half-open stretch [startUs, endUs) with no finding, located by the findings' instants
 * only (see `cleanWindowsOfTimes`).
 *
 * A finding is an instant t: the window before it is [.., t) and the next one starts at t + 1µs,
 * so no window contains a finding and two findings 1µs apart leave nothing between them.
 */
export interface CleanWindowSpan extends Interval {
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
  /** Instant of the finding just before the window (null when it starts at the range start). */
  previousFindingUs: number | null;
  /** Instant of the finding that ends the window (null when it reaches the range end). */
  nextFindingUs: number | null;
}

/** A clean window with the findings that bound it. */
export interface CleanWindow extends CleanWindowSpan {
  /** The finding just before the window (null when it starts at the range start). */
  previousFinding: Finding | null;
  /** The finding that ends the window (null when it reaches the range end). */
  nextFinding: Finding | null;
}

/** What makes the window that reaches the range end a streak. */
export interface StreakFacts {
  /**
   * No finding in the whole range: the streak began at the range start or earlier, so its
   * length is a lower bound.
   */
  atLeast: boolean;
  /** Start of the proven stretch that reaches the range end (the proven part of the streak); null if none does. */
  provenSinceUs: number | null;
}

export type CurrentStreakSpan = CleanWindowSpan & StreakFacts;

export interface CurrentStreak extends CleanWindow, StreakFacts {}

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

/** How many clean windows there were, and why some are not listed. */
export interface WindowListing {
  /** Non-empty windows at least `minUs` long. */
  eligible: number;
  /** Non-empty windows shorter than `minUs` (not listed). */
  shorterThanMin: number;
  /** Eligible windows left out by `maxListed` (the earliest ones). */
  overLimit: number;
}

export interface CleanWindowSpans {
  range: Interval;
  windows: CleanWindowSpan[];
  /** Findings in the range (each instant passed counts, duplicates included). */
  findings: number;
  currentStreak: CurrentStreakSpan;
  longestWindow: LongestWindow | null;
  listing: WindowListing;
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
  listing: WindowListing;
}

/** The distinct instants of `times` inside the range, sorted, and how many instants (with repeats) lie there. */
function distinctIn(times: ArrayLike<number>, range: Span): { distinct: Float64Array; inRange: number } {
  // One pass for the usual case (the store hands them out sorted); anything else is sorted first.
  const out = new Float64Array(times.length);
  let n = 0;
  let inRange = 0;
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    if (t < prev) return distinctIn(Float64Array.from(times).sort(), range);
    prev = t;
    if (t < range.startUs || t >= range.endUs) continue;
    inRange++;
    if (n === 0 || out[n - 1] !== t) out[n++] = t;
  }
  return { distinct: out.subarray(0, n), inRange };
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
  // What is left of a run outside the doubtful reads must still hold an entry of its own: the
  // stretch max-gap past the last entry is proven by that entry, and if the entry's read is in
  // doubt, so is the stretch (verify would find no entry in it: INCONCLUSIVE).
  return runs.flatMap((r) => subtractSpans(r, doubts)).filter((piece) => {
    const i = lowerBound(points, piece.startUs);
    return i < hi && (points[i] as number) < piece.endUs;
  });
}

/**
 * Clean windows in `range` from the instants of the findings alone (µs, ascending is cheapest;
 * repeats allowed): the maximal half-open intervals with zero findings (of the kinds the caller
 * selected — filtering is the caller's business), each with its coverage; the current streak (the
 * window that reaches `range.endUs`, possibly empty) and the longest proven stretch. This is the
 * form for large histories: a store hands out a million instants far faster than a million
 * findings, and only the listed windows (`minUs`, `maxListed`) are built in full.
 */
export function cleanWindowsOfTimes(
  findingTimes: ArrayLike<number>,
  coverage: readonly CoverageBucket[],
  range: Span,
  opts: CleanWindowOptions,
): CleanWindowSpans {
  if (!(range.endUs > range.startUs)) throw new RangeError('cleanWindows: the range must not be empty');
  const minUs = opts.minUs ?? 0;
  const reportOver = opts.reportGapsLongerThanUs ?? opts.maxGapUs ?? DEFAULT_MAX_GAP_US;
  const doubts = mergeSpans(opts.doubts ?? []);
  const { distinct: times, inRange } = distinctIn(findingTimes, range);
  const count = times.length + 1;
  const nTimes = times.length;
  const rangeStart = range.startUs;
  const rangeEnd = range.endUs;

  // Which windows get listed: the last `maxListed` of the non-empty ones at least minUs long,
  // i.e. the eligible windows from index `firstListed` on. (Plain loops over typed arrays: this
  // runs once per finding, in a process that exits before the JIT would have warmed up.)
  let eligible = 0;
  let shorterThanMin = 0;
  for (let j = 0; j < count; j++) {
    const d = (j < nTimes ? (times[j] as number) : rangeEnd) - (j === 0 ? rangeStart : (times[j - 1] as number) + 1);
    if (d <= 0) continue;
    if (d >= minUs) eligible++;
    else shorterThanMin++;
  }
  const maxListed = opts.maxListed ?? Number.POSITIVE_INFINITY;
  const overLimit = Math.max(0, eligible - maxListed);
  // The listed ones are the last: walk back from the end until enough are found.
  let firstListed = count;
  for (let j = count - 1, found = 0; j >= 0 && found < eligible - overLimit; j--) {
    const d = (j < nTimes ? (times[j] as number) : rangeEnd) - (j === 0 ? rangeStart : (times[j - 1] as number) + 1);
    if (d > 0 && d >= minUs) {
      found++;
      firstListed = j;
    }
  }

  // Entries per window: a minute wholly inside one window gives all its entries; a minute a
  // finding splits gives only its known first/last entries (lower bound).
  const entries = new Float64Array(count);
  for (const b of coverage) {
    const fIn = b.firstUs >= rangeStart && b.firstUs < rangeEnd;
    const lIn = b.lastUs >= rangeStart && b.lastUs < rangeEnd;
    const fi = fIn ? windowIndexOf(times, b.firstUs) : -1;
    const li = lIn ? windowIndexOf(times, b.lastUs) : -1;
    if (fi >= 0 && fi === li) entries[fi] = (entries[fi] as number) + b.entries;
    else {
      if (fi >= 0) entries[fi] = (entries[fi] as number) + 1;
      if (li >= 0 && b.lastUs !== b.firstUs) entries[li] = (entries[li] as number) + 1;
    }
  }

  const { points } = entryPoints(coverage, range);
  const windows: CleanWindowSpan[] = [];
  let longest: LongestWindow | null = null;
  let last: CleanWindowSpan | null = null;
  let p = 0;
  // Windows that need a look: those holding an entry (they may hold the longest proven stretch),
  // the listed ones and the last (the streak). The others are jumped over, so the sweep costs
  // per entry point and per listed window, not per finding.
  const mustVisitFrom = Math.min(firstListed, count - 1);
  for (let j = 0; j < count; ) {
    const startUs = j === 0 ? rangeStart : (times[j - 1] as number) + 1;
    const endUs = j < nTimes ? (times[j] as number) : rangeEnd;
    while (p < points.length && (points[p] as number) < startUs) p++;
    const lo = p;
    while (p < points.length && (points[p] as number) < endUs) p++;
    const hi = p;
    const current = j;
    let next = j + 1;
    if (next < mustVisitFrom) {
      // The window holding the next entry point (or the first that must be visited).
      const k = p < points.length ? lowerBound(times, points[p] as number) : mustVisitFrom;
      next = Math.min(Math.max(next, k), mustVisitFrom);
    }
    j = next;
    const isLast = current === count - 1;
    const durationUs = Math.max(0, endUs - startUs);
    if (durationUs === 0 && !isLast) continue;
    const listed = current >= firstListed && durationUs > 0 && durationUs >= minUs;
    if (hi === lo && !listed && !isLast) continue;
    const w: Span = { startUs, endUs };
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
    if (!listed && !isLast) continue;
    const allGaps = gapsBetween(points, w, lo, hi);
    const only = stretches[0];
    const cw: CleanWindowSpan = {
      startUs: w.startUs,
      endUs: w.endUs,
      durationUs,
      entries: entries[current] as number,
      firstEntryUs: hi > lo ? (points[lo] as number) : null,
      lastEntryUs: hi > lo ? (points[hi - 1] as number) : null,
      largestGap: largestGap(allGaps),
      gaps: allGaps.filter((g) => gapLength(g) > reportOver),
      provenStretches: stretches.map((s) => ({ startUs: s.startUs, endUs: s.endUs })),
      proven: stretches.length === 1 && only !== undefined && only.startUs === w.startUs && only.endUs === w.endUs,
      previousFindingUs: current > 0 ? (times[current - 1] as number) : null,
      nextFindingUs: current < nTimes ? (times[current] as number) : null,
    };
    if (listed) windows.push(cw);
    if (isLast) last = cw;
  }

  const streakBase = last as CleanWindowSpan;
  const tail = streakBase.provenStretches[streakBase.provenStretches.length - 1];
  return {
    range: { startUs: range.startUs, endUs: range.endUs },
    windows,
    findings: inRange,
    currentStreak: {
      ...streakBase,
      atLeast: times.length === 0,
      provenSinceUs: tail && tail.endUs === streakBase.endUs ? tail.startUs : null,
    },
    longestWindow: longest,
    listing: { eligible, shorterThanMin, overLimit },
  };
}

/**
 * Clean windows of `findings` in `range` (see `cleanWindowsOfTimes`), each with the findings that
 * bound it: at an instant with several findings, the one with the smallest id.
 */
export function cleanWindows(
  findings: readonly Finding[],
  coverage: readonly CoverageBucket[],
  range: Span,
  opts: CleanWindowOptions,
): CleanWindowsResult {
  // Ordered by time then id: at an instant with several findings the first named is the smallest id.
  const timed = timedFindingsIn(findings, range.startUs, range.endUs);
  const firstAt = new Map<number, Finding>();
  for (const f of timed) if (!firstAt.has(f.timestampUs as number)) firstAt.set(f.timestampUs as number, f);
  const spans = cleanWindowsOfTimes(
    timed.map((f) => f.timestampUs as number),
    coverage,
    range,
    opts,
  );
  const withFindings = <W extends CleanWindowSpan>(w: W): W & Pick<CleanWindow, 'previousFinding' | 'nextFinding'> => ({
    ...w,
    previousFinding: w.previousFindingUs === null ? null : (firstAt.get(w.previousFindingUs) ?? null),
    nextFinding: w.nextFindingUs === null ? null : (firstAt.get(w.nextFindingUs) ?? null),
  });
  let untimedFindings = 0;
  for (const f of findings) if (f.timestampUs === null) untimedFindings++;
  return {
    range: spans.range,
    windows: spans.windows.map(withFindings),
    findings: spans.findings,
    untimedFindings,
    currentStreak: withFindings(spans.currentStreak),
    longestWindow: spans.longestWindow,
    listing: spans.listing,
  };
}
