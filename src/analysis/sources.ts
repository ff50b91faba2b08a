import type { SourceRef } from '../model/index.js';
import { intersect, subtractSpans, type Span } from './interval.js';

export const DEFAULT_BAD_RECORD_TOLERANCE = 0.001;

export interface ReadPolicy {
  /** Bad records allowed per entry read, e.g. 0.001 = one per thousand. Default 0.001. */
  badRecordTolerance?: number;
  /** `--strict`: any bad record counts. */
  strict?: boolean;
}

/**
 * The time a source speaks for, half-open. A pull (or tail) was asked for a half-open range; a
 * file speaks for its first..last entry, both included, hence `+ 1`. A missing bound is unbounded:
 * an incomplete source whose range is unknown casts doubt on all of time, and a complete one with
 * an unknown range can vouch for nothing (see `vouchSpan`).
 */
export function sourceSpan(s: SourceRef): Span {
  const start = s.rangeStartUs ?? s.firstUs;
  const end = s.rangeEndUs ?? s.lastUs;
  const closedEnd = s.kind === 'file' || s.kind === 'stdin';
  return {
    startUs: start ?? Number.NEGATIVE_INFINITY,
    endUs: end === null ? Number.POSITIVE_INFINITY : closedEnd ? end + 1 : end,
  };
}

export function badRecordsOverTolerance(s: SourceRef, policy: ReadPolicy = {}): boolean {
  if (s.badRecords === 0) return false;
  if (policy.strict) return true;
  const tolerance = policy.badRecordTolerance ?? DEFAULT_BAD_RECORD_TOLERANCE;
  // A ratio of the entries read; a source with bad records and no good entry is over any tolerance.
  return s.badRecords > tolerance * s.entries;
}

/** A source that read everything in its range: complete, bad records within tolerance. */
export function isSound(s: SourceRef, policy: ReadPolicy = {}): boolean {
  return s.complete && !badRecordsOverTolerance(s, policy);
}

/** The span a sound source vouches for; null when it has no known range (it vouches for nothing). */
function vouchSpan(s: SourceRef): Span | null {
  const span = sourceSpan(s);
  return Number.isFinite(span.startUs) && Number.isFinite(span.endUs) && span.endUs > span.startUs ? span : null;
}

export interface SourceDoubt {
  source: SourceRef;
  code: 'incomplete_source' | 'bad_records';
  /** The part of the window this source speaks for (clipped): what it casts doubt on. */
  span: Span;
  /** What of `span` no sound source covers, in order; non-empty (else it is superseded). */
  uncovered: Span[];
}

export interface SupersededSource {
  source: SourceRef;
  code: 'incomplete_source' | 'bad_records';
  span: Span;
  /** The sound sources whose ranges together cover `span`. */
  by: SourceRef[];
}

export interface SourceAssessment {
  doubts: SourceDoubt[];
  superseded: SupersededSource[];
}

/**
 * Which sources make a window's data doubtful.
 *
 * A source that was not read to its end, or lost more records than tolerated, may have missed
 * entries — findings or coverage — in the range it speaks for. That doubt is lifted where sound
 * sources (complete, within tolerance) cover the same time: the store holds the union of every
 * run's entries, so if one run read a stretch completely, nothing of that stretch is missing,
 * whatever another run dropped. Order does not matter (an earlier complete read covers as well as
 * a later one). The caller must pass only sources that carry this service's logs: a complete
 * export of another service must not vouch for this one.
 */
export function assessSources(sources: readonly SourceRef[], window: Span, policy: ReadPolicy = {}): SourceAssessment {
  const sound = sources.filter((s) => isSound(s, policy));
  const soundSpans = sound.map((s) => ({ s, span: vouchSpan(s) })).filter((x): x is { s: SourceRef; span: Span } => x.span !== null);
  const doubts: SourceDoubt[] = [];
  const superseded: SupersededSource[] = [];
  for (const s of sources) {
    const codes: Array<SourceDoubt['code']> = [];
    if (!s.complete) codes.push('incomplete_source');
    if (badRecordsOverTolerance(s, policy)) codes.push('bad_records');
    if (codes.length === 0) continue;
    const span = intersect(sourceSpan(s), window);
    if (!span) continue; // it did not feed this window
    const uncovered = subtractSpans(
      span,
      soundSpans.map((x) => x.span),
    );
    for (const code of codes) {
      if (uncovered.length) doubts.push({ source: s, code, span, uncovered });
      else {
        const by = soundSpans.filter((x) => intersect(x.span, span) !== null).map((x) => x.s);
        superseded.push({ source: s, code, span, by });
      }
    }
  }
  return { doubts, superseded };
}

/** The merged stretches of `window` whose read is in doubt, for cleanWindows' `doubts` option. */
export function doubtfulSpans(assessment: SourceAssessment): Span[] {
  return assessment.doubts.flatMap((d) => d.uncovered);
}
