import type { Span } from './interval.js';

/** `--since-revision` as resolved by the caller. */
export interface SinceRevision {
  /** What the user asked for: `latest` or a revision name. */
  requested: string;
  /** The revision it resolved to; null when no such revision is known for the service. */
  revision: string | null;
  /** The revision's first entry (µs); null when unknown. */
  firstSeenUs: number | null;
}

export interface WindowSpec {
  /** The window's end (exclusive): `--at`. */
  atUs: number;
  /** The required clean duration: `--clean`. */
  cleanUs: number;
  sinceRevision?: SinceRevision | null;
}

/**
 * The window a verdict judges, half-open [start, at).
 * - Without `--since-revision`: [at - clean, at).
 * - With it: [first entry of the revision, at) — longer than --clean when the revision is older
 *   (the claim is "clean since this revision", as DESIGN.md says); when the revision is first seen
 *   at or after `at`, the window is empty [at, at) and the verdict says the revision is too young.
 * - Revision unknown: [at - clean, at), only so that reports have a window to show; the verdict is
 *   INCONCLUSIVE whatever it holds.
 * Callers use this to know what to load; evaluateVerdict uses it again, so the two cannot disagree.
 */
export function verdictWindow(spec: WindowSpec): Span {
  if (!(spec.cleanUs > 0)) throw new RangeError(`verdictWindow: clean duration must be > 0 (got ${spec.cleanUs})`);
  const since = spec.sinceRevision;
  if (since && since.firstSeenUs !== null && since.revision !== null) {
    return { startUs: Math.min(since.firstSeenUs, spec.atUs), endUs: spec.atUs };
  }
  return { startUs: spec.atUs - spec.cleanUs, endUs: spec.atUs };
}
