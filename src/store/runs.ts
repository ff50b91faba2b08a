import type Database from 'better-sqlite3';
import type { Kind } from '../model/index.js';
import { StoreError } from './errors.js';
import { canonicalKinds, RUN_LOOKED_FOR_KINDS, wantKindsParam } from './kindsSql.js';
import { ownerAlive, type Owner } from './liveness.js';
import { RUN_SELECT, toRunRow, type RunRecord } from './rows.js';
import type { PullParams, RunFinish, RunRow, RunStart } from './types.js';

/** Services of a pull as stored and compared: sorted, each once. */
export function canonicalServices(services: readonly string[]): string {
  return JSON.stringify([...new Set(services)].sort());
}

function finishParams(f: RunFinish): Record<string, unknown> {
  return {
    format: f.format,
    contentHash: f.contentHash,
    entries: f.entries,
    badRecords: f.badRecords,
    complete: f.complete ? 1 : 0,
    incompleteReason: f.complete ? null : (f.incompleteReason ?? 'stopped early'),
    firstUs: f.firstUs,
    lastUs: f.lastUs,
    bytes: f.bytes ?? null,
  };
}

const SET_FINISH = `
  format = @format, content_hash = @contentHash, entries = @entries, bad_records = @badRecords,
  complete = @complete, incomplete_reason = @incompleteReason, first_us = @firstUs, last_us = @lastUs,
  bytes = COALESCE(@bytes, bytes), finished_at = @now`;

/** The `runs` and `run_services` tables. Callers own the transactions. */
export class RunsRepo {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly dupStmt;
  private readonly doneStmt;
  private readonly statusStmt;
  private readonly serviceStmt;
  private readonly runningStmt;
  private readonly abandonStmt;
  private readonly claimStmt;

  constructor(private readonly db: Database.Database) {
    this.insertStmt = db.prepare(`
      INSERT INTO runs (kind, source_name, status, started_at, pid, host, proc_start, kinds, text_service, redacted,
                        range_start_us, range_end_us, project, services, filter, sampled)
      VALUES (@kind, @sourceName, 'running', @now, @pid, @host, @procStart, @kinds, @textService, @redacted,
              @rangeStartUs, @rangeEndUs, @project, @services, @filter, @sampled)`);
    this.getStmt = db.prepare(`${RUN_SELECT} WHERE r.id = ?`);
    this.dupStmt = db.prepare(`
      SELECT id FROM runs
      WHERE status = 'done' AND content_hash = @hash AND kinds = @kinds AND text_service IS @textService
        AND redacted = @redacted AND id <> @id
      ORDER BY id LIMIT 1`);
    // File runs speak for [first, last] of what they read: stored half-open, like every range.
    this.doneStmt = db.prepare(`
      UPDATE runs SET status = 'done', ${SET_FINISH},
        range_start_us = CASE WHEN kind IN ('file', 'stdin') THEN @firstUs ELSE range_start_us END,
        range_end_us   = CASE WHEN kind IN ('file', 'stdin') THEN @lastUs + 1 ELSE range_end_us END
      WHERE id = @id AND status = 'running'`);
    this.statusStmt = db.prepare(`
      UPDATE runs SET status = @status, duplicate_of = @duplicateOf, ${SET_FINISH}
      WHERE id = @id AND status = 'running'`);
    this.serviceStmt = db.prepare(`INSERT INTO run_services (run_id, service) VALUES (?, ?) ON CONFLICT DO NOTHING`);
    this.runningStmt = db.prepare(`SELECT id, pid, host, proc_start FROM runs WHERE status = 'running'`);
    this.abandonStmt = db.prepare(`
      UPDATE runs SET status = 'abandoned', finished_at = @now,
        incomplete_reason = COALESCE(incomplete_reason, @reason)
      WHERE id = @id AND status = 'running'`);
    this.claimStmt = db.prepare(`
      UPDATE runs SET status = 'running', pid = @pid, host = @host, proc_start = @procStart, finished_at = NULL
      WHERE id = @id AND status = 'abandoned'`);
  }

  insert(s: RunStart, owner: Owner, now: string): number {
    const info = this.insertStmt.run({
      kind: s.kind,
      sourceName: s.sourceName,
      now,
      pid: owner.pid,
      host: owner.host,
      procStart: owner.procStart,
      kinds: JSON.stringify(canonicalKinds(s.kinds ?? [])),
      textService: s.textService ?? null,
      redacted: s.redacted === false ? 0 : 1,
      rangeStartUs: s.rangeStartUs ?? null,
      rangeEndUs: s.rangeEndUs ?? null,
      project: s.project ?? null,
      services: s.services === undefined ? null : canonicalServices(s.services),
      filter: s.filter ?? null,
      sampled: s.sampled ? 1 : 0,
    });
    return Number(info.lastInsertRowid);
  }

  get(id: number): RunRecord | undefined {
    return this.getStmt.get(id) as RunRecord | undefined;
  }

  /** The run, which must still be running: writing into a finished or abandoned run is a bug. */
  requireRunning(id: number): RunRecord {
    const r = this.get(id);
    if (!r) throw new StoreError(`run ${id} does not exist in this history store`);
    if (r.status !== 'running') throw new StoreError(`run ${id} is ${r.status}, not running: nothing more can be written to it`);
    return r;
  }

  /** A done run that read the same bytes with the same options (the same kinds, text service, redaction). */
  findDuplicate(r: RunRecord, contentHash: string): number | null {
    const row = this.dupStmt.get({
      hash: contentHash,
      kinds: r.kinds,
      textService: r.text_service,
      redacted: r.redacted,
      id: r.id,
    }) as { id: number } | undefined;
    return row?.id ?? null;
  }

  markDone(id: number, f: RunFinish, now: string): void {
    this.expectOne(this.doneStmt.run({ id, now, ...finishParams(f) }), id);
  }

  markDuplicate(id: number, of: number, f: RunFinish, now: string): void {
    this.expectOne(this.statusStmt.run({ id, now, status: 'duplicate', duplicateOf: of, ...finishParams(f) }), id);
  }

  markRejected(id: number, f: RunFinish, reason: string, now: string): void {
    this.expectOne(
      this.statusStmt.run({ id, now, status: 'rejected', duplicateOf: null, ...finishParams(f), complete: 0, incompleteReason: reason }),
      id,
    );
  }

  /** Returns false when the run was no longer running (already finished or abandoned). */
  markAbandoned(id: number, reason: string, now: string): boolean {
    return this.abandonStmt.run({ id, now, reason }).changes === 1;
  }

  addServices(id: number, services: Iterable<string>): void {
    for (const s of services) this.serviceStmt.run(id, s);
  }

  /** Running runs whose process is gone. */
  deadRunning(): number[] {
    const rows = this.runningStmt.all() as { id: number; pid: number | null; host: string | null; proc_start: string | null }[];
    return rows.filter((r) => !ownerAlive({ pid: r.pid, host: r.host, procStart: r.proc_start })).map((r) => r.id);
  }

  /** Takes over an abandoned run (resuming a pull); false when another process got there first. */
  claim(id: number, owner: Owner): boolean {
    return this.claimStmt.run({ id, pid: owner.pid, host: owner.host, procStart: owner.procStart }).changes === 1;
  }

  list(status?: RunRow['status']): RunRow[] {
    const rows =
      status === undefined
        ? this.db.prepare(`${RUN_SELECT} ORDER BY r.id`).all()
        : this.db.prepare(`${RUN_SELECT} WHERE r.status = ? ORDER BY r.id`).all(status);
    return (rows as RunRecord[]).map(toRunRow);
  }

  /**
   * Done runs (complete or not) that speak for `service` in [fromUs, toUs): their range overlaps
   * the window, and they saw the service (files) or were asked for it (pulls: also when they saw
   * nothing, e.g. a pull that failed on its first page).
   */
  sources(service: string, fromUs: number, toUs: number, kinds: readonly Kind[] | undefined): RunRow[] {
    const rows = this.db
      .prepare(
        `${RUN_SELECT}
         WHERE r.status = 'done' AND ${RUN_LOOKED_FOR_KINDS}
           AND r.range_start_us < @toUs AND r.range_end_us > @fromUs
           AND (EXISTS (SELECT 1 FROM run_services rs WHERE rs.run_id = r.id AND rs.service = @service)
                OR (r.kind IN ('pull', 'tail')
                    AND (r.services IS NULL OR r.services = '[]'
                         OR EXISTS (SELECT 1 FROM json_each(r.services) s WHERE s.value = @service))))
         ORDER BY r.id`,
      )
      .all({ service, fromUs, toUs, wantKinds: wantKindsParam(kinds) }) as RunRecord[];
    return rows.map(toRunRow);
  }

  findResumable(p: PullParams): RunRecord | undefined {
    return this.db
      .prepare(
        `${RUN_SELECT}
         WHERE r.kind = 'pull' AND r.status = 'abandoned' AND r.project = @project AND r.services = @services
           AND r.filter = @filter AND r.range_start_us = @rangeStartUs AND r.range_end_us = @rangeEndUs
         ORDER BY r.id DESC LIMIT 1`,
      )
      .get({
        project: p.project,
        services: canonicalServices(p.services),
        filter: p.filter,
        rangeStartUs: p.rangeStartUs,
        rangeEndUs: p.rangeEndUs,
      }) as RunRecord | undefined;
  }

  private expectOne(info: Database.RunResult, id: number): void {
    if (info.changes !== 1) throw new StoreError(`run ${id} is no longer running: it cannot be finished`);
  }
}
