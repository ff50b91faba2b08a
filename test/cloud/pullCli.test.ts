/**
 * `ssot-watch pull` as a user runs it: the built CLI in a child process, talking plaintext gRPC to
 * the local fake in this process (whose request log shows what was sent).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KINDS, type Kind } from '../../src/model/index.js';
import { verifyFromStore } from '../../src/pipeline/verify.js';
import { openStore } from '../../src/store/openStore.js';
import { removeTempDirs, ROOT, runCli, snapshot, sleep, tempDir } from '../store/helpers.js';
import { startFakeLogging, type FakeLogging } from '../support/fakeLogging/index.js';
import { HOUR, MIN, SERVICE, steadyEntries, us } from './helpers.js';

let fake: FakeLogging;
const DAY_START = us('2025-09-15T00:00:00Z');
const FROM = '2025-09-15T00:00:00Z';
const TO = '2025-09-16T00:00:00Z';
// Nothing from the developer's environment may point these runs elsewhere.
const ENV = { SSOT_WATCH_API_ENDPOINT: '', SSOT_WATCH_NOW: '' };

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'pullCommand.js'))) {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  }
  fake = await startFakeLogging({ entries: steadyEntries(DAY_START + 7_000_000, DAY_START + 24 * HOUR, 30_000_000, { findingEvery: 101 }) });
});
afterAll(async () => {
  await fake.stop();
  removeTempDirs();
});
afterEach(() => {
  fake.faults.reset();
  fake.clearRequests();
});

function pullArgs(db: string, ...more: string[]): string[] {
  return ['pull', '--project', 'netra-staging', '--service', SERVICE, '--from', FROM, '--to', TO, '--db', db, '--api-endpoint', fake.address, ...more];
}

function verdict(db: string, kinds: Kind[] = [...KINDS]) {
  const store = openStore(db);
  try {
    return verifyFromStore(
      { store, nowUs: us(TO) + HOUR, strict: false },
      { name: null, service: SERVICE, kinds, cleanUs: 24 * HOUR, atUs: us(TO), maxGapUs: 30 * MIN },
    ).result;
  } finally {
    store.close();
  }
}

function holdings(db: string) {
  const store = openStore(db);
  try {
    const s = snapshot(store);
    return { findings: s.findings, coverage: s.coverage, revisions: s.revisions };
  } finally {
    store.close();
  }
}

describe('ssot-watch pull (CLI)', () => {
  it('pulls a day, says how many requests it made (stderr and --json), and the day verifies DIRTY with its findings', async () => {
    const db = join(tempDir(), 'h.db');
    const r = await runCli([...pullArgs(db), '--json'], ENV).done;
    expect(r.stderr).toMatch(/^pull: run #1 complete: netra-staging netra-backend-staging 2025-09-15T00:00:00.000000Z → 2025-09-16T00:00:00.000000Z/m);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ runId: 1, complete: true, coverage: 'probe', maxGap: '30m', findings: 28, newFindings: 28 });
    expect(doc.requests).toBe(fake.calls('ListLogEntries').length);
    expect(doc.requests).toBeLessThanOrEqual(100);
    expect(r.stderr).toContain(`pull: ${doc.requests} API requests, 0 quota waits`);
    const v = verdict(db);
    expect(v.verdict).toBe('DIRTY');
    expect(v.findings).toHaveLength(28);
    expect(v.gaps).toEqual([]);
  });

  it('--dry-run prints the filters and the probe plan and sends nothing', async () => {
    const dir = tempDir();
    const r = await runCli([...pullArgs(join(dir, 'h.db')), '--dry-run', '--service', 'other"svc'], ENV).done;
    expect(r.code).toBe(0);
    expect(fake.requests).toHaveLength(0);
    expect(existsSync(join(dir, 'h.db'))).toBe(false);
    expect(r.stdout).toContain('resource.labels.service_name="other\\"svc"');
    expect(r.stdout).toContain('httpRequest.status=403');
    expect(r.stdout).toContain('jsonPayload.error.value:"SSOT WARNING:"');
    expect(r.stdout).toMatch(/step: +timestamp desc, the last entry in \(cur, cur\+30m\]/);
    expect(r.stdout).toContain('at most 98 when no silence exceeds 30m');
    const json = await runCli([...pullArgs(join(dir, 'h.db')), '--dry-run', '--json'], ENV).done;
    expect(JSON.parse(json.stdout)).toMatchObject({ dryRun: true, requests: 0, probes: { requestsPerService: { dense: 50, noGaps: 98 } } });
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a plaintext endpoint that is not loopback, from the flag or the environment (exit 3)', async () => {
    const db = join(tempDir(), 'h.db');
    const flag = await runCli(['pull', '--project', 'p-roject', '--service', 's', '--since', '1h', '--db', db, '--api-endpoint', '10.1.2.3:8085'], ENV).done;
    expect(flag.code).toBe(3);
    expect(flag.stderr).toContain('10.1.2.3 is not a loopback address');
    const env = await runCli(['pull', '--project', 'p-roject', '--service', 's', '--since', '1h', '--db', db], { ...ENV, SSOT_WATCH_API_ENDPOINT: 'logging.example.com:443' }).done;
    expect(env.code).toBe(3);
    expect(env.stderr).toContain('$SSOT_WATCH_API_ENDPOINT: logging.example.com is not a loopback address');
    expect(existsSync(db)).toBe(false);
  });

  it('without credentials: exit 5 saying what to run, and nothing recorded', async () => {
    const dir = tempDir();
    const db = join(dir, 'h.db');
    const r = await runCli(['pull', '--project', 'netra-staging', '--service', SERVICE, '--since', '1h', '--db', db], {
      ...ENV,
      GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'no-such-key.json'),
      HOME: dir,
      CLOUDSDK_CONFIG: join(dir, 'gcloud'),
    }).done;
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('gcloud auth application-default login');
    expect(r.stderr).toContain('GOOGLE_APPLICATION_CREDENTIALS');
    expect(existsSync(db)).toBe(false);
  });

  it('quota exhausted: exit 5, the range recorded incomplete (verify INCONCLUSIVE, not CLEAN), and the next run resumes', async () => {
    const db = join(tempDir(), 'h.db');
    const reference = join(tempDir(), 'ref.db');
    // --coverage full: exact per-minute counts, so counting anything twice would show.
    const args = (path: string, ...more: string[]) => pullArgs(path, '--kinds', 'ws_1011', '--coverage', 'full', ...more);
    expect((await runCli(args(reference), ENV).done).code).toBe(0);
    fake.clearRequests();

    fake.faults.pageLimit(1);
    const r = await runCli([...args(db), '--quota-retries', '2', '--quota-budget', '100ms', '--json'], ENV).done;
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('Cloud Logging read quota exhausted');
    expect(r.stderr).toMatch(/pull: run #1 INCOMPLETE \(stopped by the source: RESOURCE_EXHAUSTED/);
    expect(JSON.parse(r.stdout)).toMatchObject({ complete: false, pages: 1 });
    const v = verdict(db, ['ws_1011']);
    // No ws_1011 in the data: a complete pull is CLEAN. Cut short, it must not be.
    expect(verdict(reference, ['ws_1011']).verdict).toBe('CLEAN');
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.reasons.map((x) => x.code)).toContain('incomplete_source');

    fake.faults.clearPageLimit();
    const again = await runCli([...args(db), '--json'], ENV).done;
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ complete: true, pages: 2, resumed: { runId: 1, how: 'incomplete', checkpointsBefore: 1 } });
    expect(holdings(db)).toEqual(holdings(reference));
    expect(verdict(db, ['ws_1011']).verdict).toBe('CLEAN');
  });

  it('a pull killed with SIGKILL resumes where it stopped when run again, and counts nothing twice', async () => {
    const db = join(tempDir(), 'h.db');
    const reference = join(tempDir(), 'ref.db');
    expect((await runCli(pullArgs(reference), ENV).done).code).toBe(0);
    const exact = join(tempDir(), 'exact.db');
    expect((await runCli(pullArgs(exact, '--coverage', 'full'), ENV).done).code).toBe(0);
    fake.clearRequests();

    fake.faults.delayMs(60);
    const killed = runCli(pullArgs(db), ENV);
    while (fake.calls('ListLogEntries').filter((c) => c.outcome).length < 8) await sleep(20);
    killed.child.kill('SIGKILL');
    const dead = await killed.done;
    expect(dead.signal).toBe('SIGKILL');
    fake.faults.delayMs(0);
    fake.clearRequests();

    const again = await runCli([...pullArgs(db), '--json'], ENV).done;
    expect(again.code).toBe(0);
    const doc = JSON.parse(again.stdout);
    expect(doc.resumed).toMatchObject({ runId: 1, how: 'abandoned' });
    expect(doc.resumed.checkpointsBefore).toBeGreaterThanOrEqual(6);
    // The findings query was not read again.
    expect(fake.calls('ListLogEntries').every((c) => c.request.pageSize === 1)).toBe(true);
    const h = holdings(db);
    const ref = holdings(reference);
    expect(h.findings).toEqual(ref.findings);
    expect(h.revisions).toEqual(ref.revisions);
    // Sampled counts never exceed the true count of their minute.
    const truth = new Map((holdings(exact).coverage as { minute: number; entries: number }[]).map((b) => [b.minute, b.entries]));
    for (const b of h.coverage as { minute: number; entries: number }[]) expect(b.entries).toBeLessThanOrEqual(truth.get(b.minute) ?? 0);
    expect(verdict(db)).toMatchObject({ verdict: verdict(reference).verdict, gaps: verdict(reference).gaps });
  });
});
