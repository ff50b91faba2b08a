import type Database from 'better-sqlite3';
import type { Finding, Kind } from '../model/index.js';
import { formatUs } from '../model/index.js';
import { findingOrder, findingWhere, GROUP_KEY, limitClause } from './queries.js';
import type { FindingGroupRow, FindingQuery, GroupBy } from './types.js';

interface FindingRecord {
  id: string;
  kind: Kind;
  ts_us: number | null;
  service: string | null;
  revision: string | null;
  instance: string | null;
  severity: Finding['severity'];
  fingerprint: string;
  message: string;
  details: string;
  insert_id: string | null;
  log_name: string | null;
  source: string | null;
}

/** Sorts findings without a time after all others (20 digits: the width of the sort key's time part). */
const UNTIMED_SORT = '99999999999999999999';

const COLUMNS = 'id, kind, ts_us, service, revision, instance, severity, fingerprint, message, details, insert_id, log_name, source';

function toFinding(r: FindingRecord): Finding {
  const f: Finding = {
    id: r.id,
    kind: r.kind,
    // Readers store the canonical form of the time, so it is rebuilt exactly from the µs.
    timestamp: r.ts_us === null ? null : formatUs(r.ts_us),
    timestampUs: r.ts_us,
    service: r.service,
    revision: r.revision,
    instance: r.instance,
    severity: r.severity,
    fingerprint: r.fingerprint,
    message: r.message,
    details: JSON.parse(r.details) as Record<string, unknown>,
    insertId: r.insert_id,
    logName: r.log_name,
  };
  if (r.source !== null) f.source = JSON.parse(r.source) as NonNullable<Finding['source']>;
  return f;
}

interface GroupRecord {
  key: string | number | null;
  count: number;
  firstUs: number | null;
  lastUs: number | null;
  kinds: string;
  services: string;
  revisions: string;
  fingerprints: number;
  example: string;
  fingerprintKey: string | null;
}

function nonNullStrings(json: string): string[] {
  return (JSON.parse(json) as (string | null)[]).filter((s): s is string => s !== null).sort();
}

/** The `findings` table: written in batches by ingest and pull, queried by the analysis commands. */
export class FindingsRepo {
  private readonly insertStmt;

  constructor(private readonly db: Database.Database) {
    // ON CONFLICT(id) rather than INSERT OR IGNORE: only "already stored" is ignored; a row that
    // breaks another constraint still fails loudly instead of vanishing.
    this.insertStmt = db.prepare(`
      INSERT INTO findings (${COLUMNS}, run_id)
      VALUES (@id, @kind, @tsUs, @service, @revision, @instance, @severity, @fingerprint, @message, @details,
              @insertId, @logName, @source, @runId)
      ON CONFLICT (id) DO NOTHING`);
  }

  /** Stores the findings not stored yet; returns how many were new. Call inside a transaction. */
  insertMany(runId: number, findings: readonly Finding[]): number {
    let added = 0;
    for (const f of findings) {
      added += this.insertStmt.run({
        id: f.id,
        kind: f.kind,
        tsUs: f.timestampUs,
        service: f.service,
        revision: f.revision,
        instance: f.instance ?? null,
        severity: f.severity,
        fingerprint: f.fingerprint,
        message: f.message,
        details: JSON.stringify(f.details),
        insertId: f.insertId,
        logName: f.logName,
        source: f.source ? JSON.stringify(f.source) : null,
        runId,
      }).changes;
    }
    return added;
  }

  list(q: FindingQuery): Finding[] {
    return [...this.iterate(q)];
  }

  /** Streams the matching findings, in `q.order` (oldest first by default), without loading them all. */
  *iterate(q: FindingQuery): Generator<Finding> {
    const w = findingWhere(q);
    const limit = limitClause(q, w.params);
    const stmt = this.db.prepare(`SELECT ${COLUMNS} FROM findings ${w.sql} ${findingOrder(q)} ${limit}`);
    for (const r of stmt.iterate(w.params)) yield toFinding(r as FindingRecord);
  }

  /** Times of the matching findings (those with one), ascending: all a window computation needs, read from an index. */
  times(q: FindingQuery): number[] {
    const w = findingWhere(q);
    const time = w.sql === '' ? 'WHERE ts_us IS NOT NULL' : `${w.sql} AND ts_us IS NOT NULL`;
    const limit = limitClause(q, w.params);
    return this.db.prepare(`SELECT ts_us FROM findings ${time} ORDER BY ts_us ${limit}`).pluck().all(w.params) as number[];
  }

  count(q: FindingQuery): number {
    const w = findingWhere(q);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM findings ${w.sql}`).get(w.params) as { n: number }).n;
  }

  /**
   * Groups with count, first and last seen, in one aggregate pass over the matching rows. The
   * example is the earliest finding's message: the pass keeps only that finding's rowid (the
   * minimum of a sortable "time|rowid" string; ties go to the first stored), and the message is
   * fetched by rowid once per group, so wide rows are never copied around.
   */
  group(q: FindingQuery, by: GroupBy): FindingGroupRow[] {
    const w = findingWhere(q);
    const key = GROUP_KEY[by];
    const order = by === 'hour' ? 'ORDER BY g.key IS NULL, g.key' : 'ORDER BY g.count DESC, g.firstUs IS NULL, g.firstUs, g.key';
    const limit = limitClause(q, w.params);
    const sql = `
      WITH g AS (
        SELECT ${key} AS key, COUNT(*) AS count, MIN(ts_us) AS firstUs, MAX(ts_us) AS lastUs,
               json_group_array(DISTINCT kind) AS kinds, json_group_array(DISTINCT service) AS services,
               json_group_array(DISTINCT revision) AS revisions, COUNT(DISTINCT fingerprint) AS fingerprints,
               MIN(printf('%020d|', COALESCE(ts_us, ${UNTIMED_SORT})) || rowid) AS earliest
        FROM findings ${w.sql}
        GROUP BY 1)
      SELECT g.key, g.count, g.firstUs, g.lastUs, g.kinds, g.services, g.revisions, g.fingerprints,
             f.message AS example, json_extract(f.details, '$.fingerprintKey') AS fingerprintKey
      FROM g JOIN findings f ON f.rowid = CAST(substr(g.earliest, 22) AS INTEGER)
      ${order} ${limit}`;
    const rows = this.db.prepare(sql).all(w.params) as GroupRecord[];
    return rows.map((r) => ({
      key: r.key === null ? null : by === 'hour' ? formatUs(Number(r.key)) : String(r.key),
      keyUs: by === 'hour' && r.key !== null ? Number(r.key) : null,
      count: r.count,
      firstUs: r.firstUs,
      lastUs: r.lastUs,
      kinds: nonNullStrings(r.kinds) as Kind[],
      services: nonNullStrings(r.services),
      revisions: nonNullStrings(r.revisions),
      fingerprints: r.fingerprints,
      example: r.example,
      fingerprintKey: by === 'fingerprint' && typeof r.fingerprintKey === 'string' ? r.fingerprintKey : null,
    }));
  }

  /** Services that have findings (the index on (service, ts_us) answers this without reading rows). */
  services(): string[] {
    return (this.db.prepare(`SELECT DISTINCT service FROM findings WHERE service IS NOT NULL ORDER BY service`).all() as {
      service: string;
    }[]).map((r) => r.service);
  }
}
