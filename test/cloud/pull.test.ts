/**
 * `pull` against the real local gRPC server through the real client: paging, checkpoints and
 * resume, quota, empty pages, expired tokens, escaping, request budgets.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createParsers } from '../../parsers/registry.js';
import type { LoggingApi } from '../../src/cloud/client.js';
import { KINDS } from '../../src/model/index.js';
import { ensurePulled } from '../../src/pipeline/ensurePulled.js';
import { pull, type PullOutcome, type PullOptions } from '../../src/pipeline/pull.js';
import { verifyFromStore } from '../../src/pipeline/verify.js';
import type { HistoryStore } from '../../src/store/historyStore.js';
import { openStore } from '../../src/store/openStore.js';
import { snapshot } from '../store/helpers.js';
import { startFakeLogging, type FakeLogging } from '../support/fakeLogging/index.js';
import { apiFor, closeApi, entryAt, HOUR, InstantTimer, MIN, requesterFor, SERVICE, specFor, steadyEntries, us } from './helpers.js';

let fake: FakeLogging;
let api: LoggingApi;
const stores: HistoryStore[] = [];

beforeAll(async () => {
  fake = await startFakeLogging();
  api = apiFor(fake);
});
afterAll(async () => {
  await closeApi(api);
  await fake.stop();
});
afterEach(() => {
  fake.faults.reset();
  fake.clearRequests();
  for (const s of stores.splice(0)) s.close();
});

function memoryStore(): HistoryStore {
  const s = openStore(':memory:');
  stores.push(s);
  return s;
}

const DAY_START = us('2025-09-15T00:00:00Z');
const DAY = { startUs: DAY_START, endUs: DAY_START + 24 * HOUR };

function run(store: HistoryStore, spec = specFor({ range: DAY }), extra: Partial<PullOptions> = {}, timer = new InstantTimer()): Promise<PullOutcome> {
  return pull({ store, requester: requesterFor(api, timer, { quotaRetry: { retries: 2, budgetMs: 600_000, baseMs: 2_000, capMs: 32_000 } }), spec, parsers: createParsers(), ...extra });
}

function verdictOver(store: HistoryStore, range = DAY, maxGapUs = 30 * MIN) {
  return verifyFromStore(
    { store, nowUs: range.endUs + HOUR, strict: false },
    { name: null, service: SERVICE, kinds: [...KINDS], cleanUs: range.endUs - range.startUs, atUs: range.endUs, maxGapUs },
  ).result;
}

/**
 * "Nothing counted twice" for sampled coverage: every minute's count is at most the true count
 * (from a --coverage full pull of the same data), and the first/last times are real ones.
 */
function neverOverCounted(store: HistoryStore, exact: HistoryStore): void {
  const truth = new Map(exact.coverage(SERVICE, DAY.startUs, DAY.endUs).map((b) => [b.minute, b]));
  const sampled = store.coverage(SERVICE, DAY.startUs, DAY.endUs);
  expect(sampled.length).toBeGreaterThan(0);
  for (const b of sampled) {
    const t = truth.get(b.minute);
    expect(t, `minute ${b.minute}`).toBeDefined();
    expect(b.entries).toBeLessThanOrEqual(t!.entries);
    expect(b.firstUs).toBeGreaterThanOrEqual(t!.firstUs);
    expect(b.lastUs).toBeLessThanOrEqual(t!.lastUs);
  }
}

/** What the history holds, for "nothing counted twice": findings, coverage, revisions. */
function holdings(store: HistoryStore) {
  const s = snapshot(store);
  return { findings: s.findings, coverage: s.coverage, revisions: s.revisions };
}

describe('pull: a day of one service', () => {
  it('reads it in at most about 50 requests (≤ 100) and proves it CLEAN, whether entries come every 20 s or every 2 s', async () => {
    fake.setEntries(steadyEntries(DAY.startUs + 13_000_000, DAY.endUs, 20_000_000));
    const store = memoryStore();
    const o = await run(store);
    expect(o.complete).toBe(true);
    expect(o.requests).toBeLessThanOrEqual(100);
    expect(o.requests).toBe(fake.calls('ListLogEntries').length);
    expect(verdictOver(store).verdict).toBe('CLEAN');
    const sparse = o.requests;

    fake.setEntries(steadyEntries(DAY.startUs + 13_000_000, DAY.endUs, 2_000_000));
    fake.clearRequests();
    const dense = await run(memoryStore());
    expect(dense.requests).toBeLessThanOrEqual(52);
    expect(sparse).toBeLessThanOrEqual(52);
  });

  it('pages the findings query 1000 at a time in ascending order, never relying on the client default order or 24 h bound', async () => {
    // 2,500 findings: three pages of the findings query.
    fake.setEntries(steadyEntries(DAY.startUs, DAY.startUs + 2500 * 1_000_000, 1_000_000, { findingEvery: 1 }));
    const store = memoryStore();
    const o = await run(store, specFor({ range: DAY }));
    expect(o.complete).toBe(true);
    expect(o.tally.findings).toBe(2500);
    expect(store.countFindings()).toBe(2500);
    const scans = fake.calls('ListLogEntries').filter((c) => c.request.pageSize === 1000);
    expect(scans).toHaveLength(3);
    expect(scans.every((c) => c.request.orderBy === 'timestamp asc')).toBe(true);
    expect(scans.slice(1).every((c) => c.request.pageToken)).toBe(true);
    expect(scans[0]!.request.filter).toContain('timestamp>="2025-09-15T00:00:00.000000Z"');
    // Probes ask for one entry each.
    expect(fake.calls('ListLogEntries').filter((c) => c.request.pageSize === 1).length).toBe(o.requests - 3);
  });

  it('escapes a service name with a quote in the filter it sends, and finds that service', async () => {
    const odd = 'svc"x\\y';
    fake.setEntries([entryAt(DAY.startUs + HOUR, 1, { service: odd, finding: 'ssot' }), entryAt(DAY.startUs + 2 * HOUR, 2, { service: SERVICE, finding: 'ssot' })]);
    const store = memoryStore();
    const o = await run(store, specFor({ range: DAY, services: [odd] }));
    expect(o.complete).toBe(true);
    const first = fake.calls('ListLogEntries')[0]!.request.filter;
    expect(first).toContain('resource.labels.service_name="svc\\"x\\\\y"');
    expect(store.findings().map((f) => f.service)).toEqual([odd]);
  });
});

describe('pull: interruptions', () => {
  const data = () => [...steadyEntries(DAY.startUs + 5_000_000, DAY.endUs, 30_000_000, { findingEvery: 97 })];

  it('resumes from its checkpoint after the source gave out (recorded incomplete: INCONCLUSIVE meanwhile) and counts nothing twice', async () => {
    fake.setEntries(data());
    const reference = memoryStore();
    const whole = await run(reference);
    expect(whole.complete).toBe(true);
    const exact = memoryStore();
    await run(exact, specFor({ range: DAY, coverage: 'full' }));
    fake.clearRequests();

    const store = memoryStore();
    // The quota runs out for good after 7 pages (the retries fail too).
    fake.faults.pageLimit(7);
    const first = await run(store);
    expect(first.complete).toBe(false);
    expect(first.failure?.kind).toBe('quota');
    expect(first.pages).toBe(7);
    const cut = verdictOver(store);
    expect(cut.verdict).not.toBe('CLEAN');
    expect(cut.reasons.map((r) => r.code)).toContain('incomplete_source');

    fake.faults.clearPageLimit();
    fake.clearRequests();
    const second = await run(store);
    expect(second.complete).toBe(true);
    expect(second.resumed).toMatchObject({ runId: first.runId, how: 'incomplete' });
    expect(second.resumed!.checkpointsBefore).toBeGreaterThanOrEqual(7);
    // It continued: the findings query was done before the quota ran out, the rest are probes.
    expect(fake.calls('ListLogEntries').every((c) => c.request.pageSize === 1)).toBe(true);
    expect(second.tally.findings).toBe(whole.tally.findings);
    const h = holdings(store);
    const ref = holdings(reference);
    expect(h.findings).toEqual(ref.findings);
    expect(h.revisions).toEqual(ref.revisions);
    neverOverCounted(store, exact);
    const after = verdictOver(store);
    expect(after.verdict).toBe(verdictOver(reference).verdict);
    expect(after.gaps).toEqual(verdictOver(reference).gaps);
    // The failed run is superseded by the complete one that continued it.
    expect(after.reasons.map((r) => r.code)).not.toContain('incomplete_source');
  });

  it('an aborted pull (Ctrl-C) is left resumable and resumed in the same run; with --coverage full every count is exact', async () => {
    fake.setEntries(steadyEntries(DAY.startUs, DAY.endUs, 12_000_000, { findingEvery: 97 }));
    const reference = memoryStore();
    const full = specFor({ range: DAY, coverage: 'full' });
    const whole = await run(reference, full);
    expect(whole.pages).toBe(8);

    const store = memoryStore();
    const abort = new AbortController();
    await expect(
      run(store, full, {
        signal: abort.signal,
        onProgress: (p) => {
          if (p.pages === 3) abort.abort(new Error('SIGINT'));
        },
      }),
    ).rejects.toMatchObject({ exitCode: 130 });
    const abandoned = store.abandonedRuns();
    expect(abandoned).toHaveLength(1);
    fake.clearRequests();
    const again = await run(store, full);
    expect(again.complete).toBe(true);
    expect(again.resumed).toMatchObject({ how: 'abandoned', checkpointsBefore: 3 });
    expect(again.runId).toBe(abandoned[0]!.runId);
    expect(again.pages).toBe(5);
    expect(fake.calls('ListLogEntries')[0]!.request.pageToken).toBeTruthy();
    expect(store.abandonedRuns()).toHaveLength(0);
    expect(again.tally.entries).toBe(whole.tally.entries);
    expect(holdings(store)).toEqual(holdings(reference));
  });

  it('backs off on RESOURCE_EXHAUSTED and succeeds, waiting with jitter, not hammering', async () => {
    fake.setEntries(data());
    const timer = new InstantTimer();
    fake.faults.resourceExhausted(2);
    const store = memoryStore();
    const o = await run(store, specFor({ range: DAY }), {}, timer);
    expect(o.complete).toBe(true);
    // Two refusals, two waits (2 s and 4 s ceilings, jitter 0.5 → 1.5 s, 3 s), then on.
    expect(timer.sleeps).toEqual([1_500, 3_000]);
    expect(fake.calls('ListLogEntries').filter((c) => c.outcome?.code === 8)).toHaveLength(2);
    expect(o.requests).toBe(fake.calls('ListLogEntries').length);
  });

  it('keeps paging through empty pages that carry a token (findings query and probes alike)', async () => {
    fake.setEntries(data());
    const reference = memoryStore();
    const plain = await run(reference);
    fake.clearRequests();
    fake.faults.emptyPages(6);
    const store = memoryStore();
    const o = await run(store);
    expect(o.complete).toBe(true);
    expect(o.requests).toBe(plain.requests + 6);
    const empties = fake.calls('ListLogEntries').filter((c) => c.outcome?.code === 0 && c.outcome.entries === 0 && c.outcome.nextPageToken);
    expect(empties).toHaveLength(6);
    expect(holdings(store)).toEqual(holdings(reference));
  });

  it('restarts a stage from its last timestamp when a page token is refused, skipping what it read', async () => {
    // 2,500 findings at 1 s: the findings query has three pages; two share their boundary µs.
    const entries = steadyEntries(DAY.startUs, DAY.startUs + 2500 * 1_000_000, 1_000_000, { findingEvery: 1 });
    entries.splice(1000, 0, { ...entries[999]!, insertId: 'twin-of-999' });
    fake.setEntries(entries);
    const reference = memoryStore();
    const plain = await run(reference);
    fake.clearRequests();
    const store = memoryStore();
    let armed = false;
    const o = await run(store, specFor({ range: DAY }), {
      onProgress: (p) => {
        if (p.pages === 1 && !armed) {
          armed = true;
          fake.faults.failListCalls(1, { code: 3, details: 'invalid page token: expired' });
        }
      },
    });
    expect(o.complete).toBe(true);
    const calls = fake.calls('ListLogEntries');
    expect(calls[1]!.request.pageToken).toBeTruthy();
    expect(calls[1]!.outcome?.code).toBe(3);
    // The retry starts at the last timestamp read, without a token.
    expect(calls[2]!.request.pageToken ?? '').toBe('');
    expect(calls[2]!.request.filter).toMatch(/timestamp>="2025-09-15T00:16:3\d\.\d{6}Z"/);
    expect(o.tally.entries).toBe(plain.tally.entries);
    expect(o.tally.findings).toBe(plain.tally.findings);
    expect(holdings(store)).toEqual(holdings(reference));
  });

  it('UNAVAILABLE past the client\'s own retries ends the pull incomplete (exit 5 in the CLI)', async () => {
    fake.setEntries(data());
    fake.faults.unavailable(1_000_000);
    const store = memoryStore();
    const o = await pull({
      store,
      requester: requesterFor(api, new InstantTimer(), { callTimeoutMs: 1_500 }),
      spec: specFor({ range: DAY }),
      parsers: createParsers(),
    });
    expect(o.complete).toBe(false);
    expect(o.failure?.kind).toBe('unavailable');
    // The client retried it itself (several calls for one request of ours).
    expect(fake.calls('ListLogEntries').length).toBeGreaterThan(1);
    expect(o.requests).toBe(1);
    expect(verdictOver(store).verdict).toBe('INCONCLUSIVE');
  });
});

describe('ensurePulled (for verify --project)', () => {
  it('pulls only what complete pulls in the store do not already vouch for', async () => {
    fake.setEntries(steadyEntries(DAY.startUs, DAY.endUs + 2 * HOUR, 20_000_000));
    const store = memoryStore();
    const base = { store, api, project: 'netra-staging', service: SERVICE, kinds: [...KINDS], maxGapUs: 30 * MIN, policy: { maxRpm: 10_000, quotaRetry: { retries: 0, budgetMs: 0, baseMs: 1, capMs: 1 }, callTimeoutMs: 60_000 }, timer: new InstantTimer() };
    const first = await ensurePulled({ ...base, window: DAY, nowUs: DAY.endUs + 2 * HOUR });
    expect(first.complete).toBe(true);
    expect(first.pulled).toHaveLength(1);
    expect(first.requests).toBeLessThanOrEqual(100);
    expect(verdictOver(store).verdict).toBe('CLEAN');

    const again = await ensurePulled({ ...base, window: DAY, nowUs: DAY.endUs + 2 * HOUR });
    expect(again).toMatchObject({ requests: 0, pulled: [], complete: true });
    expect(again.reused).toEqual([{ runId: first.pulled[0]!.outcome.runId, startUs: DAY.startUs, endUs: DAY.endUs }]);

    // An hour later: only the new hour is pulled.
    const later = { startUs: DAY.startUs + HOUR, endUs: DAY.endUs + HOUR };
    const next = await ensurePulled({ ...base, window: later, nowUs: DAY.endUs + 2 * HOUR });
    expect(next.pulled.map((p) => p.range)).toEqual([{ startUs: DAY.endUs, endUs: DAY.endUs + HOUR }]);
    expect(next.requests).toBeLessThan(10);
    expect(verdictOver(store, later).verdict).toBe('CLEAN');

    // Probes made for 30m do not vouch for a verify at 10m: that needs its own pull.
    const finer = await ensurePulled({ ...base, maxGapUs: 10 * MIN, window: DAY, nowUs: DAY.endUs + 2 * HOUR });
    expect(finer.pulled).toHaveLength(1);
    expect(verdictOver(store, DAY, 10 * MIN).verdict).toBe('CLEAN');
  });
});
