import type { Finding } from '../model/index.js';
import { formatUs } from '../model/index.js';
import type { FindingGroupRow, GroupBy } from '../store/types.js';
import { formatInZone } from '../time/zone.js';
import { csvRecord } from './csv.js';
import { findingToJson } from './findingJson.js';

/**
 * `findings --format json|csv`: the outputs scripts read. They are produced as a stream of text
 * chunks, so a million findings are written without holding them all.
 */

function local(us: number | null, zone: string | null): string | null {
  return us === null || zone === null ? null : formatInZone(us, zone);
}

/** The finding contract (as `scan --format json` prints it), plus `timestampLocal` with --tz. */
export function findingExportJson(f: Finding, zone: string | null): Record<string, unknown> {
  const doc = findingToJson(f);
  return zone ? { ...doc, timestampLocal: local(f.timestampUs, zone) } : doc;
}

function indent(json: string): string {
  return json.replace(/\n/g, '\n  ');
}

/** A JSON array, one element at a time: `[]` when there is none. */
export function* jsonArrayChunks<T>(items: Iterable<T>, toJson: (item: T) => unknown): Generator<string> {
  let first = true;
  for (const item of items) {
    yield `${first ? '[\n  ' : ',\n  '}${indent(JSON.stringify(toJson(item), null, 2))}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}

const FINDING_COLUMNS = [
  'timestamp',
  'kind',
  'service',
  'revision',
  'instance',
  'severity',
  'fingerprint',
  'fingerprintKey',
  'insertId',
  'logName',
  'id',
  'message',
  'details',
] as const;

export function* findingsCsvChunks(findings: Iterable<Finding>, zone: string | null): Generator<string> {
  yield csvRecord(zone ? ['timestamp', 'timestampLocal', ...FINDING_COLUMNS.slice(1)] : [...FINDING_COLUMNS]);
  for (const f of findings) {
    const key = f.details['fingerprintKey'];
    yield csvRecord([
      f.timestamp,
      ...(zone ? [local(f.timestampUs, zone)] : []),
      f.kind,
      f.service,
      f.revision,
      f.instance ?? null,
      f.severity,
      f.fingerprint,
      typeof key === 'string' ? key : null,
      f.insertId,
      f.logName,
      f.id,
      f.message,
      JSON.stringify(f.details),
    ]);
  }
}

/** One group of `--group-by` as JSON: the key, count, first and last seen (UTC, and local with --tz), and what it holds. */
export function groupExportJson(r: FindingGroupRow, by: GroupBy, zone: string | null): Record<string, unknown> {
  return {
    groupBy: by,
    key: r.key,
    ...(by === 'hour' && zone ? { keyLocal: local(r.keyUs, zone) } : {}),
    count: r.count,
    firstSeen: r.firstUs === null ? null : formatUs(r.firstUs),
    lastSeen: r.lastUs === null ? null : formatUs(r.lastUs),
    ...(zone ? { firstSeenLocal: local(r.firstUs, zone), lastSeenLocal: local(r.lastUs, zone) } : {}),
    kinds: r.kinds,
    services: r.services,
    revisions: r.revisions,
    fingerprints: r.fingerprints,
    fingerprintKey: r.fingerprintKey,
    example: r.example,
  };
}

export function* groupsCsvChunks(rows: Iterable<FindingGroupRow>, by: GroupBy, zone: string | null): Generator<string> {
  const head = ['groupBy', 'key', 'count', 'firstSeen', 'lastSeen', 'kinds', 'services', 'revisions', 'fingerprints', 'fingerprintKey', 'example'];
  if (zone) head.splice(2, 0, 'keyLocal');
  if (zone) head.splice(6, 0, 'firstSeenLocal', 'lastSeenLocal');
  yield csvRecord(head);
  for (const r of rows) {
    const cells: (string | number | null)[] = [
      by,
      r.key,
      r.count,
      r.firstUs === null ? null : formatUs(r.firstUs),
      r.lastUs === null ? null : formatUs(r.lastUs),
      r.kinds.join(' '),
      r.services.join(' '),
      r.revisions.join(' '),
      r.fingerprints,
      r.fingerprintKey,
      r.example,
    ];
    if (zone) cells.splice(2, 0, by === 'hour' ? local(r.keyUs, zone) : null);
    if (zone) cells.splice(6, 0, local(r.firstUs, zone), local(r.lastUs, zone));
    yield csvRecord(cells);
  }
}
