import { verdictWindow } from '../analysis/window.js';
import type { ApiFailure } from '../cloud/apiErrors.js';
import type { LoggingApi } from '../cloud/client.js';
import { latestRevisionOf } from '../cloud/latestRevision.js';
import { ApiRequestError, ApiRequester, type RequestPolicy } from '../cloud/requester.js';
import { firstEntryOfRevision } from '../cloud/revisionStart.js';
import { formatUs } from '../model/index.js';
import type { HistoryStore } from '../store/historyStore.js';
import { UsageError } from '../util/errors.js';
import { ensurePulled } from './ensurePulled.js';
import type { PullProgress } from './pull.js';
import type { VerifySpec } from './verify.js';

export interface CloudVerifyContext {
  store: HistoryStore;
  api: LoggingApi;
  project: string;
  policy: RequestPolicy;
  nowUs: number;
  onProgress?: (p: PullProgress) => void;
}

export interface PreparedSpec {
  spec: VerifySpec;
  pull: { requests: number; pulled: { start: string; end: string; runId: number; complete: boolean }[]; reusedRuns: number[] };
  failure: ApiFailure | null;
}

/**
 * `verify --project`: before judging, read from Cloud Logging what the window needs and the store
 * does not already hold from complete pulls. With --since-revision the revision and its first entry
 * are asked for first (exactly: a window must not start later than the revision did), then the
 * window is pulled. A pull that gives out leaves its range recorded as incomplete: the verdict over
 * it is INCONCLUSIVE, and the caller exits 5.
 */
export async function prepareFromCloud(ctx: CloudVerifyContext, specs: readonly VerifySpec[]): Promise<PreparedSpec[]> {
  const out: PreparedSpec[] = [];
  for (const spec of specs) {
    if (!spec.service) throw new UsageError('verify --project needs --service (or a service in every criterion)');
    const service = spec.service;
    let requests = 0;
    let prepared: VerifySpec = spec;
    if (spec.sinceRevision !== undefined) {
      const requester = new ApiRequester(ctx.api, ctx.policy);
      try {
        const revision =
          spec.sinceRevision === 'latest' ? await latestRevisionOf(requester, service, spec.atUs) : spec.sinceRevision;
        const firstSeenUs = revision === null ? null : await firstEntryOfRevision(requester, service, revision, spec.atUs);
        prepared = { ...spec, revisionStart: { revision: firstSeenUs === null ? null : revision, firstSeenUs } };
      } catch (err) {
        if (!(err instanceof ApiRequestError)) throw err;
        out.push({ spec, pull: { requests: requester.stats.requests, pulled: [], reusedRuns: [] }, failure: err.failure });
        continue;
      } finally {
        requests += requester.stats.requests;
      }
    }
    const window = verdictWindow({
      atUs: prepared.atUs,
      cleanUs: prepared.cleanUs,
      sinceRevision: prepared.revisionStart && prepared.sinceRevision !== undefined ? { requested: prepared.sinceRevision, ...prepared.revisionStart } : null,
    });
    const res = await ensurePulled({
      store: ctx.store,
      api: ctx.api,
      project: ctx.project,
      service,
      kinds: prepared.kinds,
      window,
      maxGapUs: prepared.maxGapUs,
      nowUs: ctx.nowUs,
      policy: ctx.policy,
      ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}),
    });
    out.push({
      spec: prepared,
      pull: {
        requests: requests + res.requests,
        pulled: res.pulled.map((p) => ({
          start: formatUs(p.range.startUs),
          end: formatUs(p.range.endUs),
          runId: p.outcome.runId,
          complete: p.outcome.complete,
        })),
        reusedRuns: [...new Set(res.reused.map((r) => r.runId))],
      },
      failure: res.failure,
    });
  }
  return out;
}
