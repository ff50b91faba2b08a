/**
 * Writes a large, realistic Cloud Run export for benchmarks, streaming in constant memory,
 * plus `<out>.truth.json` (entries, findings per kind, decoys).
 *
 *   node dist/scripts/gen-bench-data.js --format gcloud-array|jsonl --bytes 1073741824 --out /tmp/x.json
 *        [--seed N] [--services N] [--findings N]
 *
 * `--bytes` also takes suffixes: 5MB, 512MiB, 1GiB (K/M/G are powers of 1000, Ki/Mi/Gi of 1024).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateBenchData } from './lib/bench/generate.js';
import type { BenchFormat } from './lib/bench/template.js';

function parseBytes(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(|B|K|KB|M|MB|G|GB|KiB|MiB|GiB)$/i.exec(s.trim());
  if (!m) throw new Error(`--bytes: not a size: ${s}`);
  const unit = m[2]!.toLowerCase();
  const mult: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
  return Math.round(Number(m[1]) * mult[unit]!);
}

function intOption(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: expected a non-negative integer, got ${v}`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      format: { type: 'string', default: 'gcloud-array' },
      bytes: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      services: { type: 'string' },
      findings: { type: 'string' },
    },
  });
  if (!values.out || !values.bytes) {
    process.stderr.write('usage: gen-bench-data --format gcloud-array|jsonl --bytes N --out FILE [--seed N] [--services N] [--findings N]\n');
    return 3;
  }
  const format = values.format as BenchFormat;
  if (format !== 'gcloud-array' && format !== 'jsonl') throw new Error(`--format: gcloud-array or jsonl, got ${values.format}`);
  const out = resolve(values.out);
  const started = process.hrtime.bigint();
  const truth = await generateBenchData({
    format,
    bytes: parseBytes(values.bytes),
    out,
    seed: intOption('seed', values.seed, 1),
    services: Math.max(1, intOption('services', values.services, 3)),
    findings: intOption('findings', values.findings, 100),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const mb = truth.bytes / 1e6;
  process.stderr.write(
    `gen-bench-data: ${out}: ${truth.bytes} bytes, ${truth.entries} entries, ${truth.findings.total} findings ` +
      `in ${seconds.toFixed(2)} s (${(mb / seconds).toFixed(0)} MB/s); truth in ${out}.truth.json\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`gen-bench-data: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 3;
  },
);
