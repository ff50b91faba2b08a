import { allNeedles, parsersFor } from '../../parsers/registry.js';
import { mergeSpans, subtractSpans, type Span } from '../analysis/interval.js';
import type { Kind } from '../model/index.js';
import type { ApiFailure } from '../cloud/apiErrors.js';
import type { LoggingApi } from '../cloud/client.js';
import { probeMaxGapOf, type CoverageMode, type PullSpec } from '../cloud/pullPlan.js';
import { ApiRequester, DEFAULT_REQUEST_POLICY, type RequestEvent, type RequestPolicy } from '../cloud/requester.js';
import { realTimer, type Timer } from '../cloud/timer.js';
import type { HistoryStore } from '../store/historyStore.js';
import type { RunRow } from '../store/types.js';
import { DEFAULT_MAX_GAP_US } from '../time/maxGap.js';
import { pull, type PullOutcome, type PullProgress } from './pull.js';

/**
 * Entries reach Cloud Logging late (seconds, sometimes minutes): what a pull read of the last
 * minutes before it ran may since have grown. Such a tail of a range is not final and is pulled again.
 */
export const NOT_FINAL_US = 10 * 60_000_000;

export interface EnsurePulledOptions {
  store: HistoryStore;
  api: LoggingApi;
  project: string;
  service: string;
  kinds: readonly Kind[];
  /** The verdict's window, half-open µs. */
  window: { startUs: number; endUs: number };
  /** The verify's --max-gap (null = none): probe runs made for a larger max-gap do not vouch for it. */
  maxGapUs: number | null;
  /** Now: nothing after it can be pulled. */
  nowUs: number;
  coverage?: CoverageMode;
  policy?: RequestPolicy;
  timer?: Timer;
  signal?: AbortSignal;
  onProgress?: (p: PullProgress & { range: Span }) => void;
  onRequestEvent?: (e: RequestEvent) => void;
}

export interface EnsurePulledResult {
  /** ListLogEntries calls made. */
  requests: number;
  /** Parts of the window complete pulls in the store already vouched for, and which runs. */
  reused: { runId: number; startUs: number; endUs: number }[];
  /** The parts pulled now, one pull run each, in order. */
  pulled: { range: Span; outcome: PullOutcome }[];
  /** True when every part of the window up to now is vouched for by a complete pull. */
  complete: boolean;
  /** The source failure that stopped a pull (quota, network, credentials): the caller's exit 5. */
  failure: ApiFailure | null;
}

/** The part of `run`'s range it vouches for: complete, final (not within NOT_FINAL_US of when it ran). */
function vouchedSpan(run: RunRow): Span | null {
  if (run.rangeStartUs === null || run.rangeEndUs === null) return null;
  const pulledAtUs = Date.parse(run.startedAt) * 1000;
  const end = Number.isFinite(pulledAtUs) ? Math.min(run.rangeEndUs, pulledAtUs - NOT_FINAL_US) : run.rangeEndUs;
  return end > run.rangeStartUs ? { startUs: run.rangeStartUs, endUs: end } : null;
}

/** Done, complete pulls of this project that asked for the service (or all), looked for every kind, with fine enough coverage. */
export function vouchingPulls(store: HistoryStore, o: Pick<EnsurePulledOptions, 'project' | 'service' | 'kinds' | 'maxGapUs'>): { run: RunRow; span: Span }[] {
  const out: { run: RunRow; span: Span }[] = [];
  for (const run of store.runs()) {
    if (run.kind !== 'pull' || run.status !== 'done' || !run.complete || run.project !== o.project) continue;
    if (run.services.length > 0 && !run.services.includes(o.service)) continue;
    if (!o.kinds.every((k) => run.kinds.includes(k))) continue;
    const how = probeMaxGapOf(run.filter);
    if (how === null) continue;
    // Probes made for max-gap G are exact for any max-gap ≥ G; `none` needs no gap precision.
    if (how.mode === 'probe' && o.maxGapUs !== null && (how.maxGapUs ?? Infinity) > o.maxGapUs) continue;
    const span = vouchedSpan(run);
    if (span) out.push({ run, span });
  }
  return out;
}

/**
 * Pulls what `verify --project` needs for one window: only the parts not already vouched for by
 * complete pulls in the store (reruns cost nothing but the minutes since the last one, plus the
 * last 10 minutes of it, which may have grown). Nearby missing parts (closer than max-gap) are
 * pulled as one range. Stops at the first source failure, which it returns (that pull is recorded
 * incomplete, so the verdict over it is INCONCLUSIVE); an interruption throws PullInterruptedError.
 */
export async function ensurePulled(o: EnsurePulledOptions): Promise<EnsurePulledResult> {
  const requester = new ApiRequester(o.api, o.policy ?? DEFAULT_REQUEST_POLICY, o.timer ?? realTimer, o.onRequestEvent);
  const target: Span = { startUs: o.window.startUs, endUs: Math.min(o.window.endUs, o.nowUs) };
  const result: EnsurePulledResult = { requests: 0, reused: [], pulled: [], complete: true, failure: null };
  if (target.endUs <= target.startUs) return result;
  const maxGapUs = o.maxGapUs ?? DEFAULT_MAX_GAP_US;
  const vouching = vouchingPulls(o.store, o);
  for (const v of vouching) {
    const s = Math.max(v.span.startUs, target.startUs);
    const e = Math.min(v.span.endUs, target.endUs);
    if (e > s) result.reused.push({ runId: v.run.runId, startUs: s, endUs: e });
  }
  const missing = subtractSpans(
    target,
    vouching.map((v) => v.span),
  );
  // Two pulls cost more than one over the small stretch between them.
  const ranges = mergeSpans(missing.map((m) => ({ startUs: m.startUs, endUs: m.endUs + maxGapUs }))).map((m) => ({
    startUs: m.startUs,
    endUs: Math.min(m.endUs - maxGapUs, target.endUs),
  }));
  const kinds = [...o.kinds];
  const parsers = parsersFor(kinds);
  for (const range of ranges) {
    const spec: PullSpec = {
      project: o.project,
      services: [o.service],
      range,
      kinds,
      coverage: o.coverage ?? 'probe',
      maxGapUs,
      needles: allNeedles(parsers),
    };
    const outcome = await pull({
      store: o.store,
      requester,
      spec,
      parsers,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onProgress ? { onProgress: (p: PullProgress) => o.onProgress!({ ...p, range }) } : {}),
    });
    result.pulled.push({ range, outcome });
    if (!outcome.complete) {
      result.complete = false;
      result.failure = outcome.failure;
      break;
    }
  }
  result.requests = requester.stats.requests;
  return result;
}
