/**
 * `gate` against the real local gRPC server: the live stream (TailLogEntries) through the real
 * client, published entries, suppression, dropped streams read back with ListLogEntries. The end
 * of the watch is a promise the test resolves: nothing here waits for a clock.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createParsers, parsersFor } from '../../parsers/registry.js';
import type { LoggingApi } from '../../src/cloud/client.js';
import { KINDS } from '../../src/model/index.js';
import { gate, type GateEvent, type GateOptions, type GateOutcome } from '../../src/pipeline/gate.js';
import type { HistoryStore } from '../../src/store/historyStore.js';
import { openStore } from '../../src/store/openStore.js';
import { SourceUnavailableError } from '../../src/util/errors.js';
import { startFakeLogging, type FakeLogging } from '../support/fakeLogging/index.js';
import { apiFor, closeApi, entryAt, InstantTimer, MIN, requesterFor, SERVICE, steadyEntries, us } from './helpers.js';

let fake: FakeLogging;
let api: LoggingApi;
const stores: HistoryStore[] = [];
const T0 = us('2025-09-15T12:00:00Z');
const FOR = 10 * MIN;

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
  fake.setEntries([]);
  fake.endTails();
  for (const s of stores.splice(0)) s.close();
});

interface Watch {
  store: HistoryStore;
  events: GateEvent[];
  end: () => void;
  done: Promise<GateOutcome>;
}

function watch(over: Partial<GateOptions> = {}, kinds = [...KINDS]): Watch {
  const store = openStore(':memory:');
  stores.push(store);
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const events: GateEvent[] = [];
  const done = gate({
    api,
    requester: requesterFor(api),
    store,
    service: SERVICE,
    revision: null,
    kinds,
    parsers: parsersFor(kinds),
    forUs: FOR,
    maxGapUs: 5 * MIN,
    clock: () => T0,
    timer: new InstantTimer(),
    waitForEnd: () => ended,
    graceMs: 0,
    onEvent: (e) => events.push(e),
    ...over,
  });
  return { store, events, end, done };
}

/** Entries every minute from T0 + 30 s: regular traffic over the whole window. */
function everyMinute(from = 0, to = 10): Record<string, unknown>[] {
  return steadyEntries(T0 + 30_000_000 + from * MIN, T0 + to * MIN, MIN, { firstIndex: 1000 + from });
}

describe('gate', () => {
  it('fails fast on a planted finding: DIRTY at once, printed, stored', async () => {
    const w = watch();
    await fake.waitForTails(1);
    fake.publish(everyMinute(0, 2));
    fake.publish([entryAt(T0 + 2 * MIN + 5_000_000, 1, { finding: 'ws403' })]);
    // The watch is never told to end: the finding alone ends it.
    const o = await w.done;
    expect(o.verdict.verdict).toBe('DIRTY');
    expect(o.stoppedEarly).toBe(true);
    expect(o.verdict.findings.map((f) => f.kind)).toEqual(['auth_403']);
    expect(w.events.filter((e) => e.type === 'finding')).toHaveLength(1);
    expect(w.store.countFindings()).toBe(1);
    const run = w.store.runs()[0]!;
    expect(run).toMatchObject({ kind: 'tail', status: 'done', complete: false, rangeStartUs: T0, rangeEndUs: T0 + FOR });
    expect(run.incompleteReason).toContain('stopped at the first finding');
    await until(() => fake.tailCount === 0); // the stream was closed
  });

  it('passes on a clean stream with regular entries: CLEAN, with a final findings query over the window', async () => {
    const w = watch();
    await fake.waitForTails(1);
    for (let m = 0; m < 10; m++) fake.publish(everyMinute(m, m + 1));
    await until(() => w.events.filter((e) => e.type === 'entries').length === 10);
    w.end();
    const o = await w.done;
    expect(o.verdict.verdict).toBe('CLEAN');
    expect(o.verdict.entries).toBe(10);
    expect(o.verdict.reasons.map((r) => r.code)).toEqual(['clean']);
    // One ListLogEntries: the final check, a findings filter over exactly the window.
    const lists = fake.calls('ListLogEntries');
    expect(lists).toHaveLength(1);
    expect(lists[0]!.request.filter).toContain('timestamp>="2025-09-15T12:00:00.000000Z"');
    expect(lists[0]!.request.filter).toContain('timestamp<"2025-09-15T12:10:00.000000Z"');
    expect(lists[0]!.request.filter).toContain('httpRequest.status=403');
    expect(w.store.runs()[0]).toMatchObject({ kind: 'tail', status: 'done', complete: true, entries: 10 });
    expect(w.store.coverage(SERVICE, T0, T0 + FOR)).toHaveLength(10);
    // The tail asked for the service's entries, every one (coverage needs them all).
    const tail = fake.calls('TailLogEntries')[0]!.request;
    expect(tail.filter).toContain(`resource.labels.service_name="${SERVICE}"`);
    expect(tail.filter).not.toContain('textPayload');
  });

  it('is INCONCLUSIVE when the stream reports suppressed entries', async () => {
    const w = watch();
    await fake.waitForTails(1);
    fake.publish(everyMinute());
    fake.publishSuppression({ reason: 'RATE_LIMIT', suppressedCount: 42 });
    await until(() => w.events.some((e) => e.type === 'suppressed'));
    w.end();
    const o = await w.done;
    expect(o.verdict.verdict).toBe('INCONCLUSIVE');
    expect(o.suppressed).toBe(42);
    expect(o.verdict.reasons.map((r) => r.code)).toEqual(['incomplete_source']);
    expect(o.verdict.reasons[0]!.message).toContain('42 entries suppressed');
  });

  it('is INCONCLUSIVE on a silence longer than --max-gap inside the window', async () => {
    const w = watch();
    await fake.waitForTails(1);
    fake.publish([entryAt(T0 + 1 * MIN, 1), entryAt(T0 + 9 * MIN, 2)]);
    await until(() => w.events.some((e) => e.type === 'entries'));
    w.end();
    const o = await w.done;
    expect(o.verdict.verdict).toBe('INCONCLUSIVE');
    expect(o.verdict.gaps.map((g) => [g.startUs - T0, g.endUs - T0])).toEqual([[1 * MIN, 9 * MIN]]);
  });

  it('is INCONCLUSIVE when nothing arrives at all', async () => {
    const w = watch();
    await fake.waitForTails(1);
    w.end();
    const o = await w.done;
    expect(o.verdict.verdict).toBe('INCONCLUSIVE');
    expect(o.verdict.reasons.map((r) => r.code)).toEqual(['no_entries']);
  });

  it('reconnects a dropped stream and reads the disconnected interval back: nothing missed, nothing counted twice', async () => {
    const w = watch();
    await fake.waitForTails(1);
    fake.publish(everyMinute(0, 4));
    await until(() => w.events.filter((e) => e.type === 'entries').length >= 1);
    // While the stream is down, entries arrive that no stream will deliver.
    fake.addEntries(everyMinute(4, 6));
    fake.dropTails();
    await until(() => fake.calls('TailLogEntries').length === 2);
    await fake.waitForTails(1);
    await until(() => w.events.some((e) => e.type === 'backfill'));
    fake.publish(everyMinute(6, 10));
    await until(() => w.events.filter((e) => e.type === 'entries').length >= 2);
    w.end();
    const o = await w.done;
    expect(o.drops).toBe(1);
    expect(o.tailSessions).toBe(2);
    expect(o.verdict.verdict).toBe('CLEAN');
    expect(o.verdict.entries).toBe(10);
    expect(o.entries).toBe(10);
    // The read-back started at the window start (no earlier entry to go by) and was one page.
    const backfill = fake.calls('ListLogEntries')[0]!.request;
    expect(backfill.filter).toContain('timestamp>="2025-09-15T12:00:00.000000Z"');
    expect(backfill.filter).not.toContain('textPayload');
  });

  it('reads the rest back when the window ends before the dropped stream could be reopened', async () => {
    // Reconnect backoffs never finish: the window ends first.
    const stuck = { now: () => 0, sleep: (ms: number) => (ms === 0 ? Promise.resolve() : new Promise<void>(() => {})) };
    const w = watch({ timer: stuck });
    await fake.waitForTails(1);
    fake.publish(everyMinute(0, 5));
    await until(() => w.events.some((e) => e.type === 'entries'));
    fake.dropTails();
    await until(() => w.events.some((e) => e.type === 'dropped'));
    fake.addEntries(everyMinute(5, 10));
    w.end();
    const o = await w.done;
    expect(o.tailSessions).toBe(1);
    expect(o.verdict.verdict).toBe('CLEAN');
    expect(o.verdict.entries).toBe(10);
    expect(w.events.filter((e) => e.type === 'backfill')).toHaveLength(1);
  });

  it('finds a finding logged while the stream was down (the read-back sees it): DIRTY', async () => {
    const w = watch();
    await fake.waitForTails(1);
    fake.publish(everyMinute(0, 3));
    await until(() => w.events.some((e) => e.type === 'entries'));
    fake.addEntries([entryAt(T0 + 3 * MIN + 10_000_000, 7, { finding: 'ssot' })]);
    fake.dropTails();
    const o = await w.done;
    expect(o.verdict.verdict).toBe('DIRTY');
    expect(o.verdict.findings.map((f) => f.kind)).toEqual(['ssot_warning']);
  });

  it('gives up after the reconnects fail: INCONCLUSIVE with the reason', async () => {
    let opened = 0;
    const broken: LoggingApi = {
      ...api,
      project: api.project,
      target: 'stub',
      list: (req, o) => api.list(req, o),
      tail: (_req, h) => {
        opened++;
        // The first session delivers one entry, then every session breaks at once.
        if (opened === 1) queueMicrotask(() => h.onResponse({ entries: [], suppressionInfo: [] }));
        queueMicrotask(() => h.onClose(Object.assign(new Error('14 UNAVAILABLE: Connection reset by peer'), { code: 14 })));
        return { cancel() {} };
      },
    };
    const w = watch({ api: broken, reconnect: { attempts: 3, baseMs: 1, capMs: 1 } });
    const o = await w.done;
    expect(opened).toBe(4);
    expect(o.verdict.verdict).toBe('INCONCLUSIVE');
    expect(o.problems.join(' ')).toContain('3 reconnects failed');
  });

  it('refused from the start (permission): exit 5, not a verdict', async () => {
    const refused: LoggingApi = {
      ...api,
      tail: (_req, h) => {
        queueMicrotask(() => h.onClose(Object.assign(new Error('7 PERMISSION_DENIED: no'), { code: 7, details: 'no' })));
        return { cancel() {} };
      },
    };
    const w = watch({ api: refused });
    await expect(w.done).rejects.toBeInstanceOf(SourceUnavailableError);
    await expect(w.done).rejects.toThrow(/logging.logEntries.list/);
  });

  it('watches one revision when asked: its entries only', async () => {
    const w = watch({ revision: 'netra-backend-staging-00002-new', parsers: createParsers() });
    await fake.waitForTails(1);
    expect(fake.calls('TailLogEntries')[0]!.request.filter).toContain('resource.labels.revision_name="netra-backend-staging-00002-new"');
    fake.publish([entryAt(T0 + MIN, 1, { finding: 'ssot', revision: `${SERVICE}-00001-abc` })]);
    fake.publish(steadyEntries(T0 + 30_000_000, T0 + FOR, MIN).map((e) => ({ ...e, resource: { ...(e['resource'] as object), labels: { ...((e['resource'] as { labels: object }).labels), revision_name: 'netra-backend-staging-00002-new' } } })));
    await until(() => w.events.some((e) => e.type === 'entries'));
    w.end();
    const o = await w.done;
    // The old revision's finding never reached this watch.
    expect(o.verdict.verdict).toBe('CLEAN');
  });
});

async function until(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!cond()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
