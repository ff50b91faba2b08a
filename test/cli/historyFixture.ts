import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, ROOT, type CliResult } from '../support/cli.js';
import { gcloudArray, rawEntry } from '../support/entries.js';

/** Shared by the CLI tests of the history queries (`windows`, `findings`). */

export const SAMPLE = join(ROOT, 'samples', 'staging-26h.json');
export const SAMPLE_2H = join(ROOT, 'samples', 'staging-2h.jsonl');
/** The samples' export ran at 22:00:30; the data ends at 22:00:00. */
export const SAMPLE_NOW = '2025-09-15T22:00:00Z';

export interface TruthFinding {
  kind: string;
  variant: string;
  timestamp: string;
  revision: string;
  instance: string;
  insertId: string;
}

export interface Truth {
  firstTimestamp: string;
  lastTimestamp: string;
  gapsOver30m: { start: string; end: string }[];
  findings: {
    total: number;
    byKind: Record<string, number>;
    byKindAndRevision: Record<string, Record<string, number>>;
    list: TruthFinding[];
  };
}

export const truth = JSON.parse(readFileSync(join(ROOT, 'samples', 'staging-26h.truth.json'), 'utf8')) as Truth;

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * The CLI with a pinned now, a pinned width and no store from the caller's environment: every
 * test names its store with --db.
 */
export function cli(args: readonly string[], opts: { now?: string; columns?: number } = {}): CliResult {
  return runCli(args, {
    ...(opts.now ? { now: opts.now } : {}),
    env: { SSOT_WATCH_DB: '', COLUMNS: String(opts.columns ?? 120), TZ: 'UTC' },
  });
}

/** `ssot-watch ingest` of `inputs` into a new store; throws with the CLI's stderr when it fails. */
export function ingestedStore(dir: string, inputs: readonly string[], name = 'history.db'): string {
  const db = join(dir, name);
  const r = cli(['ingest', ...inputs, '--db', db, '-q']);
  if (r.status !== 0) throw new Error(`ingest failed (${r.status}): ${r.stderr}`);
  return db;
}

/** µs since the epoch of an ISO instant with up to 6 fractional digits and a Z. */
export function usOf(iso: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z$/.exec(iso);
  if (!m) throw new Error(`not a UTC instant: ${iso}`);
  return Date.parse(`${m[1]}Z`) * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** The store's canonical form: `2025-09-15T17:41:07.118533Z` (always 6 digits). */
export function isoOf(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(us % 1_000_000).padStart(6, '0')}Z`;
}

export function parseJson<T = unknown>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.status}): ${r.stdout.slice(0, 300)}\nstderr: ${r.stderr}`);
  }
}

const SERVICE = 'svc';

/** One entry of a small generated export of `svc` at `iso`, optionally carrying a finding's text. */
export function entryAt(iso: string, seq: number, text?: string, opts: { revision?: string; service?: string } = {}): Record<string, unknown> {
  const service = opts.service ?? SERVICE;
  return rawEntry(seq, {
    insertId: `${service}-e${seq}`,
    timestamp: iso,
    resource: {
      type: 'cloud_run_revision',
      labels: { service_name: service, revision_name: opts.revision ?? `${service}-00001-aaa`, project_id: 'p', location: 'us-central1', configuration_name: service },
    },
    ...(text !== undefined ? { textPayload: text, jsonPayload: undefined, severity: 'ERROR' } : {}),
  });
}

/** A gcloud-shaped export: an entry every `everyMin` minutes over [fromIso, toIso), plus the given extra entries. */
export function writeExport(
  dir: string,
  name: string,
  fromIso: string,
  toIso: string,
  extra: Record<string, unknown>[] = [],
  opts: { everyMin?: number; service?: string } = {},
): string {
  const entries: Record<string, unknown>[] = [];
  let seq = 0;
  for (let t = usOf(fromIso); t < usOf(toIso); t += (opts.everyMin ?? 1) * 60_000_000) {
    entries.push(entryAt(isoOf(t), seq++, undefined, opts.service ? { service: opts.service } : {}));
  }
  const path = join(dir, name);
  writeFileSync(path, gcloudArray([...entries, ...extra].reverse()));
  return path;
}

export const WS1011 = (reason = 'keepalive ping timeout'): string => `received 1011 (internal error) ${reason}`;
