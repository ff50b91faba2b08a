import type { PullCheckpoint } from '../store/types.js';
import type { PullState } from './pullPlan.js';

/** Running totals of one pull, carried from page to page and across resumes. */
export interface PullTally {
  entries: number;
  findings: number;
  /** ListLogEntries calls made for this pull, by every process that worked on it. */
  requests: number;
  /** Entries the API returned that could not be read as log entries. */
  badRecords: number;
  /** Coverage probe points (an entry each). */
  probePoints: number;
  /** Probe steps taken from entries the findings query had read: no request. */
  knownSteps: number;
  firstUs: number | null;
  lastUs: number | null;
}

export const EMPTY_TALLY: PullTally = Object.freeze({
  entries: 0,
  findings: 0,
  requests: 0,
  badRecords: 0,
  probePoints: 0,
  knownSteps: 0,
  firstUs: null,
  lastUs: null,
});

const VERSION = 1;

/**
 * The checkpoint row of a page: the page token and the last timestamp in their columns, the rest
 * of the state (stage, probe cursor, skip list) and the tally as JSON in `stage`.
 */
export function encodeCheckpoint(seq: number, state: PullState, tally: PullTally): PullCheckpoint {
  const token = state.stage === 'done' ? null : state.token;
  const lastTsUs = state.stage === 'scan' ? state.lastUs : state.stage === 'probe' ? state.cur : null;
  const { token: _omit, ...rest } = state as PullState & { token?: unknown };
  return {
    seq,
    pageToken: token,
    lastTsUs,
    entries: tally.entries,
    findings: tally.findings,
    requests: tally.requests,
    stage: JSON.stringify({ v: VERSION, state: rest, badRecords: tally.badRecords, probePoints: tally.probePoints, knownSteps: tally.knownSteps, firstUs: tally.firstUs, lastUs: tally.lastUs }),
  };
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The state and tally a checkpoint holds; null when it is not one this version wrote (then do not resume from it). */
export function decodeCheckpoint(cp: PullCheckpoint): { state: PullState; tally: PullTally } | null {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(cp.stage) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (doc['v'] !== VERSION || typeof doc['state'] !== 'object' || doc['state'] === null) return null;
  const s = doc['state'] as Record<string, unknown>;
  let state: PullState;
  if (s['stage'] === 'scan' && num(s['fromUs']) !== null && Array.isArray(s['lastIds'])) {
    state = {
      stage: 'scan',
      fromUs: num(s['fromUs'])!,
      lastUs: num(s['lastUs']),
      lastIds: (s['lastIds'] as unknown[]).filter((x): x is string => typeof x === 'string'),
      token: cp.pageToken,
    };
  } else if (s['stage'] === 'probe' && num(s['service']) !== null && typeof s['phase'] === 'string') {
    state = { stage: 'probe', service: num(s['service'])!, phase: s['phase'] as never, cur: num(s['cur']), token: cp.pageToken };
  } else if (s['stage'] === 'done') {
    state = { stage: 'done' };
  } else return null;
  return {
    state,
    tally: {
      entries: cp.entries,
      findings: cp.findings,
      requests: cp.requests,
      badRecords: num(doc['badRecords']) ?? 0,
      probePoints: num(doc['probePoints']) ?? 0,
      knownSteps: num(doc['knownSteps']) ?? 0,
      firstUs: num(doc['firstUs']),
      lastUs: num(doc['lastUs']),
    },
  };
}
