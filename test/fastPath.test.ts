import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateBenchData } from '../scripts/lib/bench/generate.js';
import { createParsers } from '../parsers/registry.js';
import { scanInputs } from '../src/pipeline/scan.js';

/**
 * The byte prefilter and the skim must never change an answer: on generated data full of decoys
 * (403 inside hex ids and latencies, 1011 inside UUIDs, INFO lines that mention SSOT) they give
 * exactly the findings, entry counts and time span that parsing every entry in full gives.
 */
const dir = mkdtempSync(join(tmpdir(), 'ssotw-fast-'));
const files: string[] = [];

beforeAll(async () => {
  for (const format of ['gcloud-array', 'jsonl'] as const) {
    const out = join(dir, `gen.${format === 'jsonl' ? 'jsonl' : 'json'}`);
    await generateBenchData({ format, bytes: 4 << 20, out, seed: 11, services: 3, findings: 80 });
    files.push(out);
  }
  files.push(join(import.meta.dirname, '..', 'samples', 'staging-26h.json'), join(import.meta.dirname, '..', 'samples', 'staging-2h.jsonl'));
});

describe('the fast path equals a full parse of every entry, on generated data', () => {
  it('same findings, entries per service and source reports', async () => {
    for (const path of files) {
      const inputs = [{ kind: 'file' as const, path }];
      const fast = await scanInputs(inputs, { parsers: createParsers() });
      const full = await scanInputs(inputs, { parsers: createParsers(), fullParse: true });
      expect(fast.findings.length, path).toBeGreaterThan(2);
      expect(fast.findings, path).toEqual(full.findings);
      expect([...fast.entriesByService].sort(), path).toEqual([...full.entriesByService].sort());
      expect(fast.sources, path).toEqual(full.sources);
    }
  });
});
