import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/openStore.js';
import { gcloudArray } from '../support/entries.js';
import { ensureBuilt, entry, range, removeTempDirs, runCli, tempDir } from './helpers.js';

beforeAll(() => ensureBuilt());

function exportFile(dir: string, name: string, n = 120): string {
  const path = join(dir, name);
  writeFileSync(path, gcloudArray(range(0, n).map((i) => entry(i, { findingEvery: 30 })).reverse()));
  return path;
}

describe('ssot-watch ingest (CLI contract)', () => {
  it('stores inputs, prints one line per input and a total on stderr, and a JSON document with --json', async () => {
    const dir = tempDir();
    const a = exportFile(dir, 'a.json');
    const db = join(dir, 'h.db');
    const r = await runCli(['ingest', a, a.replace('a.json', '*.json'), '--db', db, '--json']).done;
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.db).toBe(db);
    // The glob names the same file again: read again, and recognised as the same bytes.
    expect(doc.inputs).toHaveLength(2);
    expect(doc.inputs[0]).toMatchObject({ name: a, status: 'done', entries: 120, findings: 4, newFindings: 4, complete: true });
    expect(doc.inputs[0].contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.inputs[1]).toMatchObject({ status: 'duplicate', duplicateOf: 1, newFindings: 0, contentHash: doc.inputs[0].contentHash });
    expect(doc.totals).toEqual({ inputs: 2, entries: 240, findings: 8, newFindings: 4, duplicates: 1, incomplete: 0, rejected: 0 });
    expect(r.stderr).toMatch(/a\.json: gcloud-array, 120 entries, 0 bad records, 4 findings \(4 new\); run #1 stored/);
    expect(r.stderr).toMatch(/^ingest: 2 inputs, 240 entries, 4 new findings \(of 8 read\), 1 duplicate input skipped/m);

    const again = await runCli(['ingest', a, '--db', db]).done;
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('duplicate of run #1');
    expect(again.stderr).toContain('1 duplicate input skipped');
  });

  it('uses SSOT_WATCH_DB when --db is not given', async () => {
    const dir = tempDir();
    const a = exportFile(dir, 'a.json');
    const db = join(dir, 'env', 'h.db');
    const r = await runCli(['ingest', a, '-q'], { SSOT_WATCH_DB: db }).done;
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(existsSync(db)).toBe(true);
    const s = openStore(db);
    expect(s.countFindings()).toBe(4);
    s.close();
  });

  it('exit 4 for unusable input (other inputs are still stored), with --strict for a cut export', async () => {
    const dir = tempDir();
    const good = exportFile(dir, 'good.json');
    const garbage = join(dir, 'garbage.bin');
    writeFileSync(garbage, Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7]));
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, gcloudArray(range(0, 50).map((i) => entry(i))).slice(0, -30));
    const db = join(dir, 'h.db');

    const r = await runCli(['ingest', good, garbage, '--db', db]).done;
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('not a known log format');
    const lenient = await runCli(['ingest', cut, '--db', db, '--json']).done;
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout).totals.incomplete).toBe(1);
    const strict = await runCli(['ingest', cut, '--db', join(dir, 'strict.db'), '--strict']).done;
    expect(strict.code).toBe(4);
    expect(strict.stderr).toContain('rejected');

    const s = openStore(db);
    expect(s.runs().map((x) => [x.name.split('/').pop(), x.status])).toEqual([
      ['good.json', 'done'],
      ['garbage.bin', 'rejected'],
      ['cut.json', 'done'],
    ]);
    s.close();
    const missing = await runCli(['ingest', join(dir, 'nope.json'), '--db', db]).done;
    expect(missing.code).toBe(4);
  });

  it('exit 3 for usage errors; --no-redact is refused for a store on disk', async () => {
    const dir = tempDir();
    const a = exportFile(dir, 'a.json');
    const db = join(dir, 'h.db');
    expect((await runCli(['ingest', a, '--db', db, '--kinds', 'nope']).done).code).toBe(3);
    const r = await runCli(['ingest', a, '--db', db, '--no-redact']).done;
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('must never hold secrets');
    expect(existsSync(db)).toBe(false);
    expect((await runCli(['ingest', a, '--db', ':memory:', '--no-redact', '-q']).done).code).toBe(0);
  });

  it('exit 4 with a clear message for a store written by a newer version', async () => {
    const dir = tempDir();
    const a = exportFile(dir, 'a.json');
    const db = join(dir, 'h.db');
    const s = openStore(db);
    s.db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')`).run();
    s.close();
    const r = await runCli(['ingest', a, '--db', db]).done;
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('written by a newer ssot-watch');
  });
});

// Stores are closed by then (afterEach, or the tests' own finally blocks).
afterAll(removeTempDirs);
