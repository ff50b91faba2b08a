/**
 * The fake Cloud Logging server, exercised through the REAL @google-cloud/logging client: what
 * the product will see in its own tests (shapes, paging, errors, tail) is checked here once.
 */
import { Logging } from '@google-cloud/logging';
import type { Entry } from '@google-cloud/logging';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeLogging, RecordedCall } from './support/fakeLogging/index.js';
import { convertEntry, toProtoLogEntry } from './support/fakeLogging/convert.js';
import { encodeFramedEntry } from './support/fakeLogging/encodeEntry.js';
import { entriesOfExport, parseFilter, printFilter, prepareFilter, startFakeLogging } from './support/fakeLogging/index.js';
import { decodeFramedEntry, encodeFramedEntryReference } from './support/fakeLogging/wire.js';
import { CORPUS, CORPUS_SKIP_MESSAGE, HAVE_CORPUS } from './support/read.js';

const PROJECT = 'netra-staging';
const RESOURCE = [`projects/${PROJECT}`];
const ITERATION_9 = 'gcp_logs_iteration_9_20250907_063534.json';
const SNAKE_WRAPPER = 'gcp_backend_logs_last_1hour_20250915_154858.json';
const RAW_LOGS_WRAPPER = 'gcp_backend_logs_1hour_20250915_130325.json';

type Raw = Record<string, unknown>;

function corpusEntries(file: string): Raw[] {
  return entriesOfExport(JSON.parse(readFileSync(join(CORPUS, file), 'utf8'))) as Raw[];
}

function clientFor(fake: FakeLogging): Logging {
  return new Logging(fake.clientOptions(PROJECT));
}

/** The gapic client holds a gRPC channel; closing it lets vitest exit without open handles. */
async function closeClient(logging: Logging): Promise<void> {
  await (logging.loggingService as unknown as { close(): Promise<void> }).close();
}

interface PageAll {
  entries: Entry[];
  calls: number;
}

/** Pages manually as the product will (autoPaginate: false, nextQuery.pageToken as the cursor). */
async function pageAll(logging: Logging, query: { filter: string; orderBy?: string; pageSize: number }): Promise<PageAll> {
  const entries: Entry[] = [];
  let pageToken: string | undefined;
  let calls = 0;
  for (;;) {
    const [page, next] = await logging.getEntries({
      filter: query.filter,
      orderBy: query.orderBy ?? 'timestamp asc',
      pageSize: query.pageSize,
      autoPaginate: false,
      resourceNames: RESOURCE,
      ...(pageToken ? { pageToken } : {}),
    });
    calls++;
    entries.push(...page);
    pageToken = next?.pageToken ?? undefined;
    if (!pageToken) return { entries, calls };
    if (calls > 10_000) throw new Error('runaway paging');
  }
}

/** An entry in gcloud form with what the filter tests need; everything else realistic. */
function entry(i: number, over: Raw = {}): Raw {
  const second = String(i % 60).padStart(2, '0');
  return {
    insertId: `e${String(i).padStart(6, '0')}`,
    logName: `projects/${PROJECT}/logs/run.googleapis.com%2Fstderr`,
    resource: { type: 'cloud_run_revision', labels: { project_id: PROJECT, service_name: 'svc', revision_name: 'svc-00001-abc', location: 'us-central1', configuration_name: 'svc' } },
    timestamp: `2025-09-15T12:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${second}.000123Z`,
    severity: 'INFO',
    textPayload: `line ${i}`,
    ...over,
  };
}

const insertIds = (es: Entry[]): string[] => es.map((e) => String(e.metadata.insertId));

/** A sortable key for RFC 3339 `Z` timestamps with 0–9 fraction digits (exports mix `.900Z` and `.900146Z`). */
const timeKey = (ts: string): string => {
  const [whole, frac = ''] = ts.replace(/Z$/, '').split('.');
  return `${whole}.${frac.padEnd(9, '0')}`;
};
const listCalls = (fake: FakeLogging): RecordedCall[] => fake.calls('ListLogEntries');

async function expectGrpcError(p: Promise<unknown>, code: number): Promise<Error & { code: number; details: string }> {
  const err = await p.then(
    () => {
      throw new Error(`expected gRPC error code ${code}, got success`);
    },
    (e: unknown) => e as Error & { code: number; details: string },
  );
  expect(err.code, err.message).toBe(code);
  return err;
}

describe('filter parser', () => {
  it('OR binds tighter than AND; juxtaposition is AND; NOT binds tightest', () => {
    expect(printFilter(parseFilter('labels.a=1 OR labels.b=1 AND labels.c=1'))).toBe('((labels.a=1 OR labels.b=1) AND labels.c=1)');
    expect(printFilter(parseFilter('labels.a=1 AND labels.b=1 OR labels.c=1'))).toBe('(labels.a=1 AND (labels.b=1 OR labels.c=1))');
    expect(printFilter(parseFilter('labels.a=1 labels.b=1 OR labels.c=1'))).toBe('(labels.a=1 AND (labels.b=1 OR labels.c=1))');
    expect(printFilter(parseFilter('NOT labels.a=1 OR labels.b=1'))).toBe('(NOT labels.a=1 OR labels.b=1)');
    expect(printFilter(parseFilter('(labels.a=1 OR labels.b=1) AND -labels.c:x'))).toBe('((labels.a=1 OR labels.b=1) AND NOT labels.c:x)');
    // The language documentation's own example.
    expect(printFilter(parseFilter('labels.a:x OR NOT labels.b:x AND NOT labels.c:x OR labels.d:x'))).toBe(
      '((labels.a:x OR NOT labels.b:x) AND (NOT labels.c:x OR labels.d:x))',
    );
  });

  it('reads escapes in quoted values', () => {
    const ast = parseFilter('jsonPayload.message="say \\"hi\\" \\\\ there"');
    expect(ast.kind === 'cmp' && ast.value.text).toBe('say "hi" \\ there');
  });

  it('derives the timestamp range from top-level conjuncts only', () => {
    const f = prepareFilter('timestamp>="2025-09-15T00:00:00Z" AND timestamp<"2025-09-16T00:00:00+02:00" AND (timestamp<"2000-01-01T00:00:00Z" OR severity>=ERROR)');
    expect(f.range.lower).toEqual({ instant: { seconds: Date.UTC(2025, 8, 15) / 1000, nanos: 0 }, inclusive: true });
    expect(f.range.upper).toEqual({ instant: { seconds: Date.UTC(2025, 8, 15, 22) / 1000, nanos: 0 }, inclusive: false });
  });

  it.each([
    ['a bare value', '"SSOT WARNING"'],
    ['a function', 'SEARCH("SSOT")'],
    ['a value list', 'resource.type=("a" OR "b")'],
    ['an unknown field', 'protoPayload.methodName="x"'],
    ['lower-case and', 'severity=ERROR and textPayload:x'],
    ['an unknown escape', 'textPayload="\\q"'],
    ['an unterminated string', 'textPayload="abc'],
    ['a timestamp without a zone', 'timestamp>="2025-09-15T00:00:00"'],
    ['an unknown severity', 'severity>=LOUD'],
    ['a regex that does not compile', 'textPayload=~"("'],
    ['a non-number for an integer field', 'httpRequest.status="forbidden"'],
    ['a dangling operator', 'severity>='],
    ['unbalanced parentheses', '(severity=ERROR'],
  ])('rejects %s', (_what, filter) => {
    expect(() => prepareFilter(filter)).toThrow(/./);
  });
});

describe('entry encoding', () => {
  /** The hand-written encoder must produce what protobufjs produces, as decoded by the API's own descriptors. */
  function expectSameAsReference(raw: unknown): void {
    const { entry } = convertEntry(raw, { defaultProject: PROJECT, makeInsertId: () => 'generated' });
    expect(decodeFramedEntry(encodeFramedEntry(entry))).toEqual(decodeFramedEntry(encodeFramedEntryReference(toProtoLogEntry(entry))));
  }

  it.skipIf(!HAVE_CORPUS)('matches protobufjs on every corpus entry', () => {
    let n = 0;
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.json'))) {
      for (const raw of corpusEntries(file)) {
        expectSameAsReference(raw);
        n++;
      }
    }
    expect(n).toBe(2002 + 20 + 106 + 163 + 160 + 1000);
  });

  it('matches protobufjs on edge cases: long and non-ASCII strings, big ints, negatives, nested JSON', () => {
    expectSameAsReference(entry(1, { textPayload: 'x'.repeat(127) }));
    expectSameAsReference(entry(2, { textPayload: 'é'.repeat(70_000), labels: { ключ: 'значение', emoji: '\u{1F44B}' } }));
    expectSameAsReference(
      entry(3, {
        textPayload: undefined,
        jsonPayload: { a: null, b: -1.5, c: 0, d: '', e: false, f: [1, 'two', null, { g: [[]] }], h: {}, big: 2 ** 60, long: 'y'.repeat(200) },
        httpRequest: { status: -1, requestSize: '9007199254740993', latency: '-0.5s', cacheHit: false, responseSize: 0 },
        receiveTimestamp: '1969-12-31T23:59:59.5Z',
        sourceLocation: { file: 'a.py', line: '42', function: 'f' },
        operation: { id: 'op', producer: 'p', first: true, last: false },
        split: { uid: 'u', index: 1, totalSplits: 3 },
        traceSampled: true,
        trace: 'projects/p/traces/t',
        spanId: '0',
      }),
    );
    expectSameAsReference({ timestamp: '2025-09-15T12:00:00+02:00', textPayload: 'no insertId, no resource, no logName' });
  });

  it('keeps nanoseconds and converts offsets to UTC', () => {
    const { instant } = convertEntry(entry(1, { timestamp: '2025-09-15T14:00:00.123456789+02:00' }));
    expect(instant).toEqual({ seconds: Date.UTC(2025, 8, 15, 12) / 1000, nanos: 123_456_789 });
  });
});

describe('timestamp bounds found by binary search agree with a full scan', () => {
  let fake: FakeLogging;
  let logging: Logging;
  // Bursts at the same instant and neighbours one nanosecond apart: where off-by-one errors live.
  const stamps = ['00.000000000', '00.000000001', '00.5', '00.5', '00.5', '00.500000001', '01', '01.999999999', '02'];
  const at = (s: string) => `2025-09-15T12:00:${s}Z`;

  beforeAll(async () => {
    fake = await startFakeLogging({ entries: stamps.map((s, i) => entry(i, { timestamp: at(s) })) });
    logging = clientFor(fake);
  });
  afterAll(async () => {
    await closeClient(logging);
    await fake.stop();
  });

  it('for every operator and bound', async () => {
    for (const bound of ['00.000000000', '00.5', '00.500000001', '01.999999999', '02', '03', '2025-01-01']) {
      const value = bound.startsWith('2025') ? '2025-01-01T00:00:00Z' : at(bound);
      for (const op of ['>', '>=', '<', '<=', '=']) {
        const direct = `timestamp${op}"${value}"`;
        // Under OR the range is not extracted, so this one is a plain scan of every entry.
        const scanned = `(${direct} OR ${direct})`;
        for (const orderBy of ['timestamp asc', 'timestamp desc']) {
          const a = insertIds((await pageAll(logging, { filter: direct, orderBy, pageSize: 2 })).entries);
          const b = insertIds((await pageAll(logging, { filter: scanned, orderBy, pageSize: 2 })).entries);
          expect(a, `${direct} ${orderBy}`).toEqual(b);
        }
      }
    }
    expect(insertIds((await pageAll(logging, { filter: `timestamp>="${at('00.5')}" AND timestamp<"${at('01')}"`, pageSize: 1 })).entries)).toEqual([
      'e000002',
      'e000003',
      'e000004',
      'e000005',
    ]);
  });
});

describe.skipIf(!HAVE_CORPUS)(`ListLogEntries over the corpus with the real client ${HAVE_CORPUS ? '' : CORPUS_SKIP_MESSAGE}`, () => {
  let fake: FakeLogging;
  let logging: Logging;
  const raw = HAVE_CORPUS ? corpusEntries(ITERATION_9) : [];

  beforeAll(async () => {
    fake = await startFakeLogging();
    await fake.loadFile(join(CORPUS, ITERATION_9));
    logging = clientFor(fake);
  });
  afterEach(() => {
    fake.faults.reset();
    fake.clearRequests();
  });
  afterAll(async () => {
    await closeClient(logging);
    await fake.stop();
  });

  it('pages through every matching entry, oldest first, and the count equals the JSON file', async () => {
    const filter = 'resource.type="cloud_run_revision" AND resource.labels.service_name="netra-backend-staging" AND timestamp>="2025-09-07T00:00:00Z"';
    const expected = raw.filter((e) => (e['resource'] as { labels: Raw }).labels['service_name'] === 'netra-backend-staging');
    expect(expected.length).toBe(1751);

    const { entries, calls } = await pageAll(logging, { filter, pageSize: 100 });
    expect(entries.length).toBe(expected.length);
    expect(new Set(insertIds(entries)).size).toBe(expected.length);
    expect(calls).toBe(Math.ceil(expected.length / 100));
    const byId = new Map(raw.map((e) => [e['insertId'] as string, e['timestamp'] as string]));
    const stamps = insertIds(entries).map((id) => timeKey(byId.get(id)!));
    expect(stamps).toEqual([...stamps].sort());

    const recorded = listCalls(fake);
    expect(recorded.length).toBe(calls);
    expect(recorded.every((c) => c.request.filter === filter && c.request.pageSize === 100 && c.request.orderBy === 'timestamp asc')).toBe(true);
    expect(recorded[0]!.request.pageToken).toBe('');
    expect(recorded[0]!.request.resourceNames).toEqual(RESOURCE);
    // Each request carries the token the previous response gave.
    for (let i = 1; i < recorded.length; i++) expect(recorded[i]!.request.pageToken).toBe(recorded[i - 1]!.outcome!.nextPageToken);
    expect(recorded.at(-1)!.outcome!.nextPageToken).toBe('');
  });

  it('evaluates status, severity, has and regex like an independent count over the JSON', async () => {
    const since = 'timestamp>="2025-09-07T13:00:00Z"';
    const http = (e: Raw) => e['httpRequest'] as { status?: number; requestUrl?: string } | undefined;
    const level = (e: Raw) => ['DEFAULT', 'DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR'].indexOf((e['severity'] as string | undefined) ?? 'DEFAULT');
    const cases: [string, (e: Raw) => boolean][] = [
      [`${since} AND httpRequest.status=403`, (e) => http(e)?.status === 403],
      [`${since} AND httpRequest.status>=400 AND httpRequest.requestUrl:"/WS"`, (e) => (http(e)?.status ?? 0) >= 400 && /\/ws/i.test(http(e)?.requestUrl ?? '')],
      [`${since} AND severity>=WARNING`, (e) => level(e) >= 4],
      [`${since} AND NOT severity>=WARNING`, (e) => level(e) < 4],
      [`${since} AND textPayload=~"^INFO:"`, (e) => typeof e['textPayload'] === 'string' && /^INFO:/.test(e['textPayload'])],
      [`${since} AND logName="projects/netra-staging/logs/run.googleapis.com%2Frequests"`, (e) => e['logName'] === 'projects/netra-staging/logs/run.googleapis.com%2Frequests'],
      [`${since} AND jsonPayload.message:"websocket"`, (e) => /websocket/i.test(String((e['jsonPayload'] as Raw | undefined)?.['message'] ?? ''))],
    ];
    for (const [filter, predicate] of cases) {
      const { entries } = await pageAll(logging, { filter, pageSize: 1000 });
      expect(entries.length, filter).toBe(raw.filter(predicate).length);
    }
  });

  it('orders "timestamp desc" newest first', async () => {
    const { entries } = await pageAll(logging, { filter: 'timestamp>="2025-09-07T13:30:00Z"', orderBy: 'timestamp desc', pageSize: 250 });
    const byId = new Map(raw.map((e) => [e['insertId'] as string, e['timestamp'] as string]));
    const stamps = insertIds(entries).map((id) => timeKey(byId.get(id)!));
    expect(stamps.length).toBe(raw.filter((e) => timeKey(e['timestamp'] as string) >= timeKey('2025-09-07T13:30:00Z')).length);
    expect(stamps).toEqual([...stamps].sort().reverse());
  });

  it('client shapes: Date with milliseconds truncated, receiveTimestamp/latency as {seconds, nanos}, data per payload', async () => {
    const [page] = await logging.getEntries({ filter: 'timestamp>="2025-09-07T13:00:00Z"', orderBy: 'timestamp asc', pageSize: 1000, autoPaginate: false, resourceNames: RESOURCE });
    const byId = new Map(raw.map((e) => [e['insertId'] as string, e]));

    // metadata.timestamp: a Date, the microseconds cut (not rounded) to milliseconds.
    const sub = page.find((e) => /\.\d{3}[5-9]\d\dZ$/.test(byId.get(String(e.metadata.insertId))!['timestamp'] as string))!;
    const original = byId.get(String(sub.metadata.insertId))!['timestamp'] as string;
    expect(sub.metadata.timestamp).toBeInstanceOf(Date);
    expect((sub.metadata.timestamp as Date).toISOString()).toBe(`${original.slice(0, 23)}Z`);

    const request = page.find((e) => e.metadata.httpRequest)!;
    const src = byId.get(String(request.metadata.insertId))! as { httpRequest: Raw; receiveTimestamp: string };
    expect(request.data).toBeUndefined(); // request logs have no payload
    expect(request.metadata.httpRequest!.status).toBe(src.httpRequest['status']);
    expect(request.metadata.httpRequest!.requestSize).toBe(src.httpRequest['requestSize']); // int64 → string
    expect(request.metadata.httpRequest!.latency).toEqual({ seconds: '0', nanos: Math.round(Number.parseFloat(String(src.httpRequest['latency'])) * 1e9) });
    const rts = request.metadata.receiveTimestamp as { seconds: string; nanos: number };
    expect(new Date(Number(rts.seconds) * 1000).toISOString().slice(0, 19)).toBe(src.receiveTimestamp.slice(0, 19));
    expect(String(rts.nanos).padStart(9, '0')).toBe(src.receiveTimestamp.slice(20, -1).padEnd(9, '0'));

    const json = page.find((e) => e.metadata.jsonPayload)!;
    expect(json.data).toEqual(byId.get(String(json.metadata.insertId))!['jsonPayload']); // decoded back to a plain object
    expect((json.metadata as { payload?: string }).payload).toBe('jsonPayload');

    const text = page.find((e) => typeof e.metadata.textPayload === 'string')!;
    expect(text.data).toBe(byId.get(String(text.metadata.insertId))!['textPayload']);

    // Absent fields come back as defaults, not undefined: severity DEFAULT, trace '', operation null.
    const noSeverity = page.find((e) => byId.get(String(e.metadata.insertId))!['severity'] === undefined)!;
    expect(noSeverity.metadata.severity).toBe('DEFAULT');
    expect(noSeverity.metadata.trace).toBe('');
    expect(noSeverity.metadata.operation).toBeNull();
  });

  it('the gapic layer (logging.loggingService.listLogEntries) keeps the exact timestamp', async () => {
    const gapic = logging.loggingService as unknown as {
      listLogEntries(req: object, opts: object): Promise<[{ insertId: string; timestamp: { seconds: string; nanos: number } }[], unknown, unknown]>;
    };
    const [rawEntries] = await gapic.listLogEntries(
      { resourceNames: RESOURCE, filter: 'timestamp>="2025-09-07T13:00:00Z"', orderBy: 'timestamp asc', pageSize: 5 },
      { autoPaginate: false },
    );
    const byId = new Map(raw.map((e) => [e['insertId'] as string, e['timestamp'] as string]));
    const first = rawEntries[0]!;
    expect(typeof first.timestamp.seconds).toBe('string');
    const original = byId.get(first.insertId)!;
    expect(String(first.timestamp.nanos).padStart(9, '0')).toBe(original.slice(20, -1).padEnd(9, '0'));
    // No 24 h append at this layer: the filter arrives as written.
    expect(listCalls(fake).at(-1)!.request.filter).toBe('timestamp>="2025-09-07T13:00:00Z"');
  });

  it("shows the client's silent 24 h `timestamp >=` append and its default `timestamp desc`", async () => {
    const before = Date.now();
    const [page] = await logging.getEntries({ filter: 'severity>=WARNING', pageSize: 10, autoPaginate: false });
    expect(page).toEqual([]); // the corpus is older than a day
    const [call] = listCalls(fake);
    const m = /^severity>=WARNING AND timestamp >= "(.+)"$/.exec(call!.request.filter);
    expect(m, call!.request.filter).not.toBeNull();
    expect(Math.abs(before - 86_400_000 - Date.parse(m![1]!))).toBeLessThan(60_000);
    expect(call!.request.orderBy).toBe('timestamp desc');
    expect(call!.request.resourceNames).toEqual(RESOURCE);

    fake.clearRequests();
    await logging.getEntries({ pageSize: 1, autoPaginate: false });
    expect(listCalls(fake)[0]!.request.filter).toMatch(/^timestamp >= "\d{4}-\d\d-\d\dT[\d:.]+Z"$/);
  });

  it('pageSize without autoPaginate: false gives one page; autoPaginate: true gives everything', async () => {
    const filter = 'timestamp>="2025-09-07T00:00:00Z" AND httpRequest.status=403';
    const [onePage, next] = await logging.getEntries({ filter, pageSize: 10, resourceNames: RESOURCE });
    expect(onePage.length).toBe(10);
    expect(next?.pageToken).toBeTruthy();
    expect(listCalls(fake).length).toBe(1);
    fake.clearRequests();
    const [last, none, rawResponse] = await logging.getEntries({ filter, pageSize: 100, autoPaginate: false, resourceNames: RESOURCE });
    expect(last.length).toBe(66);
    expect(none).toBeNull(); // no further page: nextQuery is null
    expect(rawResponse?.nextPageToken).toBe('');
  });

  it('serves empty pages that still carry a token, then the data', async () => {
    fake.faults.emptyPages(3);
    const filter = 'timestamp>="2025-09-07T00:00:00Z" AND httpRequest.status=403';
    const { entries, calls } = await pageAll(logging, { filter, pageSize: 1000 });
    expect(entries.length).toBe(66);
    expect(calls).toBe(4);
    const outcomes = listCalls(fake).map((c) => c.outcome!);
    expect(outcomes.slice(0, 3).every((o) => o.entries === 0 && o.nextPageToken !== '')).toBe(true);
    expect(outcomes[3]).toMatchObject({ entries: 66, nextPageToken: '' });
  });

  it('RESOURCE_EXHAUSTED reaches the client as code 8 with the quota text, without a retry', async () => {
    fake.faults.resourceExhausted(1);
    const query = { filter: 'timestamp>="2025-09-07T00:00:00Z"', pageSize: 5, autoPaginate: false, resourceNames: RESOURCE };
    const err = await expectGrpcError(logging.getEntries(query), 8);
    expect(err.message).toMatch(/^8 RESOURCE_EXHAUSTED: Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'logging.googleapis.com'/);
    expect(listCalls(fake).length).toBe(1);
    const [page] = await logging.getEntries(query);
    expect(page.length).toBe(5);
  });

  it('UNAVAILABLE is retried by the client itself', async () => {
    fake.faults.unavailable(2);
    const [page] = await logging.getEntries({ filter: 'timestamp>="2025-09-07T00:00:00Z"', pageSize: 5, autoPaginate: false, resourceNames: RESOURCE });
    expect(page.length).toBe(5);
    expect(listCalls(fake).map((c) => c.outcome!.code)).toEqual([14, 14, 0]);
  });

  it('a page limit interrupts a pull, and the saved token resumes it', async () => {
    const filter = 'timestamp>="2025-09-07T00:00:00Z" AND resource.labels.service_name="netra-frontend-staging"';
    fake.faults.pageLimit(2);
    const seen: Entry[] = [];
    let token: string | undefined;
    const query = (pageToken?: string) => ({ filter, orderBy: 'timestamp asc', pageSize: 50, autoPaginate: false, resourceNames: RESOURCE, ...(pageToken ? { pageToken } : {}) });
    for (let i = 0; i < 2; i++) {
      const [page, next] = await logging.getEntries(query(token));
      seen.push(...page);
      token = next?.pageToken ?? undefined;
    }
    await expectGrpcError(logging.getEntries(query(token)), 8);
    fake.faults.clearPageLimit();
    for (;;) {
      const [page, next] = await logging.getEntries(query(token));
      seen.push(...page);
      token = next?.pageToken ?? undefined;
      if (!token) break;
    }
    expect(seen.length).toBe(181);
    expect(new Set(insertIds(seen)).size).toBe(181);
  });

  it('refuses a page token replayed with another filter', async () => {
    const [, next] = await logging.getEntries({ filter: 'timestamp>="2025-09-07T00:00:00Z"', pageSize: 5, autoPaginate: false, resourceNames: RESOURCE });
    const err = await expectGrpcError(
      logging.getEntries({ filter: 'timestamp>="2025-09-07T00:00:01Z"', pageSize: 5, autoPaginate: false, resourceNames: RESOURCE, pageToken: next!.pageToken! }),
      3,
    );
    expect(err.details).toMatch(/different filter/);
  });

  it('delays answers when asked', async () => {
    fake.faults.delayMs(300);
    const started = Date.now();
    await logging.getEntries({ filter: 'timestamp>="2025-09-07T00:00:00Z"', pageSize: 1, autoPaginate: false, resourceNames: RESOURCE });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('answers unsupported filters, bad page sizes and resource names with INVALID_ARGUMENT', async () => {
    const q = { pageSize: 5, autoPaginate: false, resourceNames: RESOURCE, orderBy: 'timestamp asc' };
    const unsupported = await expectGrpcError(logging.getEntries({ ...q, filter: 'timestamp>="2025-09-07T00:00:00Z" AND SEARCH("ssot")' }), 3);
    expect(unsupported.details).toMatch(/functions such as SEARCH/);
    await expectGrpcError(logging.getEntries({ ...q, filter: `timestamp>="2025-09-07T00:00:00Z" AND textPayload:"${'x'.repeat(20_000)}"` }), 3);
    await expectGrpcError(logging.getEntries({ ...q, filter: 'timestamp>="2025-09-07T00:00:00Z"', pageSize: 1001 }), 3);
    await expectGrpcError(logging.getEntries({ ...q, filter: 'timestamp>="2025-09-07T00:00:00Z"', resourceNames: ['organizations/1'] }), 3);
    await expectGrpcError(logging.getEntries({ ...q, filter: 'timestamp>="2025-09-07T00:00:00Z"', orderBy: 'insertId asc' }), 3);
  });
});

describe.skipIf(!HAVE_CORPUS)('wrapper exports load as the API would serve them', () => {
  it.each([SNAKE_WRAPPER, RAW_LOGS_WRAPPER])('%s', async (file) => {
    const raw = corpusEntries(file);
    const fake = await startFakeLogging({ entries: raw });
    const logging = clientFor(fake);
    try {
      const { entries } = await pageAll(logging, { filter: 'timestamp>="2025-09-15T00:00:00Z"', pageSize: 1000 });
      expect(entries.length).toBe(raw.length);
      const errors = await pageAll(logging, { filter: 'timestamp>="2025-09-15T00:00:00Z" AND severity=ERROR', pageSize: 1000 });
      expect(errors.entries.length).toBe(raw.filter((e) => e['severity'] === 'ERROR').length);
      const texts = entries.filter((e) => typeof e.data === 'string').length;
      expect(texts).toBe(raw.filter((e) => typeof (e['textPayload'] ?? e['text_payload']) === 'string').length);
      const withStatus = entries.filter((e) => e.metadata.httpRequest?.status).length;
      expect(withStatus).toBe(raw.filter((e) => (e['httpRequest'] ?? e['http_request']) !== null && (e['httpRequest'] ?? e['http_request']) !== undefined).length);
    } finally {
      await closeClient(logging);
      await fake.stop();
    }
  });
});

describe('filter semantics end to end', () => {
  let fake: FakeLogging;
  let logging: Logging;
  const since = 'timestamp>="2025-09-15T00:00:00Z"';
  const ids = async (filter: string) => insertIds((await pageAll(logging, { filter: `${since} AND (${filter})`, pageSize: 1000 })).entries).sort();

  beforeAll(async () => {
    fake = await startFakeLogging({
      entries: [
        // a b c flags as labels: every combination once.
        ...Array.from({ length: 8 }, (_, i) => entry(i, { labels: { a: String(i & 1), b: String((i >> 1) & 1), c: String((i >> 2) & 1) } })),
        entry(100, { textPayload: undefined, jsonPayload: { message: 'say "hi" \\ there', nested: { code: 1011, list: ['x', 'SSOT WARNING: dup'] } } }),
        entry(101, { textPayload: undefined, jsonPayload: { message: 'say hi there', nested: { code: '1011' } } }),
        // Same timestamp: ties are broken by insertId.
        entry(200, { insertId: 'tie-b', timestamp: '2025-09-15T13:00:00.000001Z' }),
        entry(201, { insertId: 'tie-a', timestamp: '2025-09-15T13:00:00.000001Z' }),
        entry(202, { insertId: 'tie-c', timestamp: '2025-09-15T13:00:00.000001Z' }),
        // Another project: never visible through projects/netra-staging.
        entry(300, { logName: 'projects/other/logs/x', resource: { type: 'cloud_run_revision', labels: { project_id: 'other', service_name: 'svc' } } }),
      ],
    });
    logging = clientFor(fake);
  });
  afterAll(async () => {
    await closeClient(logging);
    await fake.stop();
  });

  const flags = (pred: (a: number, b: number, c: number) => boolean) =>
    Array.from({ length: 8 }, (_, i) => i)
      .filter((i) => pred(i & 1, (i >> 1) & 1, (i >> 2) & 1))
      .map((i) => `e${String(i).padStart(6, '0')}`)
      .sort();

  it('a OR b AND c means (a OR b) AND c', async () => {
    expect(await ids('labels.a="1" OR labels.b="1" AND labels.c="1"')).toEqual(flags((a, b, c) => (a === 1 || b === 1) && c === 1));
    expect(await ids('labels.a="1" AND labels.b="1" OR labels.c="1"')).toEqual(flags((a, b, c) => a === 1 && (b || c) === 1));
    expect(await ids('labels.a="1" labels.b="1" OR labels.c="1"')).toEqual(flags((a, b, c) => a === 1 && (b || c) === 1));
    // NOT of a comparison on a missing field is true, hence `labels.a:*` to stay among the eight.
    expect(await ids('labels.a:* AND (NOT labels.a="1" OR labels.b="1")')).toEqual(flags((a, b) => a === 0 || b === 1));
    expect(await ids('NOT labels.a="1"')).toHaveLength(4 + 5); // a=0, and the five entries without the label
    expect(await ids('-labels.c:1 labels.a=1')).toEqual(flags((a, _b, c) => c === 0 && a === 1));
  });

  it('escaped quotes and backslashes in values arrive intact and match', async () => {
    fake.clearRequests();
    const value = 'say "hi" \\ there';
    const quoted = `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    expect(await ids(`jsonPayload.message=${quoted}`)).toEqual(['e000100']);
    expect(listCalls(fake)[0]!.request.filter).toContain('jsonPayload.message="say \\"hi\\" \\\\ there"');
    expect(await ids('jsonPayload.message="SAY HI THERE"')).toEqual(['e000101']); // = ignores case
    expect(await ids('jsonPayload.message=~"^say hi"')).toEqual(['e000101']);
    expect(await ids('jsonPayload.message=~"(?i)^SAY HI"')).toEqual(['e000101']);
  });

  it('jsonPayload: numbers, nested objects, lists and presence', async () => {
    expect(await ids('jsonPayload.nested.code=1011')).toEqual(['e000100', 'e000101']);
    // Numbers order numerically, strings lexicographically (ignoring case): '1011' < '2' as text.
    expect(await ids('jsonPayload.nested.code<2')).toEqual(['e000101']);
    expect(await ids('jsonPayload.nested.code>=1011')).toEqual(['e000100', 'e000101']);
    expect(await ids('jsonPayload.nested.list:"ssot warning"')).toEqual(['e000100']);
    expect(await ids('jsonPayload:"SSOT WARNING"')).toEqual(['e000100']);
    expect(await ids('jsonPayload.nested.list:*')).toEqual(['e000100']);
    expect(await ids('jsonPayload:* AND NOT textPayload:*')).toEqual(['e000100', 'e000101']);
  });

  it('orders equal timestamps by insertId, both directions', async () => {
    const filter = 'timestamp="2025-09-15T13:00:00.000001Z"';
    expect(insertIds((await pageAll(logging, { filter, pageSize: 1 })).entries)).toEqual(['tie-a', 'tie-b', 'tie-c']);
    expect(insertIds((await pageAll(logging, { filter, pageSize: 2, orderBy: 'timestamp desc' })).entries)).toEqual(['tie-c', 'tie-b', 'tie-a']);
  });

  it('serves only the entries of the projects named in resourceNames', async () => {
    expect(await ids('labels.a:*')).toHaveLength(8);
    const [other] = await logging.getEntries({ filter: since, resourceNames: ['projects/other'], pageSize: 100, autoPaginate: false });
    expect(insertIds(other)).toEqual(['e000300']);
    const all = await pageAll(logging, { filter: since, pageSize: 100 });
    expect(insertIds(all.entries)).not.toContain('e000300');
  });
});

describe('TailLogEntries with the real client', () => {
  let fake: FakeLogging;
  let logging: Logging;

  beforeAll(async () => {
    fake = await startFakeLogging();
    logging = clientFor(fake);
  });
  afterEach(() => {
    fake.faults.reset();
    fake.endTails();
  });
  afterAll(async () => {
    await closeClient(logging);
    await fake.stop();
  });

  interface TailResponse {
    entries: Entry[];
    suppressionInfo: { reason: string; suppressedCount: number }[];
  }

  function collect(stream: NodeJS.ReadableStream) {
    const responses: TailResponse[] = [];
    const events: string[] = [];
    const ended = new Promise<{ error?: Error & { code?: number }; ended: boolean }>((resolve) => {
      stream.on('data', (r: TailResponse) => responses.push(r));
      stream.on('error', (error: Error) => {
        events.push('error');
        resolve({ error, ended: false });
      });
      stream.on('end', () => {
        events.push('end');
        resolve({ ended: true });
      });
    });
    return { responses, events, ended };
  }

  async function until(cond: () => boolean, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('streams published entries that match, and suppression info', async () => {
    const stream = logging.tailEntries({ filter: 'resource.labels.service_name="svc" AND severity>=WARNING' });
    const { responses } = collect(stream);
    await fake.waitForTails(1);
    const [tailCall] = fake.calls('TailLogEntries');
    expect(tailCall!.request.filter).toBe('resource.labels.service_name="svc" AND severity>=WARNING');
    expect(tailCall!.request.resourceNames).toEqual(RESOURCE);
    expect(tailCall!.request.bufferWindow).toBeUndefined();

    const reached = fake.publish([entry(1, { severity: 'INFO' }), entry(2, { severity: 'ERROR', textPayload: 'received 1011 (internal error)' }), entry(3, { severity: 'WARNING' })]);
    expect(reached).toBe(1);
    await until(() => responses.length === 1);
    expect(insertIds(responses[0]!.entries)).toEqual(['e000002', 'e000003']);
    expect(responses[0]!.entries[0]!.data).toBe('received 1011 (internal error)');
    expect(responses[0]!.entries[0]!.metadata.timestamp).toBeInstanceOf(Date);
    expect(responses[0]!.suppressionInfo).toEqual([]);

    fake.publishSuppression({ reason: 'RATE_LIMIT', suppressedCount: 7 }, { reason: 'NOT_CONSUMED', suppressedCount: 2 });
    await until(() => responses.length === 2);
    expect(responses[1]!.entries).toEqual([]);
    expect(responses[1]!.suppressionInfo).toEqual([
      { reason: 'RATE_LIMIT', suppressedCount: 7 },
      { reason: 'NOT_CONSUMED', suppressedCount: 2 },
    ]);
    (stream as unknown as { abort(): void }).abort();
    await until(() => fake.tailCount === 0);
  });

  it('published entries are also listed afterwards (unless store: false)', async () => {
    fake.publish([entry(500, { insertId: 'published-kept' })]);
    fake.publish([entry(501, { insertId: 'published-not-kept' })], { store: false });
    const [listed] = await logging.getEntries({ filter: 'timestamp>="2025-09-15T00:00:00Z" AND insertId:"published"', autoPaginate: false, pageSize: 10, resourceNames: RESOURCE });
    expect(insertIds(listed)).toEqual(['published-kept']);
  });

  it('a dropped connection reaches the client as an error event with code 14', async () => {
    const { responses, events, ended } = collect(logging.tailEntries({ filter: 'severity>=DEFAULT' }));
    await fake.waitForTails(1);
    const opened = fake.calls('TailLogEntries').length;
    fake.faults.dropTailAfter(1);
    fake.publish([entry(10)], { store: false });
    const result = await ended;
    expect(responses.length).toBe(1);
    expect(result.error?.code).toBe(14);
    expect(fake.tailCount).toBe(0);
    // No 'end' after the error, and no reconnection by the client.
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toEqual(['error']);
    expect(fake.calls('TailLogEntries').length).toBe(opened);
  });

  it('a server-side end of the stream is a plain end event (no error)', async () => {
    const { ended } = collect(logging.tailEntries({}));
    await fake.waitForTails(1);
    fake.endTails();
    expect(await ended).toEqual({ ended: true });
  });

  it('an unsupported tail filter is INVALID_ARGUMENT on the stream', async () => {
    const { ended } = collect(logging.tailEntries({ filter: 'sample(insertId, 0.1)' }));
    const result = await ended;
    expect(result.error?.code).toBe(3);
  });
});
