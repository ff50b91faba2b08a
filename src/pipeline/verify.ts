import { evaluateVerdict, latestRevision, verdictWindow, type SinceRevision, type VerdictResult } from '../analysis/index.js';
import type { Kind } from '../model/index.js';
import type { HistoryStore } from '../store/historyStore.js';
import { UsageError } from '../util/errors.js';

/** One question: "has `service` been free of `kinds` for `clean` up to `at`?" */
export interface VerifySpec {
  /** A criterion's name (from --criteria), or null for a plain verify. */
  name: string | null;
  service?: string;
  kinds: Kind[];
  cleanUs: number;
  atUs: number;
  maxGapUs: number | null;
  /** `latest` or a revision name. */
  sinceRevision?: string;
  /**
   * The revision `sinceRevision` names and its exact first entry, when the caller knows them
   * better than the store (verify --project asks Cloud Logging; sampled coverage would not do).
   */
  revisionStart?: { revision: string | null; firstSeenUs: number | null };
}

export interface VerifyContext {
  store: HistoryStore;
  nowUs: number;
  strict: boolean;
  badRecordTolerance?: number;
}

export interface VerifyOutcome {
  spec: VerifySpec;
  result: VerdictResult;
  /** Things worth saying that are not reasons (e.g. the service is unknown to the store). */
  notes: string[];
  /** What verify --project read from Cloud Logging for this window. */
  pull?: { requests: number; pulled: { start: string; end: string; runId: number; complete: boolean }[]; reusedRuns: number[] };
}

/** The service a spec is about: the one named, or the only one the history holds. */
export function resolveService(store: HistoryStore, named: string | undefined): { service: string; notes: string[] } {
  const known = store.services();
  if (named !== undefined) {
    const notes =
      known.includes(named) || known.length === 0
        ? []
        : [`the history holds no entries of service "${named}" (it knows: ${known.join(', ')})`];
    return { service: named, notes };
  }
  if (known.length === 1) return { service: known[0]!, notes: [] };
  if (known.length === 0) return { service: '(none)', notes: ['the history holds no entries at all'] };
  throw new UsageError(`the data holds ${known.length} services (${known.join(', ')}): name one with --service`);
}

function sinceRevisionOf(store: HistoryStore, service: string, requested: string | undefined, atUs: number): SinceRevision | null {
  if (requested === undefined) return null;
  const revisions = store.revisions(service);
  const found =
    requested === 'latest' ? latestRevision(revisions, service, atUs) : (revisions.find((r) => r.revision === requested) ?? null);
  return { requested, revision: found?.revision ?? null, firstSeenUs: found?.firstUs ?? null };
}

/** store → analysis: loads what the window needs and asks for the verdict. */
export function verifyFromStore(ctx: VerifyContext, spec: VerifySpec): VerifyOutcome {
  const { service, notes } = resolveService(ctx.store, spec.service);
  const sinceRevision =
    spec.sinceRevision !== undefined && spec.revisionStart
      ? { requested: spec.sinceRevision, ...spec.revisionStart }
      : sinceRevisionOf(ctx.store, service, spec.sinceRevision, spec.atUs);
  const window = verdictWindow({ atUs: spec.atUs, cleanUs: spec.cleanUs, sinceRevision });
  const kinds = spec.kinds;
  const findings = [
    ...ctx.store.findings({ services: [service], kinds, fromUs: window.startUs, toUs: window.endUs }),
    ...ctx.store.findings({ services: [service], kinds, untimed: true }),
  ];
  const result = evaluateVerdict({
    service,
    kinds,
    atUs: spec.atUs,
    cleanUs: spec.cleanUs,
    sinceRevision,
    findings,
    coverage: ctx.store.coverage(service, window.startUs, window.endUs, { kinds }),
    sources: ctx.store.sources(service, window.startUs, window.endUs, { kinds }),
    maxGapUs: spec.maxGapUs,
    nowUs: ctx.nowUs,
    strict: ctx.strict,
    ...(ctx.badRecordTolerance !== undefined ? { badRecordTolerance: ctx.badRecordTolerance } : {}),
  });
  return { spec, result, notes };
}
