/**
 * A complete pull equals ingesting the same export: the same findings (same ids, messages,
 * details — the parsers see the same LogEntry whichever way it came), and coverage that proves
 * the same gaps (probes), or the very same per-minute counts (--coverage full). The export is
 * served by the real local gRPC server and read through the real client.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createParsers } from '../../parsers/registry.js';
import { KINDS, type Finding } from '../../src/model/index.js';
import { pull } from '../../src/pipeline/pull.js';
import { verifyFromStore } from '../../src/pipeline/verify.js';
import { openStore } from '../../src/store/openStore.js';
import type { HistoryStore } from '../../src/store/historyStore.js';
import { ingestFiles, ROOT } from '../store/helpers.js';
import { readExportFile, startFakeLogging, type FakeLogging } from '../support/fakeLogging/index.js';
import { CORPUS, CORPUS_SKIP_MESSAGE, HAVE_CORPUS } from '../support/read.js';
import { timestampUsOf } from '../../src/sources/normalize.js';
import { apiFor, closeApi, MIN, requesterFor, specFor } from './helpers.js';

let fake: FakeLogging;
beforeAll(async () => {
  fake = await startFakeLogging();
});
afterAll(async () => {
  await fake.stop();
});
afterEach(() => {
  fake.faults.reset();
  fake.clearRequests();
});

interface ExportFacts {
  services: string[];
  startUs: number;
  endUs: number;
}

async function factsOf(path: string): Promise<ExportFacts> {
  const services = new Set<string>();
  let lo = Infinity;
  let hi = -Infinity;
  for await (const raw of readExportFile(path) as AsyncIterable<Record<string, unknown>>) {
    const labels = ((raw['resource'] as Record<string, unknown> | undefined)?.['labels'] ?? {}) as Record<string, string>;
    if (labels['service_name']) services.add(labels['service_name']);
    const t = timestampUsOf(raw['timestamp']);
    if (t !== null) {
      lo = Math.min(lo, t);
      hi = Math.max(hi, t);
    }
  }
  // A range that starts a little before the first entry and ends a little after the last.
  return { services: [...services].sort(), startUs: lo - 7 * MIN, endUs: hi + 3 * MIN };
}

/** Findings without where they were read from (a file position vs an API page). */
function comparable(fs: Finding[]): unknown[] {
  return fs.map(({ source: _s, ...rest }) => rest).sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function pullInto(store: HistoryStore, facts: ExportFacts, coverage: 'probe' | 'full', maxGapUs: number) {
  const api = apiFor(fake);
  try {
    const spec = specFor({ range: { startUs: facts.startUs, endUs: facts.endUs }, services: facts.services, coverage, maxGapUs });
    return await pull({ store, requester: requesterFor(api), spec, parsers: createParsers() });
  } finally {
    await closeApi(api);
  }
}

async function compare(path: string, maxGapUs: number): Promise<void> {
  fake.setEntries([]);
  await fake.loadFile(path);
  const facts = await factsOf(path);
  const fromFile = openStore(':memory:');
  const pulled = openStore(':memory:');
  const pulledFull = openStore(':memory:');
  try {
    await ingestFiles(fromFile, [path]);
    const probe = await pullInto(pulled, facts, 'probe', maxGapUs);
    expect(probe.complete).toBe(true);
    const full = await pullInto(pulledFull, facts, 'full', maxGapUs);
    expect(full.complete).toBe(true);

    const fileFindings = comparable(fromFile.findings());
    expect(fileFindings.length).toBeGreaterThan(0);
    expect(comparable(pulled.findings())).toEqual(fileFindings);
    expect(comparable(pulledFull.findings())).toEqual(fileFindings);

    for (const service of facts.services) {
      // --coverage full: the very same per-minute counts and exact first/last times.
      expect(pulledFull.coverage(service, facts.startUs, facts.endUs)).toEqual(fromFile.coverage(service, facts.startUs, facts.endUs));
      // Probes: the same gaps longer than max-gap, in the whole range and in a window inside it.
      const windows = [
        { atUs: facts.endUs, cleanUs: facts.endUs - facts.startUs },
        { atUs: facts.endUs - 11 * MIN, cleanUs: Math.floor((facts.endUs - facts.startUs) / 2) },
      ];
      for (const w of windows) {
        const spec = { name: null, service, kinds: [...KINDS], cleanUs: w.cleanUs, atUs: w.atUs, maxGapUs };
        const a = verifyFromStore({ store: fromFile, nowUs: facts.endUs, strict: false }, spec).result;
        const b = verifyFromStore({ store: pulled, nowUs: facts.endUs, strict: false }, spec).result;
        expect(b.gaps, `${service} ${JSON.stringify(w)}`).toEqual(a.gaps);
        if (a.verdict !== 'INCONCLUSIVE' || a.reasons.some((r) => r.code !== 'incomplete_source')) expect(b.verdict).toBe(a.verdict);
        expect(b.findings.map((f) => f.id)).toEqual(a.findings.map((f) => f.id));
        // Reasons about the data agree; reasons about the source may not (a corpus file may itself be cut).
        const aboutData = (rs: { code: string }[]) => rs.map((r) => r.code).filter((c) => c !== 'incomplete_source' && c !== 'bad_records');
        expect(aboutData(b.reasons)).toEqual(aboutData(a.reasons));
        expect(b.sources.every((s) => s.complete && s.kind === 'pull')).toBe(true);
      }
    }
  } finally {
    fromFile.close();
    pulled.close();
    pulledFull.close();
  }
}

describe('a complete pull equals scanning the same export', () => {
  it('samples/staging-26h.json (a day and more, one gap of 50 minutes, 46 findings)', async () => {
    await compare(join(ROOT, 'samples', 'staging-26h.json'), 30 * MIN);
  });

  it('samples/staging-2h.jsonl (two services)', async () => {
    await compare(join(ROOT, 'samples', 'staging-2h.jsonl'), 5 * MIN);
  });

  it('samples/python-client-dump.json (snake_case entries)', async () => {
    await compare(join(ROOT, 'samples', 'python-client-dump.json'), 5 * MIN);
  });
});

if (!HAVE_CORPUS) {
  describe.skip(CORPUS_SKIP_MESSAGE, () => {
    it('corpus pulls', () => {});
  });
} else {
  describe('a complete pull equals scanning the same export: the real corpus', () => {
    for (const file of [
      'gcp_logs_iteration_9_20250907_063534.json',
      'gcp_logs_auth_issues_20250907.json',
      'gcp_backend_logs_1hour_20250915_130325.json',
      'gcp_backend_logs_last_1hour_20250915_154858.json',
    ]) {
      it(file, async () => {
        await compare(join(CORPUS, file), 5 * MIN);
      });
    }
  });
}
