/** `ssot-watch gate` as CI runs it: the built CLI in a child process against the local fake. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, ROOT, runCli, tempDir } from '../store/helpers.js';
import { startFakeLogging, type FakeLogging } from '../support/fakeLogging/index.js';
import { entryAt, MIN, SERVICE, us } from './helpers.js';

let fake: FakeLogging;
const T0 = us('2025-09-15T12:00:00Z');
const ENV = { SSOT_WATCH_API_ENDPOINT: '', SSOT_WATCH_NOW: '2025-09-15T12:00:00Z' };

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'gateCommand.js'))) {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  }
  fake = await startFakeLogging();
});
afterAll(async () => {
  await fake.stop();
  removeTempDirs();
});
afterEach(() => {
  fake.faults.reset();
  fake.clearRequests();
  fake.setEntries([]);
  fake.endTails();
});

function gateArgs(db: string, ...more: string[]): string[] {
  return ['gate', '--project', 'netra-staging', '--service', SERVICE, '--db', db, '--api-endpoint', fake.address, ...more];
}

describe('ssot-watch gate (CLI)', () => {
  it('--revision latest follows the newest revision, prints the first finding and exits 1 at once', async () => {
    // Before the deploy: the old revision; then the new one starts logging.
    fake.setEntries([entryAt(T0 - 30 * MIN, 1, { revision: `${SERVICE}-00001-old` }), entryAt(T0 - 2 * MIN, 2, { revision: `${SERVICE}-00002-new` })]);
    const db = join(tempDir(), 'h.db');
    const run = runCli(gateArgs(db, '--for', '1h', '--revision', 'latest'), ENV);
    await fake.waitForTails(1, 20_000);
    expect(fake.calls('TailLogEntries')[0]!.request.filter).toContain(`resource.labels.revision_name="${SERVICE}-00002-new"`);
    fake.publish([entryAt(T0 + 1_000_000, 3, { revision: `${SERVICE}-00002-new`, finding: 'ssot' })]);
    const r = await run.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`gate: latest revision of ${SERVICE}: ${SERVICE}-00002-new`);
    expect(r.stderr).toMatch(/gate: FINDING ssot_warning at 2025-09-15T12:00:01\.000000Z in netra-backend-staging-00002-new: SSOT WARNING/);
    expect(r.stdout).toMatch(/^DIRTY — netra-backend-staging/);
  });

  it('a clean stream with regular entries: CLEAN (exit 0), the same JSON as verify plus what the watch cost', async () => {
    const db = join(tempDir(), 'h.db');
    const run = runCli(gateArgs(db, '--for', '2s', '--max-gap', '1m', '--grace', '0s', '--format', 'json'), ENV);
    await fake.waitForTails(1, 20_000);
    fake.publish([entryAt(T0 + 500_000, 1), entryAt(T0 + 1_500_000, 2)]);
    const r = await run.done;
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      verdict: 'CLEAN',
      window: { start: '2025-09-15T12:00:00.000000Z', end: '2025-09-15T12:00:02.000000Z' },
      service: SERVICE,
      coverage: { entries: 2, gaps: [] },
      gate: { stoppedEarly: false, entries: 2, requests: 1, tailSessions: 1, drops: 0, suppressed: 0, problems: [] },
    });
    expect(doc.sources[0]).toMatchObject({ kind: 'tail', complete: true });
    expect(doc.reproduce).toContain('ssot-watch verify --db');
    // What it saw is in the history: verify over the same window from the store says the same.
    const v = await runCli(['verify', '--db', db, '--service', SERVICE, '--clean', '2s', '--at', '2025-09-15T12:00:02Z', '--max-gap', '1m', '--json'], { ...ENV, SSOT_WATCH_NOW: '2025-09-15T12:01:00Z' }).done;
    expect(JSON.parse(v.stdout).verdict).toBe('CLEAN');
  });
});
