import type { Needle } from '../../parsers/parser.js';
import type { Kind } from '../model/index.js';
import { formatDuration } from '../time/duration.js';
import type { ListPage, ListRequest } from './client.js';
import { advanceProbe, PROBE_START, probeQuery, type ProbeCursor, type ProbePhase } from './coverageProbe.js';
import { entriesFilter, findingsFilter, resourceNameOf, type TimeRange } from './filters.js';
import { timestampUsOfApi } from './timestamps.js';
import type { ApiLogEntry } from './convert.js';

/** `probe`: a few one-entry queries prove the logs flowed (sampled); `full`: read every entry (exact counts). */
export type CoverageMode = 'probe' | 'full';

export const PAGE_SIZE = 1000;

/** Everything that decides what a pull reads. Two pulls with equal specs are the same pull (resumable). */
export interface PullSpec {
  project: string;
  /** Sorted, each once. */
  services: string[];
  range: TimeRange;
  kinds: Kind[];
  coverage: CoverageMode;
  /** The max gap the probes are exact for (µs). */
  maxGapUs: number;
  /** The needles of the parsers of `kinds`: the findings query is built from them. */
  needles: Needle[];
}

/**
 * Where a pull is. `scan` pages through one query in ascending time (the findings query, or with
 * --coverage full every entry); `probe` walks the coverage probes of one service at a time.
 * `fromUs` is where the scan's query starts: the range start, or, after a page token was refused,
 * the last timestamp read (`lastIds` are the entries already read at exactly that µs, skipped
 * when they come again, so nothing is counted twice).
 */
export type PullState =
  | { stage: 'scan'; fromUs: number; lastUs: number | null; lastIds: string[]; token: string | null }
  | { stage: 'probe'; service: number; phase: ProbePhase; cur: number | null; token: string | null }
  | { stage: 'done' };

export function initialState(spec: PullSpec): PullState {
  return { stage: 'scan', fromUs: spec.range.startUs, lastUs: null, lastIds: [], token: null };
}

/** The query of the scan stage over [fromUs, end). */
function scanFilter(spec: PullSpec, fromUs: number): string {
  const scope = { services: spec.services };
  const range = { startUs: fromUs, endUs: spec.range.endUs };
  return spec.coverage === 'full' ? entriesFilter(scope, range) : findingsFilter(scope, range, spec.needles);
}

/**
 * The text recorded as the run's filter: the scan's filter over the whole range, plus a comment
 * line (`--` starts a comment in the query language) naming the coverage method, which is part
 * of what was read. A later pull resumes a run only when this text is identical.
 */
export function pullIdentity(spec: PullSpec): string {
  const how = spec.coverage === 'full' ? 'full' : `probe max-gap ${spec.maxGapUs}us (${formatDuration(spec.maxGapUs)})`;
  return `${scanFilter(spec, spec.range.startUs)}\n-- ssot-watch coverage: ${how}`;
}

/** The probe max-gap (µs) of a pull run from its recorded filter; null for full coverage or an unknown text. */
export function probeMaxGapOf(recordedFilter: string | null): { mode: CoverageMode; maxGapUs: number | null } | null {
  if (recordedFilter === null) return null;
  if (/\n-- ssot-watch coverage: full$/.test(recordedFilter)) return { mode: 'full', maxGapUs: null };
  const m = /\n-- ssot-watch coverage: probe max-gap (\d+)us\b/.exec(recordedFilter);
  return m ? { mode: 'probe', maxGapUs: Number(m[1]) } : null;
}

/** The ListLogEntries request for `state`, or null when the pull is finished. */
export function requestFor(spec: PullSpec, state: PullState): ListRequest | null {
  const resourceNames = [resourceNameOf(spec.project)];
  if (state.stage === 'scan') {
    return {
      resourceNames,
      filter: scanFilter(spec, state.fromUs),
      orderBy: 'timestamp asc',
      pageSize: PAGE_SIZE,
      ...(state.token ? { pageToken: state.token } : {}),
    };
  }
  if (state.stage === 'probe') {
    const q = probeQuery({ phase: state.phase, cur: state.cur }, spec.range, spec.maxGapUs);
    if (!q) return null;
    const service = spec.services[state.service]!;
    return {
      resourceNames,
      filter: entriesFilter({ services: [service] }, q.range),
      orderBy: q.orderBy,
      pageSize: 1,
      ...(state.token ? { pageToken: state.token } : {}),
    };
  }
  return null;
}

/** What the next state is after the scan (or one service's probes) finished. */
function afterStage(spec: PullSpec, state: PullState): PullState {
  if (state.stage === 'scan') {
    return spec.coverage === 'probe' && spec.services.length > 0
      ? { stage: 'probe', service: 0, ...PROBE_START, token: null }
      : { stage: 'done' };
  }
  if (state.stage === 'probe' && state.service + 1 < spec.services.length) {
    return { stage: 'probe', service: state.service + 1, ...PROBE_START, token: null };
  }
  return { stage: 'done' };
}

function normalizeProbe(spec: PullSpec, s: Extract<PullState, { stage: 'probe' }>): PullState {
  // A range with nothing left to ask (e.g. it ends right after cur) is finished without a request.
  if (probeQuery({ phase: s.phase, cur: s.cur }, spec.range, spec.maxGapUs) === null) return afterStage(spec, s);
  return s;
}

export interface AppliedPage {
  next: PullState;
  /** The entries of the page to process (a scan restarted from a timestamp skips those already read). */
  entries: ApiLogEntry[];
  /** A probe found its entry on this page: the point it adds. */
  probePoint: boolean;
}

/** Moves the state past one answered page. */
export function applyPage(spec: PullSpec, state: PullState, page: ListPage): AppliedPage {
  if (state.stage === 'scan') {
    let { lastUs, lastIds } = state;
    const fresh: ApiLogEntry[] = [];
    const skip = new Set(lastIds);
    for (const e of page.entries) {
      const us = timestampUsOfApi(e);
      const id = typeof e['insertId'] === 'string' ? e['insertId'] : '';
      if (us !== null && us === lastUs && id !== '' && skip.has(id)) continue;
      fresh.push(e);
      if (us === null) continue;
      if (lastUs === null || us > lastUs) {
        lastUs = us;
        lastIds = id ? [id] : [];
      } else if (us === lastUs && id) lastIds = [...lastIds, id];
    }
    const scanned = { ...state, lastUs, lastIds, token: page.nextPageToken };
    const next = page.nextPageToken ? scanned : afterStage(spec, scanned);
    return { next: next.stage === 'probe' ? normalizeProbe(spec, next) : next, entries: fresh, probePoint: false };
  }
  if (state.stage === 'probe') {
    const first = page.entries[0];
    if (first === undefined && page.nextPageToken) {
      // An empty page with a token: the search ran out of time, not out of entries. Ask again.
      return { next: { ...state, token: page.nextPageToken }, entries: [], probePoint: false };
    }
    const found = first === undefined ? null : timestampUsOfApi(first);
    if (first !== undefined && found === null) throw new Error('Cloud Logging returned an entry without a timestamp to a time-bounded query');
    const c = advanceProbe({ phase: state.phase, cur: state.cur }, found, spec.range, spec.maxGapUs);
    return { next: probeMovedTo(spec, state, c), entries: first === undefined ? [] : [first], probePoint: first !== undefined };
  }
  return { next: state, entries: [], probePoint: false };
}

/** The state once the probe cursor of `state` moved to `c` (the next service, or done, when it finished). */
export function probeMovedTo(spec: PullSpec, state: Extract<PullState, { stage: 'probe' }>, c: ProbeCursor): PullState {
  const next: PullState = c.phase === 'done' ? afterStage(spec, state) : { ...state, phase: c.phase, cur: c.cur, token: null };
  return next.stage === 'probe' ? normalizeProbe(spec, next) : next;
}

/** After INVALID_ARGUMENT on a request that carried a page token (expired, or refused): the same stage, without it. */
export function restartWithoutToken(state: PullState): PullState {
  if (state.stage === 'scan') return { ...state, fromUs: state.lastUs ?? state.fromUs, token: null };
  if (state.stage === 'probe') return { ...state, token: null };
  return state;
}

export function hasToken(state: PullState): boolean {
  return state.stage !== 'done' && state.token !== null;
}

/** Human name of the stage for progress lines. */
export function stageLabel(spec: PullSpec, state: PullState): string {
  if (state.stage === 'scan') return spec.coverage === 'full' ? 'entries' : 'findings';
  if (state.stage === 'probe') return `coverage ${spec.services[state.service]}`;
  return 'done';
}
