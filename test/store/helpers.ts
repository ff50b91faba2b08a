import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParsers } from '../../parsers/registry.js';
import { ingestInputs, type IngestResult } from '../../src/pipeline/ingest.js';
import type { HistoryStore } from '../../src/store/historyStore.js';
import { gcloudArray, rawEntry, WS_403_REQUEST } from '../support/entries.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'ssot-watch.js');

const made: string[] = [];

export function tempDir(prefix = 'ssot-store-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the temp dirs this test file made (the crash tests write a few hundred MB). Close stores first. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The CLI tests run the built program: build it when `npm test` did not. */
export function ensureBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js')) || !existsSync(join(ROOT, 'dist', 'src', 'cli', 'ingestCommand.js'))) {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  }
}

export const SSOT_LINE = "SSOT WARNING: Found other WebSocket Manager classes: ['pkg.mod.A', 'pkg.mod.B']";

/**
 * Entry i of a test export: every `findingEvery`-th entry is a finding (403 requests and SSOT
 * warnings alternating), revisions switch at `revisionSwitch`, and `service` is settable.
 */
export function entry(
  i: number,
  opts: { findingEvery?: number; revisionSwitch?: number; service?: string } = {},
): Record<string, unknown> {
  const every = opts.findingEvery ?? 0;
  const service = opts.service ?? 'netra-backend-staging';
  const revision = i < (opts.revisionSwitch ?? Number.MAX_SAFE_INTEGER) ? `${service}-00001-abc` : `${service}-00002-def`;
  const resource = {
    type: 'cloud_run_revision',
    labels: { service_name: service, revision_name: revision, location: 'us-central1', project_id: 'netra-staging', configuration_name: service },
  };
  let over: Record<string, unknown> = { resource };
  if (every > 0 && i % every === 0) {
    over =
      (i / every) % 2 === 0
        ? { ...WS_403_REQUEST, resource, insertId: `${service}-id${i}` }
        : { textPayload: SSOT_LINE, jsonPayload: undefined, severity: 'WARNING', resource, insertId: `${service}-id${i}` };
  } else {
    over = { ...over, insertId: `${service}-id${i}` };
  }
  return rawEntry(i, over);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}

/**
 * Writes a gcloud-shaped array of entries [0, count) to `path` a chunk at a time (a 100+ MB
 * export is never one string in memory). Newest first, as gcloud writes it.
 */
export function writeBigExport(
  path: string,
  count: number,
  opts: { findingEvery?: number; revisionSwitch?: number; service?: string } = {},
): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, '[\n');
    const chunk = 2_000;
    let first = true;
    for (let hi = count; hi > 0; hi -= chunk) {
      const lo = Math.max(0, hi - chunk);
      const entries = range(lo, hi).reverse().map((i) => entry(i, opts));
      // gcloudArray gives "[\n  {...},\n  {...}\n]\n": keep the inside.
      const inner = gcloudArray(entries).slice(2, -3);
      writeSync(fd, (first ? '' : ',\n') + inner);
      first = false;
    }
    writeSync(fd, '\n]\n');
  } finally {
    closeSync(fd);
  }
}

/** Ingests files in-process, like `ssot-watch ingest` does. */
export function ingestFiles(store: HistoryStore, paths: readonly string[], batchSize?: number): Promise<IngestResult> {
  return ingestInputs(
    paths.map((path) => ({ kind: 'file' as const, path })),
    { store, parsers: createParsers(), ...(batchSize !== undefined ? { batchSize } : {}) },
  );
}

export interface Snapshot {
  findings: unknown[];
  coverage: unknown[];
  revisions: unknown[];
  runServices: unknown[];
}

/**
 * What the history says, independent of run ids: findings (all columns but run_id), coverage
 * aggregated over done runs, revisions, and which services each done run saw.
 */
export function snapshot(store: HistoryStore): Snapshot {
  const db = store.db;
  const findings = db
    .prepare(
      `SELECT id, kind, ts_us, service, revision, instance, severity, fingerprint, message, details, insert_id, log_name, source
       FROM findings ORDER BY id`,
    )
    .all();
  const coverage = store.services().flatMap((s) => store.coverage(s, 0, Number.MAX_SAFE_INTEGER).map((b) => ({ service: s, ...b })));
  const revisions = db.prepare(`SELECT * FROM revisions ORDER BY service, revision`).all();
  const runServices = db
    .prepare(`SELECT r.source_name, rs.service FROM run_services rs JOIN runs r ON r.id = rs.run_id WHERE r.status = 'done' ORDER BY 1, 2`)
    .all();
  return { findings, coverage, revisions, runServices };
}

/** Raw table contents, run ids included: "nothing changed" means exactly this. */
export function tables(store: HistoryStore): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of ['findings', 'coverage', 'revisions', 'run_services', 'pull_checkpoints']) {
    out[t] = store.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all();
  }
  return out;
}

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Exited> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Exited>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
