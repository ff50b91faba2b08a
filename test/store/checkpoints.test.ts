import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createParsers } from '../../parsers/registry.js';
import type { Finding, LogEntry } from '../../src/model/index.js';
import { CoverageCollector } from '../../src/store/coverageCollector.js';
import type { HistoryStore } from '../../src/store/historyStore.js';
import { openStore } from '../../src/store/openStore.js';
import type { PageData, PullCheckpoint, PullParams } from '../../src/store/types.js';
import { entry, range, removeTempDirs, tables, tempDir } from './helpers.js';
import { normalizeEntry } from '../../src/sources/normalize.js';

const PARAMS: PullParams = {
  project: 'netra-staging',
  services: ['netra-backend-staging'],
  filter: 'resource.type="cloud_run_revision" AND ("SSOT" OR "1011" OR "403")',
  rangeStartUs: Date.UTC(2025, 8, 15, 12) * 1000,
  rangeEndUs: Date.UTC(2025, 8, 15, 14) * 1000,
};
const SERVICE = 'netra-backend-staging';

/** A page of a pull: entries [from, to), their findings, and their coverage delta. */
function page(from: number, to: number): PageData {
  const c = new CoverageCollector();
  const findings: Finding[] = [];
  const parsers = createParsers();
  for (const i of range(from, to)) {
    const r = normalizeEntry(entry(i, { findingEvery: 4 }), { name: 'cloud-logging:netra-staging', index: i });
    if (!r.ok) throw new Error(r.error);
    const e: LogEntry = r.entry;
    c.summary(e.timestampUs, SERVICE, e.resource.labels['revision_name'] ?? null);
    for (const p of parsers) {
      const f = p.match(e);
      if (f) findings.push(f);
    }
  }
  return { findings, coverage: c.coverage, revisions: c.revisions };
}

function cp(seq: number, entries: number): PullCheckpoint {
  return { seq, stage: 'findings', pageToken: `token-${seq}`, lastTsUs: null, entries, findings: 0, requests: seq };
}

function startPull(s: HistoryStore): number {
  return s.startRun({ kind: 'pull', sourceName: 'cloud-logging:netra-staging', kinds: ['ssot_warning', 'ws_1011', 'auth_403'], ...PARAMS });
}

const stores: HistoryStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});
function open(path: string): HistoryStore {
  const s = openStore(path);
  stores.push(s);
  return s;
}

/** A pid that certainly belongs to no process: one that has just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('pull checkpoints', () => {
  it('a page and its checkpoint are applied together, and a replayed page is never counted twice', () => {
    const s = open(join(tempDir(), 'h.db'));
    const run = startPull(s);
    expect(s.saveCheckpoint(run, cp(1, 100), page(0, 100))).toMatchObject({ applied: true });
    const afterOne = tables(s);
    const sum = (): number => (s.db.prepare(`SELECT SUM(entries) AS n FROM coverage`).get() as { n: number }).n;
    expect(sum()).toBe(100);

    // The puller crashed after the commit but before it knew: it fetches page 1 again and saves it again.
    expect(s.saveCheckpoint(run, cp(1, 100), page(0, 100))).toEqual({ applied: false, newFindings: 0 });
    expect(tables(s)).toEqual(afterOne);
    expect(sum()).toBe(100);

    // Page 2 overlaps page 1's last minute: deltas add up inside a minute.
    expect(s.saveCheckpoint(run, cp(2, 200), page(100, 200)).applied).toBe(true);
    expect(sum()).toBe(200);
    expect(s.coverage(SERVICE, PARAMS.rangeStartUs, PARAMS.rangeEndUs)).toEqual([]); // not done yet: proves nothing
    // Skipping a page is a bug, not something to paper over.
    expect(() => s.saveCheckpoint(run, cp(4, 400), page(300, 400))).toThrow(/does not follow/);
    expect(s.checkpoint(run)).toMatchObject({ seq: 2, pageToken: 'token-2', entries: 200 });
  });

  it('a page that fails half-way leaves nothing behind: no findings, no coverage, no checkpoint', () => {
    const s = open(join(tempDir(), 'h.db'));
    const run = startPull(s);
    s.saveCheckpoint(run, cp(1, 100), page(0, 100));
    const before = tables(s);
    const good = page(100, 200);
    // A finding that breaks a constraint after the page's other findings were written.
    const badFinding = { ...good, findings: [...good.findings, { ...good.findings[0]!, id: 'new-id', severity: null as never }] };
    expect(() => s.saveCheckpoint(run, cp(2, 200), badFinding)).toThrow(/NOT NULL/);
    expect(tables(s)).toEqual(before);
    // A revision that breaks a constraint after the findings AND the coverage delta were written.
    const badRevision = { ...good, revisions: new Map([[SERVICE, new Map([['rev-x', { firstUs: null as never, lastUs: 1 }]])]]) };
    expect(() => s.saveCheckpoint(run, cp(2, 200), badRevision)).toThrow(/NOT NULL/);
    expect(tables(s)).toEqual(before);
    expect(s.checkpoint(run)!.seq).toBe(1);
    expect(s.saveCheckpoint(run, cp(2, 200), good).applied).toBe(true);
  });

  it('resumes an identical pull after its process died, without double counting', () => {
    const path = join(tempDir(), 'h.db');
    const s = open(path);
    const run = startPull(s);
    s.saveCheckpoint(run, cp(1, 100), page(0, 100));
    s.saveCheckpoint(run, cp(2, 200), page(100, 200));
    // The process "dies": its run is left running under a pid that no longer exists.
    s.db.prepare(`UPDATE runs SET pid = ?, proc_start = NULL WHERE id = ?`).run(deadPid(), run);
    s.close();

    const t = open(path); // the open reaps it
    expect(t.run(run)!.status).toBe('abandoned');
    expect(t.abandonedRuns().map((r) => r.runId)).toEqual([run]);
    expect(t.findResumableRun({ ...PARAMS, filter: PARAMS.filter + ' AND x' })).toBeNull();
    expect(t.findResumableRun({ ...PARAMS, rangeEndUs: PARAMS.rangeEndUs + 1 })).toBeNull();
    const found = t.findResumableRun({ ...PARAMS, services: [...PARAMS.services] })!;
    expect(found.run.runId).toBe(run);
    expect(found.checkpoint).toMatchObject({ seq: 2, pageToken: 'token-2' });
    expect(() => t.saveCheckpoint(run, cp(3, 300), page(200, 300))).toThrow(/abandoned, not running/);

    expect(t.claimRun(run)).toBe(true);
    expect(t.claimRun(run)).toBe(false); // a second taker loses
    // Page 2 committed before the crash but the puller re-fetches it: ignored.
    expect(t.saveCheckpoint(run, cp(2, 200), page(100, 200)).applied).toBe(false);
    expect(t.saveCheckpoint(run, cp(3, 300), page(200, 300)).applied).toBe(true);
    t.finishRun(run, {
      format: 'cloud-logging',
      contentHash: null,
      entries: 300,
      badRecords: 0,
      complete: true,
      incompleteReason: null,
      firstUs: null,
      lastUs: null,
    });
    const cov = t.coverage(SERVICE, PARAMS.rangeStartUs, PARAMS.rangeEndUs);
    expect(cov.reduce((n, b) => n + b.entries, 0)).toBe(300);
    expect(cov.map((b) => b.entries)).toEqual([60, 60, 60, 60, 60]);
    const src = t.sources(SERVICE, PARAMS.rangeStartUs, PARAMS.rangeEndUs);
    expect(src).toMatchObject([{ runId: run, kind: 'pull', complete: true, rangeStartUs: PARAMS.rangeStartUs }]);
    expect(t.findResumableRun(PARAMS)).toBeNull();
  });

  it('a pull that saw nothing still speaks for the range it was asked to read', () => {
    const s = open(join(tempDir(), 'h.db'));
    const run = startPull(s);
    s.finishRun(run, {
      format: 'cloud-logging',
      contentHash: null,
      entries: 0,
      badRecords: 0,
      complete: false,
      incompleteReason: 'quota exhausted on page 1',
      firstUs: null,
      lastUs: null,
    });
    expect(s.sources(SERVICE, PARAMS.rangeStartUs + 1, PARAMS.rangeStartUs + 2)).toMatchObject([
      { runId: run, complete: false, incompleteReason: 'quota exhausted on page 1' },
    ]);
    expect(s.sources('other-service', PARAMS.rangeStartUs, PARAMS.rangeEndUs)).toEqual([]);
    expect(s.sources(SERVICE, PARAMS.rangeEndUs, PARAMS.rangeEndUs + 10)).toEqual([]); // half-open
  });

  it('leaves a live process\'s running run alone on open', () => {
    const path = join(tempDir(), 'h.db');
    const s = open(path);
    const run = startPull(s);
    const t = open(path);
    expect(t.run(run)!.status).toBe('running');
    expect(t.findResumableRun(PARAMS)).toBeNull();
  });
});

// Stores are closed by then (afterEach, or the tests' own finally blocks).
afterAll(removeTempDirs);
