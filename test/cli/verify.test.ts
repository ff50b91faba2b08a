import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { gcloudArray, jsonl, rawEntry } from '../support/entries.js';

const dir = mkdtempSync(join(tmpdir(), 'ssotw-verify-'));
const AT = '2025-09-16T12:00:00Z';
const AT_MS = Date.parse(AT);
const HOUR = 3_600_000;

let seq = 0;
/** Entries of `service` every `everyMin` minutes over [fromMs, toMs), like a quiet staging service. */
function traffic(fromMs: number, toMs: number, opts: { everyMin?: number; service?: string; revision?: string; offset?: string } = {}): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const service = opts.service ?? 'svc';
  for (let t = fromMs; t < toMs; t += (opts.everyMin ?? 5) * 60_000) out.push(at(t, {}, { service, revision: opts.revision ?? `${service}-00001-aaa`, offset: opts.offset }));
  return out;
}

function iso(ms: number, offset?: string): string {
  const z = new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.123456Z');
  if (!offset) return z;
  // The same instant written with an offset: +02:00 → local time two hours ahead.
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number);
  const local = new Date(ms + sign * ((h ?? 0) * 60 + (m ?? 0)) * 60_000).toISOString().replace(/\.\d{3}Z$/, '.123456');
  return `${local}${offset}`;
}

function at(ms: number, over: Record<string, unknown>, o: { service?: string; revision?: string; offset?: string | undefined } = {}): Record<string, unknown> {
  const service = o.service ?? 'svc';
  return rawEntry(seq++, {
    insertId: `e${seq}`,
    timestamp: iso(ms, o.offset),
    resource: { type: 'cloud_run_revision', labels: { service_name: service, revision_name: o.revision ?? `${service}-00001-aaa`, project_id: 'p', location: 'us-central1', configuration_name: service } },
    ...over,
  });
}

const SSOT = { jsonPayload: { message: "SSOT WARNING: Found other WebSocket Manager classes: ['a.websocket_manager.WebSocketManagerMode']" }, severity: 'WARNING' };
const WS1011 = { textPayload: 'received 1011 (internal error) keepalive ping timeout; then sent 1011 (internal error) keepalive ping timeout', jsonPayload: undefined, severity: undefined };

function file(name: string, entries: Record<string, unknown>[], format: 'gcloud' | 'jsonl' = 'gcloud'): string {
  const p = join(dir, name);
  writeFileSync(p, format === 'gcloud' ? gcloudArray(entries) : jsonl(entries));
  return p;
}

function verify(args: string[], now = '2025-09-16T12:30:00Z') {
  const r = runCli(['verify', ...args, '--at', AT, '--json'], { now });
  let doc: Record<string, any> = {};
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    /* a usage/input error prints no document */
  }
  return { ...r, doc };
}

const day = traffic(AT_MS - 26 * HOUR, AT_MS);

describe('verify: the verdict truth table, at the CLI (exit code and JSON)', () => {
  it('dense coverage and no finding: CLEAN (0), with what was proven', () => {
    const r = verify([file('clean.json', day), '--clean', '24h']);
    expect(r.status).toBe(0);
    expect(r.doc.verdict).toBe('CLEAN');
    expect(r.doc.window).toMatchObject({ start: '2025-09-15T12:00:00.000000Z', end: '2025-09-16T12:00:00.000000Z' });
    expect(r.doc.coverage.entries).toBe(288);
    expect(r.doc.coverage.gaps).toEqual([]);
    expect(r.doc.sources).toHaveLength(1);
    expect(r.doc.sources[0]).toMatchObject({ complete: true, badRecords: 0, format: 'gcloud-array' });
    expect(r.doc.reasons[0]).toMatch(/no .*findings/);
  });

  it('a finding 1 s inside the window: DIRTY (1); 1 s outside: CLEAN (0)', () => {
    const inside = verify([file('in.json', [...day, at(AT_MS - 24 * HOUR + 1000, SSOT)]), '--clean', '24h']);
    expect(inside.status).toBe(1);
    expect(inside.doc.verdict).toBe('DIRTY');
    expect(inside.doc.findings).toHaveLength(1);
    expect(inside.doc.findings[0]).toMatchObject({ kind: 'ssot_warning', service: 'svc' });
    const outside = verify([file('out.json', [...day, at(AT_MS - 24 * HOUR - 1000, SSOT)]), '--clean', '24h']);
    expect(outside.status).toBe(0);
    expect(outside.doc.verdict).toBe('CLEAN');
    // A finding at the window end is outside the half-open window too.
    const atEnd = verify([file('end.json', [...day, at(AT_MS, SSOT)]), '--clean', '24h']);
    expect(atEnd.doc.verdict).toBe('CLEAN');
  });

  it('a 3 h gap: INCONCLUSIVE (2), and the gap is named', () => {
    const gappy = day.filter((e) => {
      const t = Date.parse(String(e['timestamp']));
      return t < AT_MS - 10 * HOUR || t >= AT_MS - 7 * HOUR;
    });
    const r = verify([file('gap.json', gappy), '--clean', '24h']);
    expect(r.status).toBe(2);
    expect(r.doc.verdict).toBe('INCONCLUSIVE');
    expect(r.doc.coverage.gaps).toHaveLength(1);
    expect(r.doc.coverage.gaps[0].durationSeconds).toBeGreaterThan(3 * 3600 - 1);
    expect(r.doc.reasonCodes).toContain('gap');
    // The same data with the gap allowed is CLEAN: gaps are the only doubt.
    expect(verify([file('gap2.json', gappy), '--clean', '24h', '--max-gap', '4h']).doc.verdict).toBe('CLEAN');
  });

  it('data that stops 2 h before --at: INCONCLUSIVE, the end gap is reported', () => {
    const r = verify([file('stops.json', traffic(AT_MS - 26 * HOUR, AT_MS - 2 * HOUR)), '--clean', '24h']);
    expect(r.doc.verdict).toBe('INCONCLUSIVE');
    expect(r.doc.coverage.gaps.at(-1)).toMatchObject({ position: 'end', end: '2025-09-16T12:00:00.000000Z' });
  });

  it('a truncated export: INCONCLUSIVE with the source incomplete, even with no gap in what was read', () => {
    const text = gcloudArray([...day].reverse());
    const p = join(dir, 'cut.json');
    writeFileSync(p, text.slice(0, text.length - 200)); // cut inside the oldest entry
    const r = verify([p, '--clean', '24h']);
    expect(r.status).toBe(2);
    expect(r.doc.reasonCodes).toContain('incomplete_source');
    expect(r.doc.sources[0].complete).toBe(false);
    expect(r.stderr).toMatch(/INCOMPLETE/);
  });

  it('timestamps with +02:00 offsets give the same verdict and window as Z', () => {
    const shifted = traffic(AT_MS - 26 * HOUR, AT_MS, { offset: '+02:00' });
    const withFinding = [...shifted, at(AT_MS - HOUR, SSOT, { offset: '+02:00' })];
    const r = verify([file('offset.json', withFinding), '--clean', '24h']);
    expect(r.doc.verdict).toBe('DIRTY');
    expect(r.doc.findings[0].timestamp).toBe(iso(AT_MS - HOUR));
    expect(verify([file('offset-clean.json', shifted), '--clean', '24h']).doc.verdict).toBe('CLEAN');
  });

  it('the same export given twice: one finding, same verdict', () => {
    const p = file('twice.json', [...day, at(AT_MS - HOUR, SSOT)]);
    const copy = join(dir, 'twice-copy.json');
    writeFileSync(copy, readFileSync(p));
    const r = verify([p, copy, '--clean', '24h']);
    expect(r.doc.verdict).toBe('DIRTY');
    expect(r.doc.findings).toHaveLength(1);
  });

  it("another service's warning does not make this service dirty; two services need --service", () => {
    const other = traffic(AT_MS - 26 * HOUR, AT_MS, { service: 'other' });
    const p = file('two.json', [...day, ...other, at(AT_MS - HOUR, SSOT, { service: 'other' })]);
    const ambiguous = verify([p, '--clean', '24h']);
    expect(ambiguous.status).toBe(3);
    expect(ambiguous.stderr).toMatch(/other, svc|svc, other/);
    expect(verify([p, '--clean', '24h', '--service', 'svc']).doc.verdict).toBe('CLEAN');
    expect(verify([p, '--clean', '24h', '--service', 'other']).doc.verdict).toBe('DIRTY');
  });

  it('--kinds filters what counts', () => {
    const p = file('kinds.json', [...day, at(AT_MS - HOUR, WS1011)]);
    expect(verify([p, '--clean', '24h']).doc.verdict).toBe('DIRTY');
    const r = verify([p, '--clean', '24h', '--kinds', 'ssot_warning,auth_403']);
    expect(r.doc.verdict).toBe('CLEAN');
    expect(r.doc.kinds).toEqual(['ssot_warning', 'auth_403']);
  });

  it('--since-revision: long enough is judged from the revision; too short is INCONCLUSIVE', () => {
    const old = traffic(AT_MS - 40 * HOUR, AT_MS - 30 * HOUR, { revision: 'svc-00001-aaa' });
    const fresh = traffic(AT_MS - 30 * HOUR, AT_MS, { revision: 'svc-00002-bbb' });
    const dirtyOld = at(AT_MS - 35 * HOUR, SSOT, { revision: 'svc-00001-aaa' });
    const p = file('revs.json', [...old, dirtyOld, ...fresh]);
    const long = verify([p, '--clean', '24h', '--since-revision', 'latest']);
    expect(long.doc.verdict).toBe('CLEAN');
    expect(long.doc.window.start).toBe(iso(AT_MS - 30 * HOUR));
    expect(long.doc.sinceRevision).toMatchObject({ requested: 'latest', revision: 'svc-00002-bbb' });
    const short = verify([p, '--clean', '36h', '--since-revision', 'svc-00002-bbb']);
    expect(short.doc.verdict).toBe('INCONCLUSIVE');
    expect(short.doc.reasonCodes).toContain('revision_too_young');
    const unknown = verify([p, '--clean', '24h', '--since-revision', 'svc-00009-zzz']);
    expect(unknown.doc.reasonCodes).toContain('revision_unknown');
  });

  it('an empty export and an empty array are INCONCLUSIVE: no data is not zero', () => {
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    const r = verify([empty, '--clean', '24h']);
    expect(r.status).toBe(2);
    expect(r.doc.reasonCodes).toContain('no_entries');
    const arr = verify([file('emptyarr.json', []), '--clean', '24h']);
    expect(arr.doc.verdict).toBe('INCONCLUSIVE');
  });

  it('garbage input is an input error (4), not a verdict', () => {
    const p = join(dir, 'garbage.bin');
    writeFileSync(p, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const r = verify([p, '--clean', '24h']);
    expect(r.status).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/garbage\.bin/);
  });

  it('CLEAN only where coverage is proven: an entry every 40 minutes is INCONCLUSIVE at the default max gap', () => {
    const sparse = traffic(AT_MS - 26 * HOUR, AT_MS, { everyMin: 40 });
    const r = verify([file('sparse.json', sparse), '--clean', '24h']);
    expect(r.doc.verdict).toBe('INCONCLUSIVE');
    expect(r.doc.coverage.gaps.length).toBeGreaterThan(30);
  });

  it('JSON Lines and a window in the future', () => {
    const p = file('day.jsonl', day, 'jsonl');
    expect(verify([p, '--clean', '24h']).doc.verdict).toBe('CLEAN');
    const future = runCli(['verify', p, '--clean', '24h', '--at', 'now+2h', '--json'], { now: AT });
    expect(JSON.parse(future.stdout).reasonCodes).toContain('window_in_future');
  });

  it('usage errors exit 3: a time without a zone, a bad duration, an unknown kind', () => {
    const p = file('u.json', day);
    expect(runCli(['verify', p, '--at', '2025-09-16 12:00:00']).status).toBe(3);
    expect(runCli(['verify', p, '--clean', 'soon']).status).toBe(3);
    expect(runCli(['verify', p, '--kinds', 'ssot']).status).toBe(3);
    expect(runCli(['verify', p, '--max-gap', '10s']).status).toBe(3);
  });
});

describe('verify: evidence formats', () => {
  const p = file('evidence.json', [...day, at(AT_MS - 2 * HOUR, SSOT), at(AT_MS - HOUR, { httpRequest: { requestMethod: 'GET', requestUrl: 'https://x/ws?token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', status: 403 }, jsonPayload: undefined, severity: 'WARNING' })]);

  it('markdown: verdict, window, sources with hash, findings, the command to reproduce; appended to GITHUB_STEP_SUMMARY', () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = runCli(['verify', p, '--clean', '24h', '--at', AT, '--format', 'markdown', '--tz', 'Europe/Berlin'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.status).toBe(1);
    const md = r.stdout;
    expect(md).toMatch(/DIRTY/);
    expect(md).toContain('| Window (UTC) | 2025-09-15T12:00:00Z → 2025-09-16T12:00:00Z (24h) |');
    expect(md).toContain('2025-09-15T14:00:00+02:00'); // Berlin in September is UTC+2
    expect(md).toMatch(/evidence\.json \| file \| gcloud-array \| 314 \| 0 \| yes \| `[0-9a-f]{16}`/);
    expect(md).toContain(`ssot-watch verify ${p} --clean 24h --at 2025-09-16T12:00:00Z --tz Europe/Berlin --format markdown`);
    expect(md).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(readFileSync(summary, 'utf8')).toBe(`# earlier step\n${md}`);
  });

  it('junit: parses as XML; DIRTY is a failure carrying the findings, INCONCLUSIVE an error, CLEAN passes', () => {
    const criteria = join(dir, 'criteria.json');
    writeFileSync(
      criteria,
      JSON.stringify({
        criteria: [
          { name: 'no SSOT for 24h', kinds: ['ssot_warning'], clean: '24h' },
          { name: 'no 1011 for 30h', kinds: ['ws_1011'], clean: '30h' },
          { name: 'no 1011 for 24h', kinds: ['ws_1011'], clean: '24h' },
        ],
      }),
    );
    const r = runCli(['verify', p, '--criteria', criteria, '--at', AT, '--format', 'junit']);
    expect(r.status).toBe(1); // the worst: DIRTY
    const doc = new XMLParser({ ignoreAttributes: false }).parse(r.stdout);
    const suite = doc.testsuites.testsuite;
    expect(suite['@_tests']).toBe('3');
    expect(suite['@_failures']).toBe('1');
    expect(suite['@_errors']).toBe('1');
    const cases = suite.testcase as any[];
    const byName = Object.fromEntries(cases.map((c) => [c['@_name'], c]));
    expect(byName['no SSOT for 24h'].failure['@_type']).toBe('DIRTY');
    expect(byName['no SSOT for 24h'].failure['#text']).toMatch(/ssot_warning/);
    expect(byName['no 1011 for 30h'].error['@_type']).toBe('INCONCLUSIVE'); // the data starts 26 h before --at
    expect(byName['no 1011 for 24h'].failure).toBeUndefined();
    expect(byName['no 1011 for 24h'].error).toBeUndefined();
  });

  it('json with --criteria: one document, the worst verdict, one entry per criterion', () => {
    const criteria = join(dir, 'c2.json');
    writeFileSync(criteria, JSON.stringify([{ name: 'a', clean: '24h', kinds: ['ws_1011'] }, { name: 'b', clean: '1h', kinds: ['auth_403'] }]));
    const r = runCli(['verify', p, '--criteria', criteria, '--at', AT, '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.verdict).toBe('DIRTY');
    expect(doc.criteria.map((c: any) => [c.name, c.verdict])).toEqual([
      ['a', 'CLEAN'],
      ['b', 'DIRTY'],
    ]);
    expect(r.status).toBe(1);
  });

  it('a criteria file with a typo is a usage error naming the field', () => {
    const criteria = join(dir, 'bad.json');
    writeFileSync(criteria, JSON.stringify({ criteria: [{ name: 'x', clean: '24h', maxgap: '1h' }] }));
    const r = runCli(['verify', p, '--criteria', criteria, '--at', AT]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/criteria\[0\]\.maxgap: unknown key/);
  });
});

describe('verify against the history store', () => {
  it('ingest first, then verify without inputs; a missing store is an input error', () => {
    const db = join(dir, 'history.db');
    const p = file('hist.json', [...day, at(AT_MS - HOUR, WS1011)]);
    expect(runCli(['ingest', p, '--db', db, '-q']).status).toBe(0);
    const r = runCli(['verify', '--db', db, '--clean', '24h', '--at', AT, '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings[0].kind).toBe('ws_1011');
    const missing = runCli(['verify', '--db', join(dir, 'nope.db'), '--clean', '24h']);
    expect(missing.status).toBe(4);
    expect(missing.stderr).toMatch(/no history store/);
  });
});
