import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createParsers } from '../parsers/registry.js';
import type { Finding } from '../src/model/index.js';
import { scanInputs } from '../src/pipeline/scan.js';
import { CORPUS, CORPUS_SKIP_MESSAGE, HAVE_CORPUS } from './support/read.js';

/** LOG-FORMATS.md §6: what the counting rules give on the real corpus. */
const TRUTH: Record<string, { entries: number; ssot_warning: number; ws_1011: number; auth_403: number; byRule?: Record<string, number> }> = {
  'gcp_logs_iteration_9_20250907_063534.json': { entries: 2002, ssot_warning: 0, ws_1011: 0, auth_403: 208, byRule: { A1: 52, A2: 52, A3: 52, A4: 52 } },
  'gcp_logs_auth_issues_20250907.json': { entries: 20, ssot_warning: 0, ws_1011: 0, auth_403: 5, byRule: { A4: 5 } },
  'gcp_backend_logs_1hour_20250915_130325.json': { entries: 106, ssot_warning: 11, ws_1011: 0, auth_403: 0 },
  'gcp_backend_logs_last_1hour_20250915_143747.json': { entries: 163, ssot_warning: 9, ws_1011: 0, auth_403: 0 },
  'gcp_backend_logs_last_1hour_20250915_154858.json': { entries: 160, ssot_warning: 14, ws_1011: 0, auth_403: 0 },
  'gcp_logs_last_hour_20250915_175001.json': { entries: 1000, ssot_warning: 0, ws_1011: 0, auth_403: 0 },
};

function count(fs: Finding[], kind: string): number {
  return fs.filter((f) => f.kind === kind).length;
}

if (!HAVE_CORPUS) {
  // Visible in the test output: the corpus lives beside the checkout, not in it.
  console.warn(`SKIPPED: ${CORPUS_SKIP_MESSAGE}`);
  describe.skip(CORPUS_SKIP_MESSAGE, () => {
    it('corpus', () => {});
  });
} else {
  describe('the real corpus gives the counts of LOG-FORMATS §6', () => {
    for (const [file, truth] of Object.entries(TRUTH)) {
      it(file, async () => {
        const r = await scanInputs([{ kind: 'file', path: join(CORPUS, file) }], { parsers: createParsers() });
        expect(r.sources[0]!.entries).toBe(truth.entries);
        expect(r.sources[0]!.badRecords).toBe(0);
        expect(count(r.findings, 'ssot_warning')).toBe(truth.ssot_warning);
        expect(count(r.findings, 'ws_1011')).toBe(truth.ws_1011);
        expect(count(r.findings, 'auth_403')).toBe(truth.auth_403);
        if (truth.byRule) {
          const rules: Record<string, number> = {};
          for (const f of r.findings) if (f.kind === 'auth_403') rules[String(f.details['rule'])] = (rules[String(f.details['rule'])] ?? 0) + 1;
          expect(rules).toEqual(truth.byRule);
        }
        // One finding per entry per kind, and every finding is tied to a real entry.
        const keys = r.findings.map((f) => `${f.kind}:${f.insertId}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(r.findings.every((f) => f.insertId && f.timestamp?.endsWith('Z'))).toBe(true);
      });
    }

    it('the byte prefilter gives exactly the findings of a full parse of every entry', async () => {
      const inputs = Object.keys(TRUTH).map((f) => ({ kind: 'file' as const, path: join(CORPUS, f) }));
      const fast = await scanInputs(inputs, { parsers: createParsers() });
      const full = await scanInputs(inputs, { parsers: createParsers(), fullParse: true });
      expect(fast.findings.length).toBeGreaterThan(200);
      expect(fast.findings).toEqual(full.findings);
      expect([...fast.entriesByService.entries()].sort()).toEqual([...full.entriesByService.entries()].sort());
    });

    it('the same export given twice yields each finding once', async () => {
      const file = { kind: 'file' as const, path: join(CORPUS, 'gcp_logs_auth_issues_20250907.json') };
      const r = await scanInputs([file, file], { parsers: createParsers() });
      expect(r.findings).toHaveLength(5);
      expect(r.sources).toHaveLength(2);
    });
  });
}
