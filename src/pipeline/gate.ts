import type { Parser } from '../../parsers/parser.js';
import { evaluateVerdict, type VerdictResult } from '../analysis/evaluateVerdict.js';
import type { CoverageBucket, Finding, Kind, LogEntry, SourceRef } from '../model/index.js';
import { formatUs } from '../model/index.js';
import { classifyApiError, explainFailure, type ApiFailure } from '../cloud/apiErrors.js';
import type { LoggingApi, TailResponse } from '../cloud/client.js';
import { apiEntryToLogEntry, type ApiLogEntry } from '../cloud/convert.js';
import { entriesFilter, findingsFilter, resourceNameOf, tailFilter, type Scope } from '../cloud/filters.js';
import { PAGE_SIZE } from '../cloud/pullPlan.js';
import { ApiRequestError, type ApiRequester } from '../cloud/requester.js';
import type { Timer } from '../cloud/timer.js';
import { CoverageCollector } from '../store/coverageCollector.js';
import type { HistoryStore } from '../store/historyStore.js';
import type { Clock } from '../time/clock.js';
import { formatDuration } from '../time/duration.js';
import { SourceUnavailableError } from '../util/errors.js';
import { matchEntry } from './scan.js';

export interface ReconnectPolicy {
  /** Consecutive failed reconnects before the gate stops watching (default 8). */
  attempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = Object.freeze({ attempts: 8, baseMs: 1_000, capMs: 30_000 });

/**
 * How far before the last entry seen (or the drop, whichever is earlier) a backfill starts: entries
 * reach Cloud Logging out of order by seconds; two minutes leaves room. Entries seen twice are
 * recognised by insertId.
 */
export const BACKFILL_MARGIN_US = 120_000_000;

/** After the window ends, entries stamped inside it may still be on their way (the server buffers ~2 s). */
export const DEFAULT_GRACE_MS = 5_000;

export type GateEvent =
  | { type: 'connected'; attempt: number }
  | { type: 'entries'; entries: number; findings: number }
  | { type: 'dropped'; reason: string; reconnectInMs: number }
  | { type: 'backfill'; fromUs: number; toUs: number; entries: number }
  | { type: 'suppressed'; count: number; reason: string }
  | { type: 'finding'; finding: Finding };

export interface GateOptions {
  api: LoggingApi;
  /** For the backfills and the final findings check (rate-limited, quota-retried, counted). */
  requester: ApiRequester;
  store: HistoryStore;
  service: string;
  /** Only this revision (already resolved from `latest`), or null for the whole service. */
  revision: string | null;
  kinds: Kind[];
  parsers: readonly Parser[];
  /** The watched duration, µs. */
  forUs: number;
  maxGapUs: number | null;
  /** Now, read when the watch starts (the window is [now, now + for)) and when a stream drops. */
  clock: Clock;
  /** The window's start, when the caller already read the clock. */
  startUs?: number;
  timer: Timer;
  /** Resolves when the watch is over; default: `for` of real time. */
  waitForEnd?: (signal: AbortSignal) => Promise<void>;
  graceMs?: number;
  reconnect?: ReconnectPolicy;
  signal?: AbortSignal;
  onEvent?: (e: GateEvent) => void;
  random?: () => number;
}

export interface GateOutcome {
  verdict: VerdictResult;
  runId: number;
  /** The watch ended at the first finding, before the window was over. */
  stoppedEarly: boolean;
  /** Entries received (stream and backfills, each once). */
  entries: number;
  /** ListLogEntries calls (backfills, final check) and tail sessions opened. */
  requests: number;
  tailSessions: number;
  drops: number;
  suppressed: number;
  /** Why the watch cannot vouch for the whole window (empty when it can). */
  problems: string[];
}

function backoff(attempt: number, p: ReconnectPolicy, random: () => number): number {
  return Math.round(Math.min(p.capMs, p.baseMs * 2 ** attempt) * (0.5 + 0.5 * random()));
}

function isRetryableClose(f: ApiFailure | null): boolean {
  return f === null || f.kind === 'unavailable' || f.kind === 'cancelled' || f.kind === 'other' || f.kind === 'quota';
}

/**
 * `ssot-watch gate`: follows a service live for a duration and answers like verify for the
 * window [start, start + for): DIRTY at the first finding (at once), CLEAN only when entries kept
 * arriving (no gap over max-gap, measured on entry timestamps, including start → first entry and
 * last entry → end) and nothing was lost (no suppressed entries, every dropped stream reconnected
 * and its interval backfilled, the final findings check done), INCONCLUSIVE otherwise — every
 * reason listed. What it saw is stored as a run of kind `tail`.
 */
export async function gate(opts: GateOptions): Promise<GateOutcome> {
  const { api, requester, store, service, kinds, parsers, timer } = opts;
  const random = opts.random ?? Math.random;
  const policy = opts.reconnect ?? DEFAULT_RECONNECT;
  const startUs = opts.startUs ?? opts.clock();
  const endUs = startUs + opts.forUs;
  const scope: Scope = { services: [service], ...(opts.revision !== null ? { revision: opts.revision } : {}) };
  const filter = tailFilter(scope);
  const sourceName = `cloud-logging:${api.project}/${service}${opts.revision !== null ? `@${opts.revision}` : ''} tail`;
  const runId = store.startRun({
    kind: 'tail',
    sourceName,
    kinds,
    project: api.project,
    services: [service],
    rangeStartUs: startUs,
    rangeEndUs: endUs,
    filter,
    sampled: false,
  });
  const requestsBefore = requester.stats.requests;

  const collector = new CoverageCollector();
  const inWindow: Finding[] = [];
  const problems: string[] = [];
  // insertId → µs of entries seen: a backfill overlaps what the stream delivered.
  const seen = new Map<string, number>();
  let maxSeenUs = Number.NEGATIVE_INFINITY;
  let entries = 0;
  let findings = 0;
  let badRecords = 0;
  let firstUs: number | null = null;
  let lastUs: number | null = null;
  let suppressed = 0;
  let drops = 0;
  let tailSessions = 0;
  let received = false;

  // `halt`: stop everything now (a finding, Ctrl-C, a fatal error). `over`: the window has ended —
  // stop following the stream, but let backfills finish and run the final check.
  const halt = new AbortController();
  const over = new AbortController();
  const outer = opts.signal;
  const onOuterAbort = (): void => halt.abort(outer!.reason);
  if (outer?.aborted) halt.abort(outer.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let phase: 'watch' | 'final' = 'watch';
  let stoppedEarly = false;
  let fatal: SourceUnavailableError | null = null;
  const pendingBackfills = new Set<Promise<boolean>>();

  const pruneSeen = (): void => {
    const keepFrom = maxSeenUs - 4 * BACKFILL_MARGIN_US;
    for (const [id, us] of seen) if (us < keepFrom) seen.delete(id);
  };

  const onFinding = (f: Finding): void => {
    findings++;
    store.writeFindings(runId, [f]);
    if (inWindow.some((x) => x.id === f.id)) return;
    inWindow.push(f);
    opts.onEvent?.({ type: 'finding', finding: f });
    if (phase === 'watch' && !stoppedEarly) {
      stoppedEarly = true;
      halt.abort('finding');
    }
  };

  /** An entry from the stream or a backfill: counted once (by insertId), coverage, findings. */
  const handle = (raw: ApiLogEntry): void => {
    const r = apiEntryToLogEntry(raw, { name: sourceName, index: entries });
    if (!r.ok) {
      entries++;
      badRecords++;
      return;
    }
    const e: LogEntry = r.entry;
    const ts = e.timestampUs;
    if (e.insertId !== undefined && ts !== null) {
      if (seen.get(e.insertId) === ts) return;
      seen.set(e.insertId, ts);
      if (ts > maxSeenUs) maxSeenUs = ts;
      if (seen.size > 200_000) pruneSeen();
    }
    entries++;
    if (ts === null || ts < startUs || ts >= endUs) return; // outside the watched window: proves nothing about it
    collector.summary(ts, e.resource.labels['service_name'] || null, e.resource.labels['revision_name'] || null);
    if (firstUs === null || ts < firstUs) firstUs = ts;
    if (lastUs === null || ts > lastUs) lastUs = ts;
    matchEntry(parsers, e, onFinding);
  };

  const onResponse = (r: TailResponse): void => {
    received = true;
    for (const s of r.suppressionInfo) {
      if (s.suppressedCount > 0) {
        suppressed += s.suppressedCount;
        opts.onEvent?.({ type: 'suppressed', count: s.suppressedCount, reason: s.reason });
      }
    }
    for (const raw of r.entries) handle(raw);
    if (r.entries.length > 0) opts.onEvent?.({ type: 'entries', entries, findings });
  };

  /** Reads [fromUs, toUs) through ListLogEntries; false (with the reason recorded) when it could not. */
  const backfill = async (fromUs: number, toUs: number, why: string): Promise<boolean> => {
    if (toUs <= fromUs) return true;
    const req = {
      resourceNames: [resourceNameOf(api.project)],
      filter: entriesFilter(scope, { startUs: fromUs, endUs: toUs }),
      orderBy: 'timestamp asc' as const,
      pageSize: PAGE_SIZE,
    };
    let token: string | null = null;
    let n = 0;
    try {
      do {
        const page = await requester.list(token ? { ...req, pageToken: token } : req, halt.signal);
        for (const raw of page.entries) handle(raw);
        n += page.entries.length;
        token = page.nextPageToken;
      } while (token !== null);
    } catch (err) {
      if (halt.signal.aborted) return true; // halted (a finding, Ctrl-C): the verdict does not rest on it
      const summary = err instanceof ApiRequestError ? err.failure.summary : String(err);
      problems.push(`${why}; reading [${formatUs(fromUs)}, ${formatUs(toUs)}) back failed (${summary}), so entries may be missing there`);
      return false;
    }
    opts.onEvent?.({ type: 'backfill', fromUs, toUs, entries: n });
    return true;
  };

  // The stream: opened, and reopened after every drop until the watch ends.
  let session: { cancel(): void } | null = null;
  const stoppedP = Promise.race([aborted(halt.signal), aborted(over.signal)]);
  const stopped = (): Promise<void> => stoppedP;
  const isStopped = (): boolean => halt.signal.aborted || over.signal.aborted;
  const follow = async (): Promise<void> => {
    let failures = 0;
    let droppedAtUs: number | null = null;
    for (;;) {
      if (isStopped()) {
        // The window ended while the stream was down: nothing will reopen it, so read the rest back.
        if (droppedAtUs !== null && !halt.signal.aborted) {
          pendingBackfills.add(backfill(Math.max(startUs, droppedAtUs - BACKFILL_MARGIN_US), endUs, `the live stream dropped (${drops}×) near the end`));
        }
        return;
      }
      const closed = new Promise<unknown>((resolve) => {
        tailSessions++;
        session = api.tail({ resourceNames: [resourceNameOf(api.project)], filter }, { onResponse, onClose: resolve });
      });
      opts.onEvent?.({ type: 'connected', attempt: failures });
      if (droppedAtUs !== null) {
        // Reopened: read back what the broken stream may have missed, from a margin before the
        // last entry it delivered (or the drop, if earlier) to the end of the window; entries the
        // new stream also delivers are recognised by insertId.
        const from = Math.max(startUs, droppedAtUs - BACKFILL_MARGIN_US);
        const p = backfill(from, endUs, `the live stream dropped (${drops}×)`);
        pendingBackfills.add(p);
        droppedAtUs = null;
      }
      const err = await Promise.race([closed, stopped().then(() => undefined)]);
      if (isStopped()) return;
      drops++;
      droppedAtUs = Math.min(opts.clock(), Number.isFinite(maxSeenUs) ? maxSeenUs : Number.POSITIVE_INFINITY);
      const failure = err === null || err === undefined ? null : classifyApiError(err);
      const why = failure === null ? 'the server ended the stream' : failure.summary;
      if (!isRetryableClose(failure)) {
        if (!received) {
          fatal = new SourceUnavailableError(explainFailure(failure!, api.project));
          halt.abort('fatal');
          return;
        }
        problems.push(`the live stream failed (${why}) and cannot be reopened, so the rest of the window was not watched`);
        halt.abort('unwatched');
        return;
      }
      if (received) failures = 0;
      if (failures >= policy.attempts) {
        problems.push(`the live stream dropped (${why}) and ${policy.attempts} reconnects failed, so the rest of the window was not watched`);
        halt.abort('unwatched');
        return;
      }
      const wait = backoff(failures, policy, random);
      failures++;
      received = false;
      opts.onEvent?.({ type: 'dropped', reason: why, reconnectInMs: wait });
      await Promise.race([timer.sleep(wait).catch(() => {}), stopped()]);
    }
  };

  const following = follow();
  const waitForEnd = opts.waitForEnd ?? ((s: AbortSignal) => timer.sleep(Math.ceil(opts.forUs / 1000), s));
  await Promise.race([waitForEnd(halt.signal).catch(() => {}), aborted(halt.signal)]);
  if (!halt.signal.aborted) {
    // Entries stamped just before the end may still be on their way.
    await Promise.race([timer.sleep(opts.graceMs ?? DEFAULT_GRACE_MS).catch(() => {}), aborted(halt.signal)]);
  }
  over.abort('end');
  (session as { cancel(): void } | null)?.cancel();
  await following;
  await Promise.all(pendingBackfills);
  outer?.removeEventListener('abort', onOuterAbort);

  if (fatal) {
    store.abandonRun(runId, (fatal as Error).message);
    throw fatal;
  }
  const interrupted = outer?.aborted === true;
  if (interrupted && !stoppedEarly) problems.push('the watch was interrupted before the window ended');
  if (suppressed > 0) {
    problems.push(
      `the live stream reported ${suppressed} entr${suppressed === 1 ? 'y' : 'ies'} suppressed by the server (not delivered), so findings may be missing`,
    );
  }
  if (stoppedEarly) {
    problems.push('the watch stopped at the first finding; the rest of the window was not watched');
  } else if (!interrupted) {
    // The stream and the query index are separate paths: one findings query over the whole window
    // catches what the stream lost without saying so (a page or two).
    phase = 'final';
    await finalCheck();
  }

  const complete = problems.length === 0;
  const finish = {
    format: 'cloud-logging' as const,
    contentHash: null,
    entries,
    badRecords,
    complete,
    incompleteReason: complete ? null : problems.join('; '),
    firstUs,
    lastUs,
  };
  store.finishRun(runId, finish, { coverage: collector.coverage, revisions: collector.revisions });
  const source: SourceRef = {
    ...finish,
    runId,
    kind: 'tail',
    name: sourceName,
    rangeStartUs: startUs,
    rangeEndUs: endUs,
    sampled: false,
  };
  const buckets: CoverageBucket[] = [...(collector.coverage.get(service)?.values() ?? [])].sort((a, b) => a.minute - b.minute);
  const verdict = evaluateVerdict({
    service,
    kinds,
    atUs: endUs,
    cleanUs: opts.forUs,
    findings: inWindow,
    coverage: buckets,
    sources: [source],
    maxGapUs: opts.maxGapUs,
  });
  return {
    verdict,
    runId,
    stoppedEarly,
    entries,
    requests: requester.stats.requests - requestsBefore,
    tailSessions,
    drops,
    suppressed,
    problems,
  };

  async function finalCheck(): Promise<void> {
    const needles = parsers.flatMap((p) => p.needles);
    const req = {
      resourceNames: [resourceNameOf(api.project)],
      filter: findingsFilter(scope, { startUs, endUs }, needles),
      orderBy: 'timestamp asc' as const,
      pageSize: PAGE_SIZE,
    };
    let token: string | null = null;
    try {
      do {
        const page = await requester.list(token ? { ...req, pageToken: token } : req);
        // Findings only: coverage stays what the stream and the backfills delivered.
        for (const raw of page.entries) {
          const r = apiEntryToLogEntry(raw, { name: sourceName, index: entries });
          const ts = r.ok ? r.entry.timestampUs : null;
          if (r.ok && ts !== null && ts >= startUs && ts < endUs) matchEntry(parsers, r.entry, onFinding);
        }
        token = page.nextPageToken;
      } while (token !== null);
    } catch (err) {
      const summary = err instanceof ApiRequestError ? err.failure.summary : String(err);
      problems.push(`the final findings query over the window failed (${summary})`);
    }
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** One line for the log: the window watched. */
export function describeWatch(startUs: number, forUs: number): string {
  return `${formatUs(startUs)} → ${formatUs(startUs + forUs)} (${formatDuration(forUs)})`;
}
