import type Database from 'better-sqlite3';
import type { RevisionMap, RevisionRow } from './types.js';

/** First and last time each revision of each service was seen, across every run. */
export class RevisionsRepo {
  private readonly upsertStmt;
  private readonly listStmt;
  private readonly latestStmt;
  private readonly servicesStmt;

  constructor(db: Database.Database) {
    this.upsertStmt = db.prepare(`
      INSERT INTO revisions (service, revision, first_us, last_us) VALUES (?, ?, ?, ?)
      ON CONFLICT (service, revision) DO UPDATE SET
        first_us = MIN(first_us, excluded.first_us),
        last_us  = MAX(last_us, excluded.last_us)`);
    this.listStmt = db.prepare(`
      SELECT service, revision, first_us AS firstUs, last_us AS lastUs
      FROM revisions WHERE service = ? ORDER BY first_us, revision`);
    // The newest revision is the one that appeared last (Cloud Run names also sort by generation).
    this.latestStmt = db.prepare(`
      SELECT service, revision, first_us AS firstUs, last_us AS lastUs
      FROM revisions WHERE service = ? ORDER BY first_us DESC, revision DESC LIMIT 1`);
    this.servicesStmt = db.prepare(`SELECT DISTINCT service FROM revisions ORDER BY service`);
  }

  services(): string[] {
    return (this.servicesStmt.all() as { service: string }[]).map((r) => r.service);
  }

  merge(revisions: RevisionMap): void {
    for (const [service, byRevision] of revisions) {
      for (const [revision, span] of byRevision) this.upsertStmt.run(service, revision, span.firstUs, span.lastUs);
    }
  }

  list(service: string): RevisionRow[] {
    return this.listStmt.all(service) as RevisionRow[];
  }

  latest(service: string): RevisionRow | null {
    return (this.latestStmt.get(service) as RevisionRow | undefined) ?? null;
  }
}
