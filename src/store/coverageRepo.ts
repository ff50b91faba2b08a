import type Database from 'better-sqlite3';
import type { CoverageBucket, Kind } from '../model/index.js';
import { minuteOf } from '../model/index.js';
import { RUN_LOOKED_FOR_KINDS, wantKindsParam } from './kindsSql.js';
import type { CoverageMap } from './types.js';

/** Entries per service per minute, per run. Queries aggregate over done runs only. */
export class CoverageRepo {
  private readonly insertStmt;
  private readonly addStmt;
  private readonly queryStmt;
  private readonly servicesStmt;
  private readonly spanStmt;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO coverage (service, minute, run_id, entries, first_us, last_us) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    // A pull page adds to what earlier pages of the same run saw in that minute.
    this.addStmt = db.prepare(`
      INSERT INTO coverage (service, minute, run_id, entries, first_us, last_us) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (service, minute, run_id) DO UPDATE SET
        entries  = entries + excluded.entries,
        first_us = MIN(first_us, excluded.first_us),
        last_us  = MAX(last_us, excluded.last_us)`);
    // Two exports of the same minute hold (mostly) the same entries: MAX, not SUM, so nothing is counted twice.
    this.queryStmt = db.prepare(`
      SELECT c.minute AS minute, MAX(c.entries) AS entries, MIN(c.first_us) AS firstUs, MAX(c.last_us) AS lastUs
      FROM coverage c
      WHERE c.service = @service AND c.minute BETWEEN @fromMinute AND @toMinute
        AND c.run_id IN (SELECT r.id FROM runs r WHERE r.status = 'done' AND ${RUN_LOOKED_FOR_KINDS})
      GROUP BY c.minute
      ORDER BY c.minute`);
    this.servicesStmt = db.prepare(`SELECT DISTINCT service FROM coverage ORDER BY service`);
    // The first and last minute come from the primary key (service, minute, …); only their rows are read.
    this.spanStmt = db.prepare(`
      WITH done AS (SELECT c.minute, c.first_us, c.last_us FROM coverage c
                    WHERE c.service = @service AND c.run_id IN (SELECT r.id FROM runs r WHERE r.status = 'done'))
      SELECT (SELECT MIN(first_us) FROM done WHERE minute = (SELECT MIN(minute) FROM done)) AS firstUs,
             (SELECT MAX(last_us) FROM done WHERE minute = (SELECT MAX(minute) FROM done)) AS lastUs`);
  }

  /** A finished file run's coverage, written once (inside the run's final transaction). */
  writeRun(runId: number, coverage: CoverageMap): number {
    let rows = 0;
    for (const [service, minutes] of coverage) {
      for (const b of minutes.values()) {
        this.insertStmt.run(service, b.minute, runId, b.entries, b.firstUs, b.lastUs);
        rows++;
      }
    }
    return rows;
  }

  /** One pull page's coverage, added to the run's (inside the page's transaction). */
  addDelta(runId: number, coverage: CoverageMap): void {
    for (const [service, minutes] of coverage) {
      for (const b of minutes.values()) this.addStmt.run(service, b.minute, runId, b.entries, b.firstUs, b.lastUs);
    }
  }

  /**
   * Minute buckets of `service` that touch [fromUs, toUs), aggregated across done runs:
   * MAX(entries), MIN(first), MAX(last). Boundary buckets may reach outside the window: their
   * exact first/last µs tell the caller how far.
   */
  query(service: string, fromUs: number, toUs: number, kinds: readonly Kind[] | undefined): CoverageBucket[] {
    if (toUs <= fromUs) return [];
    return this.queryStmt.all({
      service,
      fromMinute: minuteOf(fromUs),
      toMinute: minuteOf(toUs - 1),
      wantKinds: wantKindsParam(kinds),
    }) as CoverageBucket[];
  }

  services(): string[] {
    return (this.servicesStmt.all() as { service: string }[]).map((r) => r.service);
  }

  /** First and last entry of `service` over done runs; null when it has no coverage. */
  span(service: string): { firstUs: number; lastUs: number } | null {
    const r = this.spanStmt.get({ service }) as { firstUs: number | null; lastUs: number | null };
    return r.firstUs === null || r.lastUs === null ? null : { firstUs: r.firstUs, lastUs: r.lastUs };
  }
}
