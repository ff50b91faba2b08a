/**
 * `ssot-watch verify --project`: the one-line check before closing an issue. The built CLI talks
 * plaintext gRPC to the local fake holding the samples; the verdict must be the one a verify of
 * the export file itself gives, and a second run must cost no request.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, ROOT, runCli, tempDir } from '../store/helpers.js';
import { startFakeLogging, type FakeLogging } from '../support/fakeLogging/index.js';

let fake: FakeLogging;
const SAMPLE = join(ROOT, 'samples', 'staging-26h.json');
const AT = '2025-09-15T22:00:00Z';
const ENV = { SSOT_WATCH_API_ENDPOINT: '', SSOT_WATCH_NOW: '' };

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'pipeline', 'verifyCloud.js'))) {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  }
  fake = await startFakeLogging();
  await fake.loadFile(SAMPLE);
});
afterAll(async () => {
  await fake.stop();
  removeTempDirs();
});
afterEach(() => {
  fake.faults.reset();
  fake.clearRequests();
});

function cloudVerify(db: string, ...more: string[]): string[] {
  return ['verify', '--project', 'netra-staging', '--service', 'netra-backend-staging', '--at', AT, '--db', db, '--api-endpoint', fake.address, '--json', ...more];
}

async function fileVerify(...more: string[]): Promise<Record<string, any>> {
  const r = await runCli(['verify', SAMPLE, '--at', AT, '--json', '-q', ...more], ENV).done;
  return JSON.parse(r.stdout);
}

describe('verify --project (CLI against the local Cloud Logging)', () => {
  it('gives the verdict the export gives, in at most 100 requests; a second run asks for nothing', async () => {
    const db = join(tempDir(), 'h.db');
    const first = await runCli([...cloudVerify(db), '--clean', '24h'], ENV).done;
    expect(first.code).toBe(1);
    const doc = JSON.parse(first.stdout);
    const expected = await fileVerify('--clean', '24h');
    expect(doc.verdict).toBe('DIRTY');
    expect(doc.findings.map((f: any) => f.id).sort()).toEqual(expected.findings.map((f: any) => f.id).sort());
    expect(doc.coverage.gaps.map((g: any) => [g.start, g.end])).toEqual(expected.coverage.gaps.map((g: any) => [g.start, g.end]));
    expect(doc.pull.requests).toBe(fake.calls('ListLogEntries').length);
    expect(doc.pull.requests).toBeGreaterThan(0);
    expect(doc.pull.requests).toBeLessThanOrEqual(100);
    expect(doc.sources.some((s: any) => s.kind === 'pull' && s.complete)).toBe(true);
    expect(first.stderr).toMatch(/verify: \d+ Cloud Logging requests? for 1 window/);

    fake.clearRequests();
    const again = await runCli([...cloudVerify(db), '--clean', '24h'], ENV).done;
    expect(JSON.parse(again.stdout).verdict).toBe('DIRTY');
    expect(fake.calls('ListLogEntries')).toHaveLength(0);
  });

  it('a clean stretch is CLEAN, proven by probes, and agrees with the export', async () => {
    const db = join(tempDir(), 'h.db');
    const r = await runCli([...cloudVerify(db), '--clean', '18h', '--kinds', 'ssot_warning'], ENV).done;
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).verdict).toBe('CLEAN');
    expect((await fileVerify('--clean', '18h', '--kinds', 'ssot_warning')).verdict).toBe('CLEAN');
  });

  it('--since-revision latest starts the window at the revision\'s exact first entry', async () => {
    const db = join(tempDir(), 'h.db');
    const r = await runCli([...cloudVerify(db), '--clean', '24h', '--since-revision', 'latest', '--kinds', 'ssot_warning'], ENV).done;
    const doc = JSON.parse(r.stdout);
    const expected = await fileVerify('--clean', '24h', '--since-revision', 'latest', '--kinds', 'ssot_warning');
    expect(doc.sinceRevision).toEqual(expected.sinceRevision);
    expect(doc.window).toEqual(expected.window);
    expect(doc.verdict).toBe('INCONCLUSIVE');
    expect(doc.reasonCodes).toContain('revision_too_young');
  });

  it('quota that never comes back: exit 5, and the verdict printed is INCONCLUSIVE, never CLEAN', async () => {
    const db = join(tempDir(), 'h.db');
    fake.faults.resourceExhausted(1000);
    const r = await runCli([...cloudVerify(db), '--clean', '4h', '--quota-retries', '1', '--quota-budget', '1s'], ENV).done;
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/quota|RESOURCE_EXHAUSTED/i);
    const doc = JSON.parse(r.stdout);
    expect(doc.verdict).toBe('INCONCLUSIVE');
  });

  it('export files and --project together are a usage error', async () => {
    const r = await runCli(['verify', SAMPLE, '--project', 'p', '--service', 's', '--api-endpoint', fake.address], ENV).done;
    expect(r.code).toBe(3);
  });
});
