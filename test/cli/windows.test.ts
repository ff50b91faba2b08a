import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cli,
  entryAt,
  ingestedStore,
  isoOf,
  parseJson,
  SAMPLE,
  SAMPLE_2H,
  SAMPLE_NOW,
  tempDir,
  truth,
  usOf,
  writeExport,
  WS1011,
} from './historyFixture.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON documents from the CLI */
type Doc = Record<string, any>;

const dir = tempDir('ssotw-windows-');
let db: string;

beforeAll(() => {
  db = ingestedStore(dir, [SAMPLE]);
});

function windowsJson(args: string[], now = SAMPLE_NOW): Doc {
  const r = cli(['windows', '--db', db, '--json', ...args], { now });
  expect(r.status, r.stderr).toBe(0);
  return parseJson<Doc>(r);
}

const LATE_1011 = truth.findings.list.find((f) => f.timestamp === '2025-09-15T17:41:07.118532Z')!;
const GAP = truth.gapsOver30m[0]!;

/** The clean windows the truth file implies: split at every distinct finding instant of the kinds. */
function expectedWindows(kinds: string[] | null, startIso: string, endIso: string): [string, string][] {
  const instants = [...new Set(truth.findings.list.filter((f) => !kinds || kinds.includes(f.kind)).map((f) => usOf(f.timestamp)))].sort((a, b) => a - b);
  const out: [string, string][] = [];
  let start = usOf(startIso);
  for (const t of instants) {
    if (t > start) out.push([isoOf(start), isoOf(t)]);
    start = t + 1;
  }
  if (usOf(endIso) > start) out.push([isoOf(start), isoOf(usOf(endIso))]);
  return out;
}

describe('ssot-watch windows on the samples (staging-26h.json)', () => {
  it('splits the range exactly at the findings: each window ends at one and the next starts 1µs after it', () => {
    const doc = windowsJson(['--min', '0', '--limit', '1000']);
    expect(doc.range).toMatchObject({ start: truth.firstTimestamp, end: '2025-09-15T22:00:00.000000Z', origin: 'history-start' });
    expect(doc.findings).toBe(truth.findings.total);
    const got = doc.windows.map((w: Doc) => [w.start, w.end]);
    expect(got).toEqual(expectedWindows(null, truth.firstTimestamp, SAMPLE_NOW));
    expect(doc.listing).toMatchObject({ listed: got.length, overLimit: 0, shorterThanMin: 0 });
    // The finding that ends each window is the one at that instant (the smallest id among equals).
    for (const w of doc.windows.slice(0, -1)) {
      expect(truth.findings.list.some((f) => f.insertId === w.nextFinding.insertId && `${f.timestamp.slice(0, -1).padEnd(26, '0')}Z` === w.end)).toBe(true);
    }
    expect(doc.windows.at(-1).nextFinding).toBeNull();
  });

  it('the current streak runs from 1µs after the late 1011, and it is proven', () => {
    const doc = windowsJson([]);
    expect(doc.currentStreak).toMatchObject({
      start: '2025-09-15T17:41:07.118533Z',
      end: '2025-09-15T22:00:00.000000Z',
      atLeast: false,
      proven: true,
      provenSince: '2025-09-15T17:41:07.118533Z',
    });
    expect(doc.currentStreak.previousFinding).toMatchObject({ kind: 'ws_1011', insertId: LATE_1011.insertId, revision: LATE_1011.revision });

    const text = cli(['windows', '--db', db], { now: SAMPLE_NOW });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/current streak +4h 18m, since the ws_1011 at 2025-09-15T17:41:07\.118532Z\n +proven/);
  });

  it('the 50-minute gap leaves the window around it unproven; the longest proven window stops max-gap into it', () => {
    const doc = windowsJson(['--min', '1h']);
    const around = doc.windows.find((w: Doc) => w.start === '2025-09-14T23:01:16.285105Z');
    expect(around).toMatchObject({ end: '2025-09-15T17:41:07.118532Z', proven: false });
    expect(around.gaps).toEqual([expect.objectContaining({ start: GAP.start, end: GAP.end })]);
    expect(around.provenStretches.map((s: Doc) => [s.start, s.end])).toEqual([
      ['2025-09-14T23:01:16.285105Z', isoOf(usOf(GAP.start) + 30 * 60e6)],
      [isoOf(usOf(GAP.end) - 30 * 60e6), '2025-09-15T17:41:07.118532Z'],
    ]);
    expect(doc.longestWindow).toMatchObject({ start: isoOf(usOf(GAP.end) - 30 * 60e6), end: '2025-09-15T17:41:07.118532Z', wholeWindow: false });
    // With max-gap none the whole window counts as covered.
    const relaxed = windowsJson(['--min', '1h', '--max-gap', 'none']);
    expect(relaxed.windows.find((w: Doc) => w.start === around.start).proven).toBe(true);
  });

  it('the timeline shows findings as X and the gap as unproven: ~ in its hour, ? in the 10-minute cells it covers', () => {
    const hourly = cli(['windows', '--db', db], { now: SAMPLE_NOW });
    const lines = hourly.stdout.split('\n');
    const ruler = lines.findIndex((l) => /^ +00 +06 +12 +18$/.test(l));
    expect(ruler).toBeGreaterThan(0);
    // Rows are whole UTC days; the 14th starts at 20:00 (the first entry), so 20 blank columns.
    expect(lines[ruler + 1]).toBe(`2025-09-14  ${' '.repeat(20)}XXXX`);
    // 00-02 clean, 03 partly (the gap), 04-16 clean, 17 the late 1011, 18-21 clean.
    expect(lines[ruler + 2]).toBe(`2025-09-15  ...~.............X....`);
    expect(hourly.stdout).toContain('X finding');
    expect(hourly.stdout).toContain('? no entry (in a gap over 30m)');

    const fine = windowsJson(['--bucket', '10m']);
    const cells = fine.timeline.cells as Doc[];
    const state = (iso: string): string => cells.find((c) => c.start === iso)!.state;
    expect(state('2025-09-15T03:00:00.000000Z')).toBe('partial');
    for (const m of ['10', '20', '30', '40']) expect(state(`2025-09-15T03:${m}:00.000000Z`)).toBe('nodata');
    expect(state('2025-09-15T03:50:00.000000Z')).toBe('partial');
    expect(state('2025-09-15T17:40:00.000000Z')).toBe('finding');
    expect(fine.timeline.strip).toContain('~????~');
    const text = cli(['windows', '--db', db, '--bucket', '10m'], { now: SAMPLE_NOW });
    expect(text.stdout).toMatch(/^2025-09-15 00:00 {2}\.{18}~\?\?\?\?~\.+$/m);
  });

  it('--kinds changes the windows: SSOT warnings stop with 00041, so the streak is long and crosses the gap', () => {
    const ssot = windowsJson(['--kinds', 'ssot_warning', '--min', '0', '--limit', '1000']);
    expect(ssot.kinds).toEqual(['ssot_warning']);
    expect(ssot.findings).toBe(truth.findings.byKind['ssot_warning']);
    expect(ssot.windows.map((w: Doc) => [w.start, w.end])).toEqual(expectedWindows(['ssot_warning'], truth.firstTimestamp, SAMPLE_NOW));
    expect(ssot.currentStreak).toMatchObject({ start: '2025-09-14T22:57:52.280972Z', proven: false, provenSince: isoOf(usOf(GAP.end) - 30 * 60e6) });
    expect(ssot.currentStreak.previousFinding.kind).toBe('ssot_warning');

    const auth = windowsJson(['--kinds', 'auth_403']);
    expect(auth.findings).toBe(truth.findings.byKind['auth_403']);
    expect(auth.currentStreak.start).toBe('2025-09-14T22:47:31.111577Z');
    const all = windowsJson([]);
    expect(all.currentStreak.start).not.toBe(auth.currentStreak.start);
  });

  it('--min hides short windows and says how many; --limit keeps the most recent and says how many were left out', () => {
    const doc = windowsJson(['--min', '10m', '--limit', '2']);
    const every = expectedWindows(null, truth.firstTimestamp, SAMPLE_NOW);
    const all = every.filter(([s, e]) => usOf(e) - usOf(s) >= 10 * 60e6);
    expect(all.length).toBeGreaterThan(2);
    expect(doc.listing.shorterThanMin).toBe(every.length - all.length);
    expect(doc.listing).toMatchObject({ listed: 2, eligible: all.length, overLimit: all.length - 2 });
    expect(doc.windows.map((w: Doc) => [w.start, w.end])).toEqual(all.slice(-2));
    const text = cli(['windows', '--db', db, '--min', '10m', '--limit', '2'], { now: SAMPLE_NOW });
    expect(text.stdout).toContain(
      `clean windows of at least 10m: 2 listed (the 2 most recent of ${all.length}; --limit to list more; ${every.length - all.length} shorter windows not listed; --min 0 lists every one)`,
    );
  });

  it('--tz adds local times with their offset (Berlin is +02:00 in September); UTC stays', () => {
    const doc = windowsJson(['--tz', 'Europe/Berlin']);
    expect(doc.range.startLocal).toBe('2025-09-14T22:00:03.859102+02:00');
    expect(doc.currentStreak.startLocal).toBe('2025-09-15T19:41:07.118533+02:00');
    expect(doc.currentStreak.start).toBe('2025-09-15T17:41:07.118533Z');
    const text = cli(['windows', '--db', db, '--tz', 'Europe/Berlin'], { now: SAMPLE_NOW });
    expect(text.stdout).toContain('(2025-09-15T19:41:07.118532+02:00 Europe/Berlin)');
    expect(text.stdout).toMatch(/│ 2025-09-15 17:41:07 +│ 2025-09-15 22:00:00 +│/);
    expect(text.stdout).toMatch(/│ 2025-09-15 19:41:07\+02:00 │ 2025-09-16 00:00:00\+02:00 │/);
    expect(cli(['windows', '--db', db, '--tz', 'Mars/Olympus'], { now: SAMPLE_NOW }).status).toBe(3);
  });

  it('--from/--to set the range; the 7-day default starts no earlier than the history', () => {
    const doc = windowsJson(['--from', '2025-09-15T10:00:00Z', '--to', '2025-09-15T20:00:00+02:00']);
    expect(doc.range).toMatchObject({ start: '2025-09-15T10:00:00.000000Z', end: '2025-09-15T18:00:00.000000Z', origin: 'flags' });
    expect(doc.findings).toBe(1);
    // Long after the data: the last 7 days hold nothing of the service, and nothing is proven.
    const later = windowsJson([], '2025-09-30T00:00:00Z');
    expect(later.range).toMatchObject({ start: '2025-09-23T00:00:00.000000Z', origin: 'lookback' });
    expect(later.coverage.entries).toBe(0);
    expect(later.currentStreak).toMatchObject({ atLeast: true, proven: false });
    expect(later.longestWindow).toBeNull();
    expect(new Set(later.timeline.strip)).toEqual(new Set(['?']));
    const text = cli(['windows', '--db', db], { now: '2025-09-30T00:00:00Z' });
    expect(text.stdout).toContain('no entry of netra-backend-staging in the range: nothing here is proven');
  });
});

describe('ssot-watch windows on small generated exports', () => {
  it('findings at known instants split the windows there; data that stops early leaves the streak unproven', () => {
    const d = tempDir('ssotw-windows-gen-');
    const f1 = '2025-09-15T12:30:00.250000Z';
    const f2 = '2025-09-15T13:45:10.000001Z';
    const file = writeExport(d, 'gen.json', '2025-09-15T12:00:00Z', '2025-09-15T15:00:00Z', [
      entryAt(f1, 9001, WS1011()),
      entryAt(f2, 9002, WS1011('going away')),
    ]);
    const store = ingestedStore(d, [file]);
    const r = cli(['windows', '--db', store, '--json', '--min', '0', '--from', '2025-09-15T12:00:00Z', '--to', '2025-09-15T16:00:00Z'], {
      now: '2025-09-15T16:00:00Z',
    });
    expect(r.status, r.stderr).toBe(0);
    const doc = parseJson<Doc>(r);
    expect(doc.windows.map((w: Doc) => [w.start, w.end, w.proven])).toEqual([
      ['2025-09-15T12:00:00.000000Z', f1, true],
      [isoOf(usOf(f1) + 1), f2, true],
      [isoOf(usOf(f2) + 1), '2025-09-15T16:00:00.000000Z', false],
    ]);
    // Entries stop at 14:59: proven up to max-gap (30m) after the last one, not to 16:00.
    expect(doc.currentStreak).toMatchObject({ proven: false, provenSince: null, lastEntry: '2025-09-15T14:59:00.000000Z' });
    expect(doc.longestWindow).toMatchObject({ start: isoOf(usOf(f2) + 1), end: '2025-09-15T15:29:00.000000Z' });
    const text = cli(['windows', '--db', store, '--from', '2025-09-15T12:00:00Z', '--to', '2025-09-15T16:00:00Z'], { now: '2025-09-15T16:00:00Z' });
    expect(text.stdout).toContain('NOT proven to the end of the range: the last entry is 2025-09-15T14:59:00Z');
  });

  it('no finding at all: one window, the streak is "at least" the range', () => {
    const d = tempDir('ssotw-windows-quiet-');
    const store = ingestedStore(d, [writeExport(d, 'quiet.json', '2025-09-15T00:00:00Z', '2025-09-15T06:00:00Z')]);
    const doc = parseJson<Doc>(cli(['windows', '--db', store, '--json'], { now: '2025-09-15T06:00:00Z' }));
    expect(doc.findings).toBe(0);
    expect(doc.windows).toHaveLength(1);
    expect(doc.currentStreak).toMatchObject({ start: '2025-09-15T00:00:00.000000Z', atLeast: true, proven: true, previousFinding: null });
    const text = cli(['windows', '--db', store], { now: '2025-09-15T06:00:00Z' });
    expect(text.stdout).toContain('current streak  at least 6h, since the range start');
  });

  it('a source not read to its end proves nothing: no proven window, the timeline says ~, the note names it', () => {
    const d = tempDir('ssotw-windows-cut-');
    const full = writeExport(d, 'full.json', '2025-09-15T00:00:00Z', '2025-09-15T04:00:00Z');
    const cut = join(d, 'cut.json');
    writeFileSync(cut, readFileSync(full, 'utf8').slice(0, -40));
    const store = ingestedStore(d, [cut]);
    const args = ['windows', '--db', store, '--from', '2025-09-15T00:00:00Z', '--to', '2025-09-15T04:00:00Z'];
    const doc = parseJson<Doc>(cli([...args, '--json'], { now: '2025-09-15T04:00:00Z' }));
    expect(doc.coverage.entries).toBeGreaterThan(200);
    expect(doc.doubts).toEqual(expect.arrayContaining([expect.objectContaining({ source: cut, code: 'incomplete_source' })]));
    expect(doc.windows.every((w: Doc) => w.proven === false)).toBe(true);
    expect(doc.currentStreak).toMatchObject({ proven: false, provenSince: null });
    expect(doc.longestWindow).toBeNull();
    expect(doc.timeline.strip).toBe('~~~~');
    const text = cli(args, { now: '2025-09-15T04:00:00Z' });
    expect(text.stdout).toContain(`note            ${cut} was not read to its end`);
  });

  it('the timeline wraps to the terminal width: a week is a row per day, 10-minute cells rows of a few hours', () => {
    const d = tempDir('ssotw-windows-wrap-');
    const store = ingestedStore(d, [writeExport(d, 'week.json', '2025-09-08T00:00:00Z', '2025-09-15T00:00:00Z', [], { everyMin: 10 })]);
    const week = cli(['windows', '--db', store], { now: '2025-09-15T00:00:00Z', columns: 60 });
    expect(week.status).toBe(0);
    const rows = week.stdout.split('\n').filter((l) => /^2025-09-\d\d {2}[.X~?]/.test(l));
    expect(rows.map((l) => l.slice(0, 10))).toEqual(['2025-09-08', '2025-09-09', '2025-09-10', '2025-09-11', '2025-09-12', '2025-09-13', '2025-09-14']);
    expect(rows.every((l) => l === `${l.slice(0, 10)}  ${'.'.repeat(24)}`)).toBe(true);

    const fine = cli(['windows', '--db', store, '--bucket', '10m', '--from', '2025-09-14T00:00:00Z', '--to', '2025-09-15T00:00:00Z'], {
      now: '2025-09-15T00:00:00Z',
      columns: 60,
    });
    const strip = fine.stdout.split('\n').filter((l) => /^2025-09-14 \d\d:\d\d {2}/.test(l));
    // 60 columns: 16 for the label, 2 of gutter, so rows of 6 hours (36 cells).
    expect(strip.map((l) => l.slice(0, 16))).toEqual(['2025-09-14 00:00', '2025-09-14 06:00', '2025-09-14 12:00', '2025-09-14 18:00']);
    expect(strip.every((l) => l.length <= 60 && l.endsWith('.'.repeat(36)))).toBe(true);
    expect(fine.stdout).toMatch(/^ {18}\+0h {3}\+1h {3}\+2h/m);
  });
});

describe('ssot-watch windows: errors', () => {
  it('several services and no --service: exit 3 naming them; an unknown service or kind: exit 3 with the list', () => {
    const d = tempDir('ssotw-windows-two-');
    const two = ingestedStore(d, [SAMPLE_2H]);
    const r = cli(['windows', '--db', two], { now: SAMPLE_NOW });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('the history holds 2 services (netra-auth-service, netra-backend-staging): name one with --service');
    expect(cli(['windows', '--db', two, '--service', 'netra-auth-service', '--json'], { now: SAMPLE_NOW }).status).toBe(0);
    const unknown = cli(['windows', '--db', two, '--service', 'netra-frontend'], { now: SAMPLE_NOW });
    expect(unknown.status).toBe(3);
    expect(unknown.stderr).toContain('--service netra-frontend: not in the history (it holds: netra-auth-service, netra-backend-staging)');
    const kind = cli(['windows', '--db', db, '--kinds', 'ws_1011,oops'], { now: SAMPLE_NOW });
    expect(kind.status).toBe(3);
    expect(kind.stderr).toContain('unknown kind "oops" (known: ssot_warning, ws_1011, auth_403)');
  });

  it('no history store: exit 4 saying what to run first, and no store is created', () => {
    const missing = join(dir, 'nothing-here.db');
    const r = cli(['windows', '--db', missing], { now: SAMPLE_NOW });
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('no history store here. Fill one first, e.g. ssot-watch ingest EXPORT.json --db');
    expect(existsSync(missing)).toBe(false);
  });

  it('bad flags are usage errors', () => {
    for (const args of [['--bucket', '30s'], ['--min', 'soon'], ['--limit', '0'], ['--from', '2025-09-16T00:00:00Z'], ['--max-gap', '10s']]) {
      const r = cli(['windows', '--db', db, ...args], { now: SAMPLE_NOW });
      expect([args.join(' '), r.status]).toEqual([args.join(' '), 3]);
    }
  });
});
