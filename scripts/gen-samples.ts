/**
 * Writes the checked-in samples (samples/*.json, *.jsonl, *.log, their *.truth.json and the
 * README) from the seeded generator in scripts/lib. Deterministic: same seed, same bytes.
 *
 *   node dist/scripts/gen-samples.js [--out DIR] [--seed N] [--check]
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generateSamples } from './lib/samples.js';

// dist/scripts/gen-samples.js → <package root>/samples
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      seed: { type: 'string' },
      check: { type: 'boolean', default: false },
    },
  });
  const outDir = resolve(values.out ?? join(PACKAGE_ROOT, 'samples'));
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed)) {
    process.stderr.write(`gen-samples: --seed must be an integer, got ${values.seed}\n`);
    return 3;
  }
  const { files } = generateSamples(seed);
  if (values.check) {
    const stale = files.filter((f) => {
      const p = join(outDir, f.name);
      return !existsSync(p) || readFileSync(p, 'utf8') !== f.content;
    });
    for (const f of stale) process.stderr.write(`gen-samples: ${join(outDir, f.name)} differs from the generator\n`);
    if (stale.length === 0) process.stderr.write(`gen-samples: ${files.length} files in ${outDir} are up to date\n`);
    return stale.length === 0 ? 0 : 1;
  }
  mkdirSync(outDir, { recursive: true });
  for (const f of files) {
    writeFileSync(join(outDir, f.name), f.content);
    process.stderr.write(`gen-samples: wrote ${join(outDir, f.name)} (${Buffer.byteLength(f.content)} bytes)\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
