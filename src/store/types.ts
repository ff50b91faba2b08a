import type { CoverageBucket, Finding, Format, Kind, SourceRef } from '../model/index.js';

/** How a run got its data. */
export type RunKind = SourceRef['kind'];

/**
 * - `running`: being written by a live process (its findings are real; it has no counted coverage yet);
 * - `done`: finished; its coverage counts (complete or not: `complete` says whether it was read to its end);
 * - `abandoned`: its process died (or gave up) before finishing: proves nothing; a pull can be resumed;
 * - `duplicate`: the same bytes were already ingested with the same options by a done run: nothing written;
 * - `rejected`: the input could not be used (unknown format, nothing readable, `--strict`): no coverage.
 */
export type RunStatus = 'running' | 'done' | 'abandoned' | 'duplicate' | 'rejected';
export const RUN_STATUSES: readonly RunStatus[] = ['running', 'done', 'abandoned', 'duplicate', 'rejected'];

export interface RunStart {
  kind: RunKind;
  sourceName: string;
  /**
   * The kinds this run looked for. Coverage of a run that did not look for a kind never makes a
   * window "clean" for that kind (`coverage`/`sources` with `kinds`). Default: none, so a caller
   * that forgets it gets INCONCLUSIVE, never a false CLEAN.
   */
  kinds?: readonly Kind[];
  /** Service plain-text lines were attributed to (it changes coverage, so it is part of the run's identity). */
  textService?: string | null;
  /** False only for `--no-redact` reads into a throwaway (`:memory:`) store. Default true. */
  redacted?: boolean;
  /** For pulls: the project and the services asked for, and the requested range. */
  project?: string;
  services?: readonly string[];
  rangeStartUs?: number;
  rangeEndUs?: number;
  /** For pulls: the exact Cloud Logging filter sent (resume only continues an identical pull). */
  filter?: string;
  sampled?: boolean;
}

export interface RunFinish {
  format: Format;
  contentHash: string | null;
  entries: number;
  badRecords: number;
  complete: boolean;
  incompleteReason: string | null;
  firstUs: number | null;
  lastUs: number | null;
  /** Bytes read as stored, when known. */
  bytes?: number | null;
}

/** Per service, per minute: what was seen. Built in memory while reading, written at the end. */
export type CoverageMap = Map<string, Map<number, CoverageBucket>>;

/** Per service, per revision: first and last entry time. */
export type RevisionSpan = { firstUs: number; lastUs: number };
export type RevisionMap = Map<string, Map<string, RevisionSpan>>;

/** What a finished read adds besides findings (those are written in batches while reading). */
export interface RunData {
  coverage: CoverageMap;
  revisions: RevisionMap;
}

export interface RunRow extends SourceRef {
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  project: string | null;
  /** Pulls: the services asked for ([] = all). Files: the services seen. */
  services: string[];
  filter: string | null;
  kinds: Kind[];
  textService: string | null;
  pid: number | null;
  host: string | null;
  bytes: number | null;
  /** For `duplicate` runs: the done run that already holds the same bytes. */
  duplicateOf: number | null;
}

export interface RevisionRow {
  service: string;
  revision: string;
  firstUs: number;
  lastUs: number;
}

export interface FindingQuery {
  kinds?: readonly Kind[];
  services?: readonly string[];
  revisions?: readonly string[];
  fingerprints?: readonly string[];
  /** Only findings whose time is unknown (text lines before any timestamp). */
  untimed?: boolean;
  /** Half-open [fromUs, toUs). Findings without a timestamp never match a time bound. */
  fromUs?: number;
  toUs?: number;
  limit?: number;
  /**
   * Order of `findings`/`iterateFindings` (and so which ones `limit` keeps): `oldest` first
   * (default) or `newest` first; findings without a time come last either way.
   */
  order?: 'oldest' | 'newest';
}

export type GroupBy = 'fingerprint' | 'revision' | 'hour' | 'kind';

/** One line of `findings --group-by`: computed in SQL, never by loading the findings. */
export interface FindingGroupRow {
  /** The fingerprint, revision, kind, or the hour's start (ISO, UTC); null for findings without one. */
  key: string | null;
  /** For `hour`: the hour's start in µs. */
  keyUs: number | null;
  count: number;
  firstUs: number | null;
  lastUs: number | null;
  kinds: Kind[];
  services: string[];
  revisions: string[];
  fingerprints: number;
  /** The message of the earliest finding of the group (already redacted). */
  example: string;
  /** For `fingerprint`: the readable key the fingerprint hashes (e.g. `GET /ws request_log`). */
  fingerprintKey: string | null;
}

/**
 * Saved after every page of a pull, in the same transaction as that page's data.
 * `seq` numbers the pages applied (1 for the first): `saveCheckpoint` applies a page only when it is
 * the next one, so a page replayed after a crash can never be counted twice.
 */
export interface PullCheckpoint {
  seq: number;
  pageToken: string | null;
  lastTsUs: number | null;
  /** Running totals of the pull so far. */
  entries: number;
  findings: number;
  requests: number;
  /** Which stage of the pull the token belongs to (findings query, coverage probes, …). */
  stage: string;
}

/** One page of a pull: its findings and its coverage/revision *deltas* (entries of this page only). */
export interface PageData {
  findings: readonly Finding[];
  coverage: CoverageMap;
  revisions: RevisionMap;
}

/** The parameters a pull is resumed on: all must be identical. */
export interface PullParams {
  project: string;
  services: readonly string[];
  filter: string;
  rangeStartUs: number;
  rangeEndUs: number;
}

export interface ResumableRun {
  run: RunRow;
  checkpoint: PullCheckpoint | null;
}

/** Narrows coverage/sources to runs that looked for every one of these kinds. */
export interface KindsFilter {
  kinds?: readonly Kind[];
}

export type { CoverageBucket, Finding, SourceRef };
