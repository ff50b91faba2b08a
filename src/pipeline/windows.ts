import { cleanWindowsOfTimes, type CleanWindowSpan, type CleanWindowSpans, type CurrentStreakSpan, type LongestWindow } from '../analysis/cleanWindows.js';
import { windowCoverage } from '../analysis/coverage.js';
import type { Span } from '../analysis/interval.js';
import { assessSources, doubtfulSpans, type SourceDoubt } from '../analysis/sources.js';
import { timelineOfTimes, type TimelineCell } from '../analysis/timeline.js';
import { KINDS, type Finding, type Gap, type Kind } from '../model/index.js';
import type { HistoryStore } from '../store/historyStore.js';
import { DEFAULT_MAX_GAP_US } from '../time/maxGap.js';
import { US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_WEEK } from '../time/units.js';
import { UsageError } from '../util/errors.js';
import { chooseService } from './serviceChoice.js';

/** Without --from, the range reaches back at most this far (and no further than the service's first entry). */
export const DEFAULT_LOOKBACK_US = 7 * US_PER_DAY;
/** The timeline's cell when --bucket is not given: an hour, unless the range needs more than MAX_AUTO_CELLS of them. */
export const DEFAULT_BUCKET_US = US_PER_HOUR;
const AUTO_BUCKETS_US = [US_PER_HOUR, 2 * US_PER_HOUR, 3 * US_PER_HOUR, 6 * US_PER_HOUR, 12 * US_PER_HOUR, US_PER_DAY, US_PER_WEEK];
const MAX_AUTO_CELLS = 1000;
/** An explicit --bucket may ask for more cells, up to this (beyond it the strip is no longer "at a glance"). */
export const MAX_CELLS = 20_000;
/** Coverage is kept per minute: a smaller cell would claim a resolution the history does not have. */
export const MIN_BUCKET_US = US_PER_MINUTE;
export const DEFAULT_WINDOW_LIMIT = 50;

export interface WindowsRequest {
  service?: string;
  kinds: Kind[];
  /** --from; undefined: the service's first entry, but at most DEFAULT_LOOKBACK_US before `toUs`. */
  fromUs?: number;
  /** --to (default now, resolved by the caller). */
  toUs: number;
  /** --min; undefined: the bucket (a window shorter than one timeline cell cannot be seen in it anyway). */
  minUs?: number;
  maxGapUs: number | null;
  /** --bucket; undefined: an hour, or the smallest of AUTO_BUCKETS_US that keeps the strip ≤ MAX_AUTO_CELLS. */
  bucketUs?: number;
  /** At most this many windows are listed (the most recent). */
  limit: number;
}

/** A listed window with the findings that bound it (loaded for the listed windows only). */
export interface ListedWindow extends CleanWindowSpan {
  previousFinding: Finding | null;
  nextFinding: Finding | null;
}

export type RangeOrigin = 'flags' | 'history-start' | 'lookback';

export interface WindowsOutcome {
  service: string;
  kinds: Kind[];
  range: Span;
  /** Where the range start came from: --from, the service's first entry, or the 7-day lookback. */
  rangeOrigin: RangeOrigin;
  /** What the history holds of the service (first and last entry), for "nothing here" hints. */
  history: { firstUs: number; lastUs: number } | null;
  maxGapUs: number | null;
  minUs: number;
  minDefaulted: boolean;
  bucketUs: number;
  bucketDefaulted: boolean;
  /** Entries in the range (lower bound at cut minutes), its gaps longer than max-gap (or 30m), and the largest. */
  entries: number;
  gaps: Gap[];
  largestGap: Gap | null;
  findings: number;
  untimedFindings: number;
  windows: ListedWindow[];
  listing: CleanWindowSpans['listing'];
  currentStreak: CurrentStreakSpan & { previousFinding: Finding | null };
  longestWindow: LongestWindow | null;
  timeline: TimelineCell[];
  /** Sources read only in part (or with too many bad records) whose stretch no complete read covers. */
  doubts: SourceDoubt[];
}

function chooseBucket(range: Span, requested: number | undefined): { bucketUs: number; defaulted: boolean } {
  const cells = (b: number): number => Math.ceil((range.endUs - Math.floor(range.startUs / b) * b) / b);
  if (requested !== undefined) {
    if (requested < MIN_BUCKET_US) throw new UsageError('--bucket: at least 1m (coverage is kept per minute)');
    if (cells(requested) > MAX_CELLS) {
      throw new UsageError(`--bucket: ${cells(requested).toLocaleString('en-US')} cells over this range is too many (at most ${MAX_CELLS.toLocaleString('en-US')}); use a larger bucket or a shorter range`);
    }
    return { bucketUs: requested, defaulted: false };
  }
  const fit = AUTO_BUCKETS_US.find((b) => cells(b) <= MAX_AUTO_CELLS) ?? (AUTO_BUCKETS_US[AUTO_BUCKETS_US.length - 1] as number);
  if (cells(fit) > MAX_CELLS) throw new UsageError('the range is too long for a timeline; give a shorter --from/--to');
  return { bucketUs: fit, defaulted: true };
}

function chooseRange(store: HistoryStore, service: string, req: WindowsRequest): { range: Span; origin: RangeOrigin; history: WindowsOutcome['history'] } {
  const history = store.serviceSpan(service);
  if (req.fromUs !== undefined) {
    if (req.fromUs >= req.toUs) throw new UsageError('--from must lie before --to');
    return { range: { startUs: req.fromUs, endUs: req.toUs }, origin: 'flags', history };
  }
  const lookback = req.toUs - DEFAULT_LOOKBACK_US;
  // Starting before the first entry would only add "no data" that says nothing about the service.
  if (history && history.firstUs > lookback && history.firstUs < req.toUs) {
    return { range: { startUs: history.firstUs, endUs: req.toUs }, origin: 'history-start', history };
  }
  return { range: { startUs: lookback, endUs: req.toUs }, origin: 'lookback', history };
}

/**
 * store → analysis for `ssot-watch windows`: the clean windows of one service in a range, with
 * coverage, streak, longest window and a timeline. Only the instants of the findings are loaded
 * (a million of them is cheap; a million findings is not); the findings that bound the listed
 * windows are fetched one by one afterwards.
 */
export function windowsFromStore(store: HistoryStore, req: WindowsRequest): WindowsOutcome {
  const service = chooseService(store, req.service);
  const { range, origin, history } = chooseRange(store, service, req);
  const { bucketUs, defaulted: bucketDefaulted } = chooseBucket(range, req.bucketUs);
  const minUs = req.minUs ?? bucketUs;
  const kinds = req.kinds;
  // Every stored kind is one of KINDS: with all of them selected the kind filter is a no-op, and
  // leaving it out lets SQLite answer from the (service, time) index alone.
  const kindFilter = kinds.length === KINDS.length ? undefined : kinds;
  const base = { services: [service], ...(kindFilter ? { kinds: kindFilter } : {}) };

  const times = store.findingTimes({ ...base, fromUs: range.startUs, toUs: range.endUs });
  const untimedFindings = store.countFindings({ ...base, untimed: true });
  const coverage = store.coverage(service, range.startUs, range.endUs, { kinds });
  const assessment = assessSources(store.sources(service, range.startUs, range.endUs, { kinds }), range);
  const doubts = doubtfulSpans(assessment);

  const spans = cleanWindowsOfTimes(times, coverage, range, { maxGapUs: req.maxGapUs, minUs, doubts, maxListed: req.limit });
  const timeline = timelineOfTimes(times, coverage, range, bucketUs, { maxGapUs: req.maxGapUs, doubts });
  const whole = windowCoverage(coverage, range);
  // The gaps worth listing: over max-gap, or over the default when max-gap is none (as verify reports them).
  const reportOver = req.maxGapUs ?? DEFAULT_MAX_GAP_US;

  const at = new Map<number, Finding | null>();
  const findingAt = (us: number | null): Finding | null => {
    if (us === null) return null;
    if (!at.has(us)) at.set(us, store.findings({ ...base, fromUs: us, toUs: us + 1, limit: 1 })[0] ?? null);
    return at.get(us) ?? null;
  };
  return {
    service,
    kinds,
    range,
    rangeOrigin: origin,
    history,
    maxGapUs: req.maxGapUs,
    minUs,
    minDefaulted: req.minUs === undefined,
    bucketUs,
    bucketDefaulted,
    entries: whole.entries,
    gaps: whole.gaps.filter((g) => g.endUs - g.startUs > reportOver),
    largestGap: whole.largestGap,
    findings: spans.findings,
    untimedFindings,
    windows: spans.windows.map((w) => ({ ...w, previousFinding: findingAt(w.previousFindingUs), nextFinding: findingAt(w.nextFindingUs) })),
    listing: spans.listing,
    currentStreak: { ...spans.currentStreak, previousFinding: findingAt(spans.currentStreak.previousFindingUs) },
    longestWindow: spans.longestWindow,
    timeline,
    doubts: assessment.doubts,
  };
}
