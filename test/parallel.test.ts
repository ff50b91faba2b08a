import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateBenchData } from '../scripts/lib/bench/generate.js';
import { layoutOf, planParts } from '../src/sources/splitPlan.js';
import { runCli } from './support/cli.js';
import { gcloudArray, rawEntry } from './support/entries.js';

/**
 * Large files are read in parts on several threads. Whatever the number of parts, the result
 * must be exactly what one sequential read gives: findings (with their entry indexes and line
 * numbers), entry counts, time span, bad records, completeness, and the coverage stored.
 */
const dir = mkdtempSync(join(tmpdir(), 'ssotw-parallel-'));
const files: Record<string, string> = {};

beforeAll(async () => {
  for (const format of ['gcloud-array', 'jsonl'] as const) {
    const out = join(dir, `data.${format === 'jsonl' ? 'jsonl' : 'json'}`);
    await generateBenchData({ format, bytes: 6 << 20, out, seed: 3, services: 3, findings: 60 });
    files[format] = out;
  }
  // A JSON Lines file with a broken line and a cut last entry: bad records must be the same too.
  const lines = readFileSync(files['jsonl']!, 'utf8').split('\n');
  lines[1234] = lines[1234]!.slice(0, 40);
  files['broken'] = join(dir, 'broken.jsonl');
  writeFileSync(files['broken'], lines.join('\n').slice(0, -300));
});

function scan(path: string, threads: number): Record<string, any> {
  const r = runCli(['scan', '--json', '-q', path], { env: { SSOT_WATCH_THREADS: String(threads), SSOT_WATCH_PARALLEL_MIN_BYTES: '1' } });
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe('parallel reads equal the sequential read', () => {
  for (const key of ['gcloud-array', 'jsonl', 'broken']) {
    it(`${key}: 2, 3 and 5 parts give the same findings and source report as 1`, () => {
      const one = scan(files[key]!, 1);
      expect(one.findings.length).toBeGreaterThan(10);
      for (const threads of [2, 3, 5]) {
        const many = scan(files[key]!, threads);
        expect(many.findings).toEqual(one.findings);
        expect(many.sources).toEqual(one.sources);
      }
    });
  }

  it('the split plan cuts only between entries, and the parts cover the file', async () => {
    for (const key of ['gcloud-array', 'jsonl']) {
      const path = files[key]!;
      const size = readFileSync(path).length;
      const plan = await planParts(path, size, 4);
      expect(plan).not.toBeNull();
      const bytes = readFileSync(path);
      expect(plan!.parts[0]!.start).toBe(0);
      expect(plan!.parts.at(-1)!.end).toBe(size);
      for (let k = 1; k < plan!.parts.length; k++) {
        const cut = plan!.parts[k]!.start;
        expect(plan!.parts[k - 1]!.end).toBe(cut);
        if (key === 'jsonl') expect(bytes[cut - 1]).toBe(0x0a);
        else expect(bytes.toString('latin1', cut - 4, cut + 4)).toBe('  },\n  {');
      }
    }
  });

  it('layouts that cannot be cut safely are read in one piece', () => {
    const entries = Array.from({ length: 5 }, (_, i) => rawEntry(i));
    expect(layoutOf(Buffer.from(JSON.stringify(entries)))).toBeNull(); // compact array
    expect(layoutOf(Buffer.from(JSON.stringify({ raw_logs: entries }, null, 2)))).toBeNull(); // wrapper
    expect(layoutOf(Buffer.from('[2025-09-07 13:34:00 +0000] [15] [INFO] x\n'))).toBeNull(); // text
    expect(layoutOf(Buffer.from(gcloudArray(entries)))).toEqual({ kind: 'array', indent: '  ' });
    // One object per line first, pretty-printed objects after it: not JSON Lines, not cut.
    const mixed = `${JSON.stringify(entries[0])}\n${JSON.stringify(entries[1], null, 2)}\n`;
    expect(layoutOf(Buffer.from(mixed))).toBeNull();
    expect(layoutOf(Buffer.from(`${JSON.stringify(entries[0])}\n${JSON.stringify(entries[1])}\n`))).toEqual({ kind: 'jsonl' });
  });

  it('ingest stores the same coverage and findings with one thread or several', () => {
    const verdicts: string[] = [];
    for (const threads of [1, 3]) {
      const db = join(dir, `t${threads}.db`);
      const env = { SSOT_WATCH_THREADS: String(threads), SSOT_WATCH_PARALLEL_MIN_BYTES: '1' };
      expect(runCli(['ingest', '-q', '--db', db, files['gcloud-array']!], { env }).status).toBe(0);
      const truth = JSON.parse(readFileSync(`${files['gcloud-array']}.truth.json`, 'utf8'));
      const r = runCli(
        ['verify', '--db', db, '--service', 'netra-backend-staging', '--clean', '1h', '--at', truth.lastTimestamp, '--max-gap', '1m', '--json'],
        { env },
      );
      const doc = JSON.parse(r.stdout);
      verdicts.push(JSON.stringify({ v: doc.verdict, entries: doc.coverage.entries, gaps: doc.coverage.gaps, f: doc.findings.map((f: any) => f.id) }));
    }
    expect(verdicts[1]).toBe(verdicts[0]);
  });
});
