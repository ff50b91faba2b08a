import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/openStore.js';
import { ensureBuilt, ingestFiles, removeTempDirs, runCli, sleep, snapshot, tempDir, writeBigExport } from './helpers.js';

beforeAll(() => ensureBuilt());

/** Polls the store from outside until `ready` holds (the writer is mid-ingest), or fails. */
async function waitFor(dbPath: string, ready: (db: Database.Database) => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 1000 });
      try {
        if (ready(db)) return;
      } finally {
        db.close();
      }
    } catch {
      // not created or not migrated yet
    }
    await sleep(5);
  }
  throw new Error(`store ${dbPath} never reached the awaited state`);
}

describe('crashes and concurrency (child processes on real files)', () => {
  it('SIGKILL mid-ingest leaves a consistent store; running the ingest again completes it', async () => {
    const dir = tempDir();
    const file = join(dir, 'big.json');
    // ~200k entries of ~1 KB, a finding every 10th: the first finding batch commits long before the end.
    writeBigExport(file, 200_000, { findingEvery: 10, revisionSwitch: 100_000 });
    expect(statSync(file).size).toBeGreaterThan(100e6);
    const db = join(dir, 'h.db');

    const { child, done } = runCli(['ingest', file, '--db', db, '-q']);
    await waitFor(
      db,
      (d) => (d.prepare(`SELECT COUNT(*) AS n FROM findings`).get() as { n: number }).n > 0,
      30_000,
    );
    child.kill('SIGKILL');
    const exited = await done;
    expect(exited.signal).toBe('SIGKILL'); // killed mid-read, not finished

    const s = openStore(db);
    try {
      expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(s.db.pragma('foreign_key_check')).toEqual([]);
      const [run] = s.runs();
      expect(run).toMatchObject({ status: 'abandoned', complete: false });
      const partial = s.countFindings();
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(20_000);
      expect(s.db.prepare(`SELECT COUNT(*) AS n FROM coverage WHERE run_id = ?`).get(run!.runId)).toEqual({ n: 0 });
      expect(s.sources('netra-backend-staging', 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
      expect(s.abandonedRuns()).toHaveLength(1);
    } finally {
      s.close();
    }

    const again = await runCli(['ingest', file, '--db', db, '--json']).done;
    expect(again.stderr).not.toContain('internal error');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).inputs[0]).toMatchObject({ status: 'done', complete: true, entries: 200_000 });

    const clean = openStore(join(dir, 'clean.db'));
    const resumed = openStore(db);
    try {
      await ingestFiles(clean, [file]);
      expect(snapshot(resumed)).toEqual(snapshot(clean));
      expect(resumed.countFindings()).toBe(20_000);
      expect(resumed.runs().map((r) => r.status)).toEqual(['abandoned', 'done']);
    } finally {
      clean.close();
      resumed.close();
    }
  });

  it('two ingests into one store at the same time both succeed, and all their data is there', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    // Dense findings: each writer commits many batches while the other is writing too.
    writeBigExport(a, 50_000, { findingEvery: 2, service: 'svc-a' });
    writeBigExport(b, 50_000, { findingEvery: 2, service: 'svc-b', revisionSwitch: 25_000 });
    const db = join(dir, 'h.db');

    const [ra, rb] = await Promise.all([runCli(['ingest', a, '--db', db, '--json']).done, runCli(['ingest', b, '--db', db, '--json']).done]);
    expect([ra.code, rb.code, ra.stderr + rb.stderr]).toEqual([0, 0, expect.not.stringContaining('error')]);

    const shared = openStore(db);
    const sequential = openStore(join(dir, 'seq.db'));
    try {
      const runs = shared.runs();
      expect(runs.map((r) => r.status)).toEqual(['done', 'done']);
      // They really ran at the same time.
      const [x, y] = runs;
      expect(x!.startedAt < y!.finishedAt! && y!.startedAt < x!.finishedAt!).toBe(true);
      expect(shared.countFindings()).toBe(50_000);
      await ingestFiles(sequential, [a, b]);
      const got = snapshot(shared);
      const want = snapshot(sequential);
      expect(got.coverage).toEqual(want.coverage);
      expect(got.revisions).toEqual(want.revisions);
      expect(got.findings).toEqual(want.findings);
      expect(shared.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      shared.close();
      sequential.close();
    }
  });
});

// Stores are closed by then (afterEach, or the tests' own finally blocks).
afterAll(removeTempDirs);
