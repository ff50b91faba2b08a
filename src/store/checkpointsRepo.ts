import type Database from 'better-sqlite3';
import type { PullCheckpoint } from './types.js';

interface CheckpointRecord {
  seq: number;
  stage: string;
  page_token: string | null;
  last_ts_us: number | null;
  entries: number;
  findings: number;
  requests: number;
}

/** Where a pull stopped: one row per run, replaced after every page. */
export class CheckpointsRepo {
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare(
      `SELECT seq, stage, page_token, last_ts_us, entries, findings, requests FROM pull_checkpoints WHERE run_id = ?`,
    );
    this.putStmt = db.prepare(`
      INSERT INTO pull_checkpoints (run_id, seq, stage, page_token, last_ts_us, entries, findings, requests, updated_at)
      VALUES (@runId, @seq, @stage, @pageToken, @lastTsUs, @entries, @findings, @requests, @now)
      ON CONFLICT (run_id) DO UPDATE SET
        seq = excluded.seq, stage = excluded.stage, page_token = excluded.page_token, last_ts_us = excluded.last_ts_us,
        entries = excluded.entries, findings = excluded.findings, requests = excluded.requests, updated_at = excluded.updated_at`);
  }

  get(runId: number): PullCheckpoint | null {
    const r = this.getStmt.get(runId) as CheckpointRecord | undefined;
    if (!r) return null;
    return {
      seq: r.seq,
      stage: r.stage,
      pageToken: r.page_token,
      lastTsUs: r.last_ts_us,
      entries: r.entries,
      findings: r.findings,
      requests: r.requests,
    };
  }

  put(runId: number, cp: PullCheckpoint, now: string): void {
    this.putStmt.run({ runId, now, ...cp });
  }
}
