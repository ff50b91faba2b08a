import type { Format, Kind } from '../model/index.js';
import type { RunRow, RunStatus } from './types.js';

/** A `runs` row as SQLite returns it. */
export interface RunRecord {
  id: number;
  kind: RunRow['kind'];
  source_name: string;
  content_hash: string | null;
  format: string | null;
  status: RunStatus;
  duplicate_of: number | null;
  started_at: string;
  finished_at: string | null;
  pid: number | null;
  host: string | null;
  proc_start: string | null;
  kinds: string;
  text_service: string | null;
  redacted: number;
  entries: number;
  bad_records: number;
  bytes: number | null;
  complete: number | null;
  incomplete_reason: string | null;
  first_us: number | null;
  last_us: number | null;
  range_start_us: number | null;
  range_end_us: number | null;
  project: string | null;
  services: string | null;
  filter: string | null;
  sampled: number;
  /** JSON array of the services seen (joined from run_services). */
  seen: string | null;
}

/** Selects every runs column plus the services seen; callers add WHERE/ORDER. */
export const RUN_SELECT = `
  SELECT r.*, (SELECT json_group_array(service) FROM (SELECT service FROM run_services WHERE run_id = r.id ORDER BY service)) AS seen
  FROM runs r`;

function jsonStrings(s: string | null): string[] {
  if (s === null) return [];
  const v: unknown = JSON.parse(s);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function toRunRow(r: RunRecord): RunRow {
  const requested = jsonStrings(r.services);
  const isPull = r.kind === 'pull' || r.kind === 'tail';
  return {
    runId: r.id,
    kind: r.kind,
    name: r.source_name,
    format: (r.format ?? 'unknown') as Format,
    contentHash: r.content_hash,
    entries: r.entries,
    badRecords: r.bad_records,
    // A run that never finished was not read to its end.
    complete: r.complete === 1,
    incompleteReason: r.complete === null ? (r.incomplete_reason ?? `not finished (${r.status})`) : r.incomplete_reason,
    firstUs: r.first_us,
    lastUs: r.last_us,
    rangeStartUs: r.range_start_us,
    rangeEndUs: r.range_end_us,
    sampled: r.sampled === 1,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    project: r.project,
    services: isPull ? requested : jsonStrings(r.seen),
    filter: r.filter,
    kinds: jsonStrings(r.kinds) as Kind[],
    textService: r.text_service,
    pid: r.pid,
    host: r.host,
    bytes: r.bytes,
    duplicateOf: r.duplicate_of,
  };
}
