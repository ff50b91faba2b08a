import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createParsers, parsersFor } from '../../parsers/registry.js';
import { minuteOf, parseTimestampUs } from '../../src/model/index.js';
import { ingestInputs, PARALLEL_HASH_MIN_BYTES } from '../../src/pipeline/ingest.js';
import type { HistoryStore } from '../../src/store/historyStore.js';
import { openStore } from '../../src/store/openStore.js';
import { gcloudArray, jsonl } from '../support/entries.js';
import { entry, ingestFiles, range, removeTempDirs, snapshot, tables, tempDir, writeBigExport } from './helpers.js';

const open: HistoryStore[] = [];
function store(path: string): HistoryStore {
  const s = openStore(path);
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const us = (i: number): number => parseTimestampUs(entry(i)['timestamp'] as string)!;

describe('ingest into a real SQLite file', () => {
  it('is idempotent: the same file twice changes no table, and the second run is a duplicate', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.json');
    writeFileSync(file, gcloudArray(range(0, 600).map((i) => entry(i, { findingEvery: 7, revisionSwitch: 300 })).reverse()));
    const s = store(join(dir, 'h.db'));

    const first = await ingestFiles(s, [file], 10); // small batches: several finding transactions
    expect(first.inputs[0]!.status).toBe('done');
    expect(first.inputs[0]!.newFindings).toBeGreaterThan(50);
    const before = tables(s);
    expect(before['coverage']!.length).toBe(10); // 600 entries, one a second: 10 minutes

    const second = await ingestFiles(s, [file]);
    expect(second.inputs[0]!.status).toBe('duplicate');
    expect(second.inputs[0]!.duplicateOf).toBe(first.inputs[0]!.runId);
    expect(second.inputs[0]!.newFindings).toBe(0);
    expect(tables(s)).toEqual(before);
    expect(second.totals.duplicates).toBe(1);

    const runs = s.runs();
    expect(runs.map((r) => r.status)).toEqual(['done', 'duplicate']);
    expect(runs[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(runs[1]!.contentHash).toBe(runs[0]!.contentHash);
    // A duplicate never speaks for a window: only the original does.
    expect(s.sources('netra-backend-staging', us(0), us(600)).map((r) => r.runId)).toEqual([first.inputs[0]!.runId]);
  });

  it('stores what the run read: coverage with exact first/last µs, revisions, run facts', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, jsonl(range(0, 150).map((i) => entry(i, { findingEvery: 10, revisionSwitch: 75 }))));
    const s = store(join(dir, 'h.db'));
    await ingestFiles(s, [file]);

    const cov = s.coverage('netra-backend-staging', us(0), us(149) + 1);
    expect(cov.map((b) => b.entries)).toEqual([60, 60, 30]);
    expect(cov[0]).toEqual({ minute: minuteOf(us(0)), entries: 60, firstUs: us(0), lastUs: us(59) });
    expect(cov[2]!.lastUs).toBe(us(149));
    // Half-open window: ending at entry 60's time leaves its minute out.
    expect(s.coverage('netra-backend-staging', us(0), minuteOf(us(60)) * 60_000_000)).toHaveLength(1);

    expect(s.revisions('netra-backend-staging')).toEqual([
      { service: 'netra-backend-staging', revision: 'netra-backend-staging-00001-abc', firstUs: us(0), lastUs: us(74) },
      { service: 'netra-backend-staging', revision: 'netra-backend-staging-00002-def', firstUs: us(75), lastUs: us(149) },
    ]);
    expect(s.latestRevision('netra-backend-staging')!.revision).toBe('netra-backend-staging-00002-def');

    const [run] = s.runs();
    expect(run).toMatchObject({
      kind: 'file',
      name: file,
      format: 'jsonl',
      status: 'done',
      entries: 150,
      badRecords: 0,
      complete: true,
      firstUs: us(0),
      lastUs: us(149),
      rangeStartUs: us(0),
      rangeEndUs: us(149) + 1,
      services: ['netra-backend-staging'],
      kinds: ['ssot_warning', 'ws_1011', 'auth_403'],
    });
    expect(s.findings({ services: ['netra-backend-staging'] })).toHaveLength(15);
  });

  it('merges two overlapping exports: findings once, coverage as MAX per minute, revisions MIN/MAX', async () => {
    const dir = tempDir();
    const opts = { findingEvery: 5, revisionSwitch: 75 };
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.jsonl');
    const union = join(dir, 'union.json');
    writeFileSync(a, gcloudArray(range(0, 100).map((i) => entry(i, opts)).reverse()));
    writeFileSync(b, jsonl(range(50, 150).map((i) => entry(i, opts))));
    writeFileSync(union, gcloudArray(range(0, 150).map((i) => entry(i, opts)).reverse()));

    const both = store(join(dir, 'both.db'));
    const r = await ingestFiles(both, [a, b]);
    expect(r.inputs.map((i) => i.status)).toEqual(['done', 'done']);
    expect(r.inputs[0]!.newFindings).toBe(20);
    expect(r.inputs[1]!.findings).toBe(20);
    expect(r.inputs[1]!.newFindings).toBe(10); // entries 50..99 were in a already
    expect(both.countFindings()).toBe(30);

    // Minute 0: a has 60 entries, b 10 → 60, not 70. The merged history equals one export of the union.
    const one = store(join(dir, 'one.db'));
    await ingestFiles(one, [union]);
    const merged = snapshot(both);
    const single = snapshot(one);
    expect(merged.coverage).toEqual(single.coverage);
    expect(merged.revisions).toEqual(single.revisions);
    expect(merged.findings.length).toBe(single.findings.length);
    expect(merged.coverage.map((c) => (c as { entries: number }).entries)).toEqual([60, 60, 30]);

    // Both runs fed a window in the overlap; only b fed the last minute.
    expect(both.sources('netra-backend-staging', us(60), us(90)).map((s) => s.name)).toEqual([a, b]);
    expect(both.sources('netra-backend-staging', us(120), us(149) + 1).map((s) => s.name)).toEqual([b]);
  });

  it('a run that did not look for a kind never speaks for it (no false clean through --kinds)', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.json');
    writeFileSync(file, gcloudArray(range(0, 120).map((i) => entry(i)).reverse()));
    const s = store(join(dir, 'h.db'));
    await ingestInputs([{ kind: 'file', path: file }], { store: s, parsers: parsersFor(['ssot_warning']) });
    const svc = 'netra-backend-staging';
    expect(s.coverage(svc, us(0), us(120), { kinds: ['ssot_warning'] })).toHaveLength(2);
    expect(s.coverage(svc, us(0), us(120), { kinds: ['ssot_warning', 'ws_1011'] })).toEqual([]);
    expect(s.sources(svc, us(0), us(120), { kinds: ['auth_403'] })).toEqual([]);
    // Reading it again for all kinds is new information, not a duplicate.
    const again = await ingestFiles(s, [file]);
    expect(again.inputs[0]!.status).toBe('done');
    expect(s.coverage(svc, us(0), us(120), { kinds: ['ssot_warning', 'ws_1011', 'auth_403'] })).toHaveLength(2);

    // A writer that forgets to say which kinds it looked for speaks for none of them.
    const t = store(join(dir, 'forgot.db'));
    const run = t.startRun({ kind: 'file', sourceName: 'x.json' });
    const bucket = { minute: minuteOf(us(0)), entries: 1, firstUs: us(0), lastUs: us(0) };
    t.finishRun(
      run,
      { format: 'jsonl', contentHash: null, entries: 1, badRecords: 0, complete: true, incompleteReason: null, firstUs: us(0), lastUs: us(0) },
      { coverage: new Map([[svc, new Map([[bucket.minute, bucket]])]]), revisions: new Map() },
    );
    expect(t.coverage(svc, us(0), us(1))).toEqual([bucket]);
    expect(t.coverage(svc, us(0), us(1), { kinds: ['ssot_warning'] })).toEqual([]);
    expect(t.sources(svc, us(0), us(1), { kinds: ['ssot_warning'] })).toEqual([]);
  });

  it('an unusable input is rejected: its findings stay (they are real), no coverage is stored', async () => {
    const dir = tempDir();
    const file = join(dir, 'cut.json');
    // A cut export: the array never closes.
    writeFileSync(file, gcloudArray(range(0, 90).map((i) => entry(i, { findingEvery: 9 })).reverse()).slice(0, -40));
    const s = store(join(dir, 'h.db'));
    const r = await ingestInputs([{ kind: 'file', path: file }], {
      store: s,
      parsers: createParsers(),
      judge: (rep) => (rep.complete ? null : 'incomplete (--strict)'),
    });
    expect(r.inputs[0]!.report.complete).toBe(false);
    expect(r.inputs[0]!.status).toBe('rejected');
    expect(s.countFindings()).toBeGreaterThan(0);
    expect(tables(s)['coverage']).toEqual([]);
    expect(s.runs()[0]).toMatchObject({ status: 'rejected', complete: false, incompleteReason: 'incomplete (--strict)' });

    // Without --strict the same cut file is stored as done but incomplete: verify will see it.
    const lenient = await ingestFiles(s, [file]);
    expect(lenient.inputs[0]!.status).toBe('done');
    const src = s.sources('netra-backend-staging', us(0), us(90));
    expect(src).toHaveLength(1);
    expect(src[0]!.complete).toBe(false);
    expect(src[0]!.incompleteReason).toBeTruthy();
  });

  it('reads stdin as a run of kind stdin, and recognises the same bytes from a file as a duplicate', async () => {
    const dir = tempDir();
    const text = gcloudArray(range(0, 30).map((i) => entry(i, { findingEvery: 3 })).reverse());
    const file = join(dir, 'a.json');
    writeFileSync(file, text);
    const s = store(join(dir, 'h.db'));
    const fromStdin = await ingestInputs([{ kind: 'stdin' }], {
      store: s,
      parsers: createParsers(),
      stdin: Readable.from([Buffer.from(text)]),
    });
    expect(fromStdin.inputs[0]).toMatchObject({ status: 'done' });
    expect(s.runs()[0]!.kind).toBe('stdin');
    const fromFile = await ingestFiles(s, [file]);
    expect(fromFile.inputs[0]!.status).toBe('duplicate');
  });

  it('keeps findings flowing to the store in batches, not in memory', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, jsonl(range(0, 400).map((i) => entry(i, { findingEvery: 1 }))));
    const s = store(join(dir, 'h.db'));
    const sizes: number[] = [];
    const orig = s.writeFindings.bind(s);
    s.writeFindings = (runId, fs) => {
      sizes.push(fs.length);
      return orig(runId, fs);
    };
    await ingestFiles(s, [file], 64);
    expect(Math.max(...sizes)).toBe(64);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(400);
    expect(s.countFindings()).toBe(400);
  });

  it('hashes large files on a worker thread to the same sha256 as hashing inline', async () => {
    const dir = tempDir();
    const file = join(dir, 'big.json');
    writeBigExport(file, 12_000, { findingEvery: 50 });
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(PARALLEL_HASH_MIN_BYTES);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const parallel = store(join(dir, 'p.db'));
    const inline = store(join(dir, 'i.db'));
    const p = await ingestFiles(parallel, [file]);
    const i = await ingestInputs([{ kind: 'file', path: file }], { store: inline, parsers: createParsers(), parallelHash: false });
    expect(p.inputs[0]!.report.contentHash).toBe(sha);
    expect(i.inputs[0]!.report.contentHash).toBe(sha);
    expect(parallel.runs()[0]!.contentHash).toBe(sha);
    expect((await ingestFiles(parallel, [file])).inputs[0]!.status).toBe('duplicate');
  });
});

// Stores are closed by then (afterEach, or the tests' own finally blocks).
afterAll(removeTempDirs);
