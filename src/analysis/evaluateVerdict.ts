import type { CoverageBucket, Finding, Gap, Kind, Reason, SourceRef, Verdict } from '../model/index.js';
import { DEFAULT_MAX_GAP_US, MIN_MAX_GAP_US } from '../time/maxGap.js';
import { timedFindingsIn } from './byTime.js';
import { gapsLongerThan, windowCoverage } from './coverage.js';
import { intersect } from './interval.js';
import { assessSources, DEFAULT_BAD_RECORD_TOLERANCE, sourceSpan, type ReadPolicy, type SupersededSource } from './sources.js';
import {
  cleanReason,
  doubtReason,
  findingReasons,
  gapReason,
  MAX_GAP_REASONS,
  moreGapsReason,
  noEntriesReason,
  noSourceReason,
  revisionTooYoungReason,
  revisionUnknownReason,
  untimedReason,
  windowInFutureReason,
} from './verdictReasons.js';
import { verdictWindow, type SinceRevision, type WindowSpec } from './window.js';

export interface VerdictInput extends WindowSpec, ReadPolicy {
  service: string;
  kinds: readonly Kind[];
  /**
   * Findings of this service and of the selected kinds — filtering by service and kind is the
   * caller's business; everything passed here counts. Any time: those outside the window are
   * dropped here, so the boundaries live in one place. Untimed findings (timestampUs null) are
   * passed here too (see `untimedFindings` in the result).
   */
  findings: readonly Finding[];
  /** This service's per-minute coverage, at least for the window (more is harmless). */
  coverage: readonly CoverageBucket[];
  /** The sources that carry this service's logs and may have fed the window. */
  sources: readonly SourceRef[];
  /** `--max-gap` in µs (≥ 1m); null = `none`: gaps are reported but do not make the verdict. */
  maxGapUs: number | null;
  /** Now, to tell a window that ends in the future; omit to skip that check. */
  nowUs?: number | null;
  /** Which gaps `gaps` lists; default max-gap, or 30m when max-gap is none. */
  reportGapsLongerThanUs?: number;
}

/** A Verdict (the model's shape) plus what the renderers need to explain it. */
export interface VerdictResult extends Verdict {
  cleanUs: number;
  maxGapUs: number | null;
  /** The longest gap in the window, whether or not it counts. */
  largestGap: Gap | null;
  sinceRevision: SinceRevision | null;
  /** Untimed findings that may lie in the window (they make it INCONCLUSIVE, never DIRTY). */
  untimedFindings: Finding[];
  /** Sources read only in part whose range complete sources cover (no reason; named in the clean reason). */
  superseded: SupersededSource[];
}

/**
 * An untimed finding counts when it came from one of the window's sources, or when its source is
 * not recorded (it might be from anywhere). One from a source that did not feed this window is
 * someone else's problem: it would otherwise make every later verdict INCONCLUSIVE forever.
 */
function relevantUntimed(findings: readonly Finding[], fedNames: ReadonlySet<string>): Finding[] {
  return findings.filter((f) => f.timestampUs === null && (!f.source || fedNames.has(f.source.name)));
}

/**
 * The verdict for one window, with every reason:
 * - DIRTY when a finding lies in [start, end) (one at `start` is in, one at `end` is out);
 * - otherwise INCONCLUSIVE when anything leaves the window unproven: --since-revision unknown or
 *   younger than --clean, no entry at all, a gap longer than max-gap (incl. window start → first
 *   entry and last entry → window end), a window ending after now, a source read only in part or
 *   with too many bad records (unless sound sources cover its range), untimed findings, or entries
 *   whose source is not known;
 * - otherwise CLEAN, with a reason saying what was proven.
 * A DIRTY verdict lists the findings first and then any other doubts, for the record.
 */
export function evaluateVerdict(input: VerdictInput): VerdictResult {
  if (input.maxGapUs !== null && input.maxGapUs < MIN_MAX_GAP_US) {
    throw new RangeError(`evaluateVerdict: maxGapUs ${input.maxGapUs} is below 1 minute, the resolution of coverage`);
  }
  const window = verdictWindow(input);
  const since = input.sinceRevision ?? null;
  const nowUs = input.nowUs ?? null;
  const policy = {
    strict: input.strict ?? false,
    tolerance: input.badRecordTolerance ?? DEFAULT_BAD_RECORD_TOLERANCE,
  };
  const cov = windowCoverage(input.coverage, window);
  const reportOver = input.reportGapsLongerThanUs ?? input.maxGapUs ?? DEFAULT_MAX_GAP_US;
  const base = {
    startUs: window.startUs,
    endUs: window.endUs,
    service: input.service,
    kinds: [...input.kinds],
    entries: cov.entries,
    gaps: gapsLongerThan(cov.gaps, reportOver),
    sources: [...input.sources],
    cleanUs: input.cleanUs,
    maxGapUs: input.maxGapUs,
    largestGap: cov.largestGap,
    sinceRevision: since,
  };

  if (since && (since.revision === null || since.firstSeenUs === null)) {
    // Without the revision there is no window to judge; showing findings of another window as
    // the answer would mislead, so nothing else is listed.
    return {
      ...base,
      verdict: 'INCONCLUSIVE',
      findings: [],
      reasons: [revisionUnknownReason(input.service, since, window.endUs)],
      untimedFindings: [],
      superseded: [],
    };
  }

  const inWindow = timedFindingsIn(input.findings, window.startUs, window.endUs);
  const fed = input.sources.filter((s) => intersect(sourceSpan(s), window) !== null);
  const untimed = relevantUntimed(input.findings, new Set(fed.map((s) => s.name)));
  const assessment = assessSources(input.sources, window, input);
  const windowLength = window.endUs - window.startUs;

  const doubts: Reason[] = [];
  if (since && windowLength < input.cleanUs) doubts.push(revisionTooYoungReason(since, window, input.cleanUs));
  if (windowLength > 0 && cov.entries === 0) {
    doubts.push(noEntriesReason(input.service, window));
  } else if (input.maxGapUs !== null) {
    const over = gapsLongerThan(cov.gaps, input.maxGapUs);
    for (const g of over.slice(0, MAX_GAP_REASONS)) doubts.push(gapReason(g, window, input.maxGapUs, nowUs));
    if (over.length > MAX_GAP_REASONS) doubts.push(moreGapsReason(over.slice(MAX_GAP_REASONS), input.maxGapUs));
  }
  if (nowUs !== null && window.endUs > nowUs) doubts.push(windowInFutureReason(window, nowUs));
  for (const d of assessment.doubts) doubts.push(doubtReason(d, policy));
  if (cov.entries > 0 && fed.length === 0) doubts.push(noSourceReason(input.service, cov.entries));
  if (untimed.length) doubts.push(untimedReason(untimed));

  const common = { ...base, findings: inWindow, untimedFindings: untimed, superseded: assessment.superseded };
  if (inWindow.length) {
    return { ...common, verdict: 'DIRTY', reasons: [...findingReasons(inWindow, window), ...doubts] };
  }
  if (doubts.length) return { ...common, verdict: 'INCONCLUSIVE', reasons: doubts };
  const clean = cleanReason({
    service: input.service,
    kinds: input.kinds,
    window,
    entries: cov.entries,
    largestGap: cov.largestGap,
    maxGapUs: input.maxGapUs,
    fed,
    superseded: assessment.superseded,
    sinceRevision: since,
  });
  return { ...common, verdict: 'CLEAN', reasons: [clean] };
}
