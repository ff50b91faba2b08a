import type { Parser } from '../../parsers/parser.js';
import type { Finding } from '../model/index.js';
import { CoverageCollector } from '../store/coverageCollector.js';
import type { HistoryStore } from '../store/historyStore.js';
import { canonicalServices } from '../store/runs.js';
import type { PullCheckpoint, PullParams, RunFinish } from '../store/types.js';
import type { ApiFailure } from '../cloud/apiErrors.js';
import { apiEntryToLogEntry } from '../cloud/convert.js';
import { stepFromKnown } from '../cloud/coverageProbe.js';
import { KnownEntries } from '../cloud/knownEntries.js';
import { decodeCheckpoint, EMPTY_TALLY, encodeCheckpoint, type PullTally } from '../cloud/pullCheckpoint.js';
import {
  applyPage,
  hasToken,
  initialState,
  probeMovedTo,
  pullIdentity,
  requestFor,
  restartWithoutToken,
  stageLabel,
  type AppliedPage,
  type PullSpec,
  type PullState,
} from '../cloud/pullPlan.js';
import { ApiRequestError, type ApiRequester } from '../cloud/requester.js';
import { CliError } from '../util/errors.js';
import { matchEntry } from './scan.js';

/** Ctrl-C (or another abort) stopped the pull; its run was left resumable. Exit 130, the shell's code for SIGINT. */
export class PullInterruptedError extends CliError {
  constructor(
    readonly runId: number,
    message: string,
  ) {
    super(message, 130);
  }
}

export interface PullProgress {
  stage: string;
  /** Pages answered in this process. */
  pages: number;
  /** Totals of the pull (across resumes). */
  entries: number;
  findings: number;
  probePoints: number;
  /** ListLogEntries calls made by this process. */
  requests: number;
  quotaWaits: number;
  quotaWaitMs: number;
  rateWaitMs: number;
}

export interface PullOptions {
  store: HistoryStore;
  requester: ApiRequester;
  spec: PullSpec;
  /** The parsers of `spec.kinds` (they decide what is a finding; the filter only narrows what is read). */
  parsers: readonly Parser[];
  signal?: AbortSignal;
  onProgress?: (p: PullProgress) => void;
}

export interface PullOutcome {
  runId: number;
  /**
   * The pull continued where an earlier one stopped: the run it continued, how that one had ended,
   * and how many checkpoints (pages, and probe steps answered from known entries) it had applied.
   */
  resumed: { runId: number; how: 'abandoned' | 'incomplete'; checkpointsBefore: number } | null;
  complete: boolean;
  incompleteReason: string | null;
  /** Why the source gave out (exit 5), when it did. */
  failure: ApiFailure | null;
  /** Totals of the whole pull, earlier attempts included. */
  tally: PullTally;
  /** Findings this process stored that the history did not hold. */
  newFindings: number;
  /** Pages and requests of this process. */
  pages: number;
  requests: number;
}

/** How a pull run is named in the history and in verdicts. */
export function pullSourceName(spec: Pick<PullSpec, 'project' | 'services'>): string {
  return `cloud-logging:${spec.project}/${spec.services.join(',')}`;
}

export function pullParams(spec: PullSpec): PullParams {
  return {
    project: spec.project,
    services: spec.services,
    filter: pullIdentity(spec),
    rangeStartUs: spec.range.startUs,
    rangeEndUs: spec.range.endUs,
  };
}

interface Start {
  runId: number;
  state: PullState;
  tally: PullTally;
  seq: number;
  resumed: PullOutcome['resumed'];
}

/**
 * A pull that stopped on a source failure (quota, network) is recorded done-but-incomplete, so a
 * verify over its range is INCONCLUSIVE. Run again, it continues from that run's last checkpoint
 * in a new run: the old run's pages stay in the history (they count), the new run reads the rest
 * and, finished, vouches for the whole range. Only when that failed run is the latest with the
 * same parameters: after a complete one there is nothing to continue.
 */
function continuableIncomplete(store: HistoryStore, params: PullParams): { runId: number; checkpoint: PullCheckpoint } | null {
  const services = canonicalServices(params.services);
  const same = store
    .runs()
    .filter(
      (r) =>
        r.kind === 'pull' &&
        r.status === 'done' &&
        r.project === params.project &&
        canonicalServices(r.services) === services &&
        r.filter === params.filter &&
        r.rangeStartUs === params.rangeStartUs &&
        r.rangeEndUs === params.rangeEndUs,
    );
  const latest = same[same.length - 1];
  if (!latest || latest.complete) return null;
  const checkpoint = store.checkpoint(latest.runId);
  return checkpoint ? { runId: latest.runId, checkpoint } : null;
}

function begin(store: HistoryStore, spec: PullSpec): Start {
  const params = pullParams(spec);
  const abandoned = store.findResumableRun(params);
  if (abandoned) {
    const cp = abandoned.checkpoint;
    const decoded = cp ? decodeCheckpoint(cp) : null;
    if ((cp === null || decoded !== null) && store.claimRun(abandoned.run.runId)) {
      return {
        runId: abandoned.run.runId,
        state: decoded?.state ?? initialState(spec),
        tally: decoded?.tally ?? { ...EMPTY_TALLY },
        seq: cp?.seq ?? 0,
        resumed: { runId: abandoned.run.runId, how: 'abandoned', checkpointsBefore: cp?.seq ?? 0 },
      };
    }
  }
  const prior = continuableIncomplete(store, params);
  const decoded = prior ? decodeCheckpoint(prior.checkpoint) : null;
  const runId = store.startRun({
    kind: 'pull',
    sourceName: pullSourceName(spec),
    kinds: spec.kinds,
    project: spec.project,
    services: spec.services,
    rangeStartUs: spec.range.startUs,
    rangeEndUs: spec.range.endUs,
    filter: params.filter,
    sampled: spec.coverage === 'probe',
  });
  if (prior && decoded && decoded.state.stage !== 'done') {
    return { runId, state: decoded.state, tally: decoded.tally, seq: 0, resumed: { runId: prior.runId, how: 'incomplete', checkpointsBefore: prior.checkpoint.seq } };
  }
  return { runId, state: initialState(spec), tally: { ...EMPTY_TALLY }, seq: 0, resumed: null };
}

/** At most this many refused page tokens in a row before INVALID_ARGUMENT is taken as final. */
const MAX_TOKEN_RESTARTS = 3;

/**
 * Cloud Logging → history store, page by page: each answered page is parsed, and its findings,
 * coverage delta, revisions and the checkpoint (page token, last timestamp, totals, stage) are
 * written in ONE transaction (`saveCheckpoint`), so a pull killed at any point resumes from its
 * last page and never counts a page twice. See pullPlan.ts for the stages and coverageProbe.ts
 * for the probes.
 */
export async function pull(opts: PullOptions): Promise<PullOutcome> {
  const { store, requester, spec, parsers, signal } = opts;
  const start = begin(store, spec);
  const { runId, resumed } = start;
  let { state, tally, seq } = start;
  const requestsBefore = requester.stats.requests;
  let pages = 0;
  let newFindings = 0;
  let tokenRestarts = 0;
  const sourceName = pullSourceName(spec);

  const progress = (): void =>
    opts.onProgress?.({
      stage: stageLabel(spec, state),
      pages,
      entries: tally.entries,
      findings: tally.findings,
      probePoints: tally.probePoints,
      requests: requester.stats.requests - requestsBefore,
      quotaWaits: requester.stats.quotaErrors,
      quotaWaitMs: requester.stats.quotaWaitMs,
      rateWaitMs: requester.stats.rateWaitMs,
    });

  const finish = (complete: boolean, reason: string | null): void => {
    const f: RunFinish = {
      format: 'cloud-logging',
      contentHash: null,
      entries: tally.entries,
      badRecords: tally.badRecords,
      complete,
      incompleteReason: complete ? null : reason,
      firstUs: tally.firstUs,
      lastUs: tally.lastUs,
    };
    store.finishRun(runId, f);
  };

  // Entry times the findings query read: probe steps they answer cost no request.
  const known = new KnownEntries();
  const save = (next: PullState, data: { findings: Finding[]; collector: CoverageCollector }): void => {
    seq++;
    const saved = store.saveCheckpoint(runId, encodeCheckpoint(seq, next, tally), {
      findings: data.findings,
      coverage: data.collector.coverage,
      revisions: data.collector.revisions,
    });
    newFindings += saved.newFindings;
    state = next;
  };

  try {
    for (;;) {
      if (state.stage === 'probe' && state.token === null) {
        const service = spec.services[state.service]!;
        const free = stepFromKnown({ phase: state.phase, cur: state.cur }, spec.range, spec.maxGapUs, (lo, hi) => known.latestIn(service, lo, hi));
        if (free) {
          const collector = new CoverageCollector();
          collector.summary(free.point, service, null);
          tally = { ...tally, probePoints: tally.probePoints + 1, knownSteps: tally.knownSteps + 1 };
          save(probeMovedTo(spec, state, free.cursor), { findings: [], collector });
          progress();
          continue;
        }
      }
      const req = requestFor(spec, state);
      if (req === null) break;
      const before = requester.stats.requests;
      let page;
      try {
        page = await requester.list(req, signal);
      } catch (err) {
        tally = { ...tally, requests: tally.requests + (requester.stats.requests - before) };
        // A page token lives 24 h and is tied to its query: an expired or refused one restarts the
        // stage from the last timestamp read (findings are idempotent by id; entries already read
        // at that µs are skipped).
        if (err instanceof ApiRequestError && err.failure.kind === 'invalid_argument' && hasToken(state) && tokenRestarts < MAX_TOKEN_RESTARTS) {
          tokenRestarts++;
          state = restartWithoutToken(state);
          continue;
        }
        throw err;
      }
      tokenRestarts = 0;
      const applied = applyPage(spec, state, page);
      // Coverage: with --coverage full every scanned entry counts; with probes only the probe's own
      // entry does (a findings-query entry may also be a probe's, and counted twice it would push a
      // count that must be a lower bound too high).
      const countsCoverage = state.stage === 'probe' ? applied.probePoint : spec.coverage === 'full';
      // Probe entries are not parsed: the findings query already read every entry that may hold one.
      const scanning = state.stage === 'scan';
      const data = processPage(applied, countsCoverage, scanning ? parsers : [], sourceName, tally, scanning && spec.coverage === 'probe' ? known : null);
      tally = {
        ...data.tally,
        requests: tally.requests + (requester.stats.requests - before),
      };
      save(applied.next, data);
      pages++;
      progress();
    }
    finish(true, null);
    return outcome(true, null, null);
  } catch (err) {
    if (signal?.aborted) {
      store.abandonRun(runId, 'interrupted before it finished (run the same pull again to resume)');
      throw new PullInterruptedError(runId, `pull interrupted after ${pages} pages; run the same command again to resume run #${runId}`);
    }
    if (err instanceof ApiRequestError) {
      const reason = `stopped by the source: ${err.failure.summary}${err.quotaRetries > 0 ? ` (after ${err.quotaRetries} quota retries)` : ''}`;
      finish(false, reason);
      return outcome(false, reason, err.failure);
    }
    // Our own failure: the run proves nothing, but what it stored is real and a rerun resumes it.
    store.abandonRun(runId, `pull failed: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }

  function outcome(complete: boolean, incompleteReason: string | null, failure: ApiFailure | null): PullOutcome {
    return {
      runId,
      resumed,
      complete,
      incompleteReason,
      failure,
      tally,
      newFindings,
      pages,
      requests: requester.stats.requests - requestsBefore,
    };
  }
}

interface ProcessedPage {
  findings: Finding[];
  collector: CoverageCollector;
  tally: PullTally;
}

/** Parses a page's entries into findings, coverage (when `countsCoverage`) and revisions (always). */
function processPage(
  applied: AppliedPage,
  countsCoverage: boolean,
  parsers: readonly Parser[],
  sourceName: string,
  before: PullTally,
  known: KnownEntries | null,
): ProcessedPage {
  const collector = new CoverageCollector();
  const revisionsOnly = new CoverageCollector();
  const findings: Finding[] = [];
  const t: PullTally = { ...before };
  for (const raw of applied.entries) {
    const r = apiEntryToLogEntry(raw, { name: sourceName, index: t.entries });
    t.entries++;
    if (!r.ok) {
      t.badRecords++;
      continue;
    }
    const e = r.entry;
    const service = e.resource.labels['service_name'] || null;
    const revision = e.resource.labels['revision_name'] || null;
    (countsCoverage ? collector : revisionsOnly).summary(e.timestampUs, service, revision);
    if (known && service !== null && e.timestampUs !== null) known.add(service, e.timestampUs);
    if (e.timestampUs !== null) {
      if (t.firstUs === null || e.timestampUs < t.firstUs) t.firstUs = e.timestampUs;
      if (t.lastUs === null || e.timestampUs > t.lastUs) t.lastUs = e.timestampUs;
    }
    matchEntry(parsers, e, (f) => {
      findings.push(f);
      t.findings++;
    });
  }
  if (applied.probePoint) t.probePoints++;
  for (const [service, revs] of revisionsOnly.revisions) {
    const into = collector.revisions.get(service) ?? new Map();
    for (const [rev, span] of revs) {
      const had = into.get(rev);
      into.set(rev, had ? { firstUs: Math.min(had.firstUs, span.firstUs), lastUs: Math.max(had.lastUs, span.lastUs) } : { ...span });
    }
    collector.revisions.set(service, into);
  }
  return { findings, collector, tally: t };
}
