import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBenchData } from '../scripts/lib/bench/generate.js';
import { generateSamples } from '../scripts/lib/samples.js';

/**
 * The generators against an independent reading of their output: the counting rules of
 * LOG-FORMATS.md §6 re-implemented here with plain regexes, so a bug in the generator's own
 * tagging cannot hide behind itself.
 */

const SAMPLES_DIR = fileURLToPath(new URL('../samples/', import.meta.url));
const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

type Kind = 'ssot_warning' | 'ws_1011' | 'auth_403';
/** What §6 looks at in one entry, whatever the format. */
interface Plain {
  severity: string | undefined;
  texts: string[];
  status?: number;
  url?: string;
  service?: string;
  revision?: string;
  insertId?: string;
  timestamp?: string;
}

const RANK: Record<string, number> = { DEFAULT: 0, DEBUG: 100, INFO: 200, NOTICE: 300, WARNING: 400, ERROR: 500, CRITICAL: 600, ALERT: 700, EMERGENCY: 800 };
const SSOT = /SSOT WARNING:|SSOT VIOLATION:|SSOT VALIDATION:|SSOT validation issues \(non-blocking\):|potential SSOT violation/;
const WS1011 = /(?:received|sent) 1011 \(internal error\)|code = 1011 \(unexpected error\)|\(code: 1011|with code 1011|close_code[:=]1011/;
const A2 = /"WebSocket [^"]*" 403\b/;
const A3 = /connection rejected \(403 Forbidden\)/;
const A4 = /WebSocket connection rejected in \S+: (?:No|Invalid) JWT/;

/** Traceback source lines (indented under `File "…"`) are quotes of code, not events. */
function withoutQuotedSource(text: string): string {
  if (!text.includes('Traceback (most recent call last)')) return text;
  return text
    .split('\n')
    .filter((l) => !l.startsWith('    '))
    .join('\n');
}

function payloadTexts(p: Record<string, unknown> | undefined): string[] {
  if (!p) return [];
  const err = (p['error'] ?? {}) as Record<string, unknown>;
  return [p['message'], p['textPayload'], err['value'], err['message']].filter((x): x is string => typeof x === 'string');
}

function fromGcloud(e: Record<string, any>): Plain {
  const texts = [...payloadTexts(e.jsonPayload)];
  if (typeof e.textPayload === 'string') texts.push(e.textPayload);
  return {
    severity: e.severity,
    texts,
    status: e.httpRequest?.status,
    url: e.httpRequest?.requestUrl,
    service: e.resource?.labels?.service_name,
    revision: e.resource?.labels?.revision_name,
    insertId: e.insertId,
    timestamp: e.timestamp,
  };
}

function fromSnake(e: Record<string, any>): Plain {
  const texts = [...payloadTexts(e.json_payload)];
  if (typeof e.text_payload === 'string') texts.push(e.text_payload);
  return {
    severity: e.severity,
    texts,
    status: e.http_request?.status,
    url: e.http_request?.url,
    service: e.resource?.labels?.service_name,
    revision: e.resource?.labels?.revision_name,
    insertId: e.insert_id,
    timestamp: e.timestamp,
  };
}

/** §6: the kinds (and the auth rule) one entry counts for. */
function classify(p: Plain): { kind: Kind; rule?: string }[] {
  const out: { kind: Kind; rule?: string }[] = [];
  const texts = p.texts.map(withoutQuotedSource);
  const sevOk = !p.severity || (RANK[p.severity] ?? 0) >= RANK['WARNING']! || p.severity === 'DEFAULT';
  if (sevOk && texts.some((t) => SSOT.test(t))) out.push({ kind: 'ssot_warning' });
  if (texts.some((t) => WS1011.test(t))) out.push({ kind: 'ws_1011' });
  const path = p.url ? new URL(p.url).pathname : '';
  const rule =
    p.status === 403 && (path === '/ws' || path === '/websocket')
      ? 'A1'
      : texts.some((t) => A2.test(t))
        ? 'A2'
        : texts.some((t) => A3.test(t))
          ? 'A3'
          : texts.some((t) => A4.test(t))
            ? 'A4'
            : null;
  if (rule) out.push({ kind: 'auth_403', rule });
  return out;
}

/** Epoch µs of `…T…[.f]Z|+00:00` (Date.parse would drop the microseconds). */
function us(ts: string): number {
  const m = /^(.{19})(?:\.(\d+))?(Z|\+00:00)$/.exec(ts);
  if (!m) throw new Error(`bad timestamp ${ts}`);
  return Date.parse(`${m[1]}Z`) * 1000 + (m[2] ? Number(m[2].padEnd(6, '0').slice(0, 6)) : 0);
}

const isoOf = (x: number): string => `${new Date(Math.floor(x / 1000)).toISOString().slice(0, 19)}.${String(x % 1_000_000).padStart(6, '0')}Z`;

interface Tally {
  entries: number;
  byService: Record<string, number>;
  byKind: Record<Kind, number>;
  byKindAndRevision: Record<Kind, Record<string, number>>;
  authByRule: Record<string, number>;
  findingIds: string[];
  first: string | null;
  last: string | null;
  gaps: { service: string; start: string; end: string }[];
}

function tally(entries: Plain[]): Tally {
  const t: Tally = {
    entries: entries.length,
    byService: {},
    byKind: { ssot_warning: 0, ws_1011: 0, auth_403: 0 },
    byKindAndRevision: { ssot_warning: {}, ws_1011: {}, auth_403: {} },
    authByRule: {},
    findingIds: [],
    first: null,
    last: null,
    gaps: [],
  };
  for (const e of entries) {
    if (e.service) t.byService[e.service] = (t.byService[e.service] ?? 0) + 1;
    for (const f of classify(e)) {
      t.byKind[f.kind]++;
      const rev = e.revision || '(none)';
      t.byKindAndRevision[f.kind][rev] = (t.byKindAndRevision[f.kind][rev] ?? 0) + 1;
      if (f.rule) t.authByRule[f.rule] = (t.authByRule[f.rule] ?? 0) + 1;
      if (e.insertId) t.findingIds.push(e.insertId);
    }
  }
  const times = entries.filter((e) => e.timestamp).map((e) => ({ at: us(e.timestamp!), svc: e.service ?? '' }));
  if (times.length) {
    t.first = isoOf(Math.min(...times.map((x) => x.at)));
    t.last = isoOf(Math.max(...times.map((x) => x.at)));
  }
  for (const svc of Object.keys(t.byService).sort()) {
    const ts = times.filter((x) => x.svc === svc).map((x) => x.at).sort((a, b) => a - b);
    for (let i = 1; i < ts.length; i++) if (ts[i]! - ts[i - 1]! > 30 * 60e6) t.gaps.push({ service: svc, start: isoOf(ts[i - 1]!), end: isoOf(ts[i]!) });
  }
  return t;
}

function expectTruth(truth: any, t: Tally, opts: { gaps?: boolean } = {}): void {
  expect(t.entries).toBe(truth.entries);
  expect(t.byService).toEqual(truth.entriesByService);
  expect(t.byKind).toEqual(truth.findings.byKind);
  expect(t.byKindAndRevision).toEqual(truth.findings.byKindAndRevision);
  expect(t.authByRule).toEqual(truth.findings.authByRule);
  expect([...t.findingIds].sort()).toEqual(truth.findings.list.map((f: any) => f.insertId).sort());
  expect(t.first).toBe(truth.firstTimestamp);
  expect(t.last).toBe(truth.lastTimestamp);
  if (opts.gaps !== false) expect(t.gaps).toEqual(truth.gapsOver30m.map((g: any) => ({ service: g.service, start: g.start, end: g.end })));
}

function expectSortedKeys(v: unknown, path = '$'): void {
  if (Array.isArray(v)) v.forEach((x, i) => expectSortedKeys(x, `${path}[${i}]`));
  else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    expect(keys, `keys of ${path}`).toEqual([...keys].sort());
    for (const k of keys) expectSortedKeys((v as Record<string, unknown>)[k], `${path}.${k}`);
  }
}

describe('sample generator', () => {
  const a = generateSamples();
  const b = generateSamples();
  const file = (name: string): string => a.files.find((f) => f.name === name)!.content;
  const truthOf = (name: string): any => JSON.parse(file(name));

  it('is deterministic: same seed, same bytes', () => {
    expect(a.files.map((f) => [f.name, sha256(f.content)])).toEqual(b.files.map((f) => [f.name, sha256(f.content)]));
    expect(sha256(generateSamples(7).files[0]!.content)).not.toBe(sha256(a.files[0]!.content));
  });

  it('reproduces the checked-in samples/ byte for byte (else run `npm run samples`)', () => {
    for (const f of a.files) {
      const p = join(SAMPLES_DIR, f.name);
      expect(existsSync(p), `${p} missing`).toBe(true);
      expect(sha256(readFileSync(p)), `${f.name} differs from the generator`).toBe(sha256(f.content));
    }
  });

  it('writes staging-26h.json exactly as gcloud does: array, 2-space indent, sorted keys, newest first', () => {
    const text = file('staging-26h.json');
    const entries = JSON.parse(text) as Record<string, any>[];
    expect(text).toBe(`${JSON.stringify(entries, null, 2)}\n`);
    expectSortedKeys(entries);
    for (let i = 1; i < entries.length; i++) expect(us(entries[i - 1]!.timestamp)).toBeGreaterThanOrEqual(us(entries[i]!.timestamp));
    expect(Buffer.byteLength(text)).toBeLessThan(3 * 1024 * 1024);
    // Real-world traps are present: plain lines without severity, a token in a WebSocket URL.
    expect(entries.some((e) => e.textPayload && e.severity === undefined)).toBe(true);
    expect(entries.some((e) => /\/ws\?token=eyJ/.test(e.httpRequest?.requestUrl ?? ''))).toBe(true);
  });

  it('staging-26h.truth.json matches an independent count', () => {
    const entries = (JSON.parse(file('staging-26h.json')) as Record<string, any>[]).map(fromGcloud);
    const truth = truthOf('staging-26h.truth.json');
    expectTruth(truth, tally(entries));
    expect(truth.gapsOver30m).toHaveLength(1);
    expect(new Set(entries.map((e) => e.revision).filter(Boolean))).toEqual(new Set(['netra-backend-staging-00041-xk2', 'netra-backend-staging-00042-p7q']));
    const verdicts = truth.expectedVerdicts.map((v: any) => v.verdict);
    expect(verdicts[0]).toBe('DIRTY');
    expect(new Set(verdicts)).toEqual(new Set(['DIRTY', 'INCONCLUSIVE', 'CLEAN']));
  });

  it('staging-2h.jsonl: one entry per line, oldest first, two services, same entries as the 26h export', () => {
    const lines = file('staging-2h.jsonl').trimEnd().split('\n');
    const raw = lines.map((l) => JSON.parse(l) as Record<string, any>);
    for (let i = 1; i < raw.length; i++) expect(us(raw[i]!.timestamp)).toBeGreaterThanOrEqual(us(raw[i - 1]!.timestamp));
    const truth = truthOf('staging-2h.truth.json');
    expectTruth(truth, tally(raw.map(fromGcloud)));
    expect(Object.keys(truth.entriesByService)).toHaveLength(2);
    const big = new Set((JSON.parse(file('staging-26h.json')) as Record<string, any>[]).map((e) => e.insertId));
    const backend = raw.filter((e) => e.resource.labels.service_name === 'netra-backend-staging');
    expect(backend.every((e) => big.has(e.insertId))).toBe(true);
  });

  it('python-client-dump.json: wrapper shape, groups under the cap, floats, and a truth that matches', () => {
    const text = file('python-client-dump.json');
    const doc = JSON.parse(text) as Record<string, any>;
    expect(Object.keys(doc)).toEqual(['collection_time', 'time_range', 'logs_by_severity', 'summary']);
    const all: Record<string, any>[] = [];
    for (const [sev, list] of Object.entries(doc.logs_by_severity as Record<string, Record<string, any>[]>)) {
      expect(list.length).toBeLessThan(50);
      expect(doc.summary.counts_by_severity[sev]).toBe(list.length);
      for (let i = 1; i < list.length; i++) expect(us(list[i - 1]!.timestamp)).toBeGreaterThanOrEqual(us(list[i]!.timestamp));
      for (const e of list) {
        expect(e.severity).toBe(sev);
        expect(e.timestamp).toMatch(/\+00:00$/);
        expect(Array.from(e.raw_payload as string).length).toBeLessThanOrEqual(500);
      }
      all.push(...list);
    }
    expect(doc.summary.total_logs).toBe(all.length);
    expect(text).toMatch(/"message_length": 910\.0/);
    expect(text).not.toMatch(/[^\x00-\x7f]/); // ensure_ascii
    expectTruth(truthOf('python-client-dump.truth.json'), tally(all.map(fromSnake)));
  });

  it('uvicorn-stdout.log: plain lines whose 403s match the truth', () => {
    const lines = file('uvicorn-stdout.log').trimEnd().split('\n');
    const truth = truthOf('uvicorn-stdout.truth.json');
    expect(lines).toHaveLength(truth.entries);
    const hits = lines.flatMap((l, i) => classify({ severity: undefined, texts: [l] }).map((f) => ({ ...f, line: i + 1 })));
    expect(hits.map((h) => [h.line, h.kind])).toEqual(truth.findings.list.map((f: any) => [f.line, f.kind]));
  });
});

describe('benchmark generator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssot-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ['gcloud-array', 'jsonl'] as const) {
    it(`streams ~5 MB of ${format} whose truth matches an independent count`, async () => {
      const out = join(dir, `bench.${format}`);
      const truth = await generateBenchData({ format, bytes: 5_000_000, out, seed: 42, services: 3, findings: 37 });
      const buf = readFileSync(out);
      expect(buf.length).toBe(truth.bytes);
      expect(buf.length).toBeGreaterThanOrEqual(5_000_000);
      expect(JSON.parse(readFileSync(`${out}.truth.json`, 'utf8'))).toEqual(truth);
      const text = buf.toString('utf8');
      const raw: Record<string, any>[] = format === 'jsonl' ? text.trimEnd().split('\n').map((l) => JSON.parse(l)) : JSON.parse(text);
      if (format === 'gcloud-array') {
        expect(text).toBe(`${JSON.stringify(raw, null, 2)}\n`);
        expectSortedKeys(raw);
        for (let i = 1; i < raw.length; i++) expect(us(raw[i - 1]!.timestamp)).toBeGreaterThanOrEqual(us(raw[i]!.timestamp));
      }
      const t = tally(raw.map(fromGcloud));
      expect(t.entries).toBe(truth.entries);
      expect(t.byService).toEqual(truth.entriesByService);
      expect(t.byKind).toEqual(truth.findings.byKind);
      expect(t.authByRule).toEqual(truth.findings.authByRule);
      expect(truth.findings.total).toBe(37);
      expect([...t.findingIds].sort()).toEqual([...truth.findings.insertIds].sort());
      expect(new Set(raw.map((e) => e.insertId)).size).toBe(raw.length);
    });
  }

  it('is deterministic: same seed, same bytes', async () => {
    const p1 = join(dir, 'd1.json');
    const p2 = join(dir, 'd2.json');
    await generateBenchData({ format: 'gcloud-array', bytes: 1_000_000, out: p1, seed: 9, findings: 5 });
    await generateBenchData({ format: 'gcloud-array', bytes: 1_000_000, out: p2, seed: 9, findings: 5 });
    expect(sha256(readFileSync(p1))).toBe(sha256(readFileSync(p2)));
  });
});
