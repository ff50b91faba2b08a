/**
 * `npm run bench`: throughput and peak memory of the real CLI on large generated exports.
 * Prints numbers; it does not judge them (tests do not time things).
 *
 *   node dist/scripts/bench.js [--size 1GiB] [--runs 3] [--only scan|ingest|history|cloud] [--keep] [--dir DIR]
 *
 * Each measured command runs as a child process under /usr/bin/time (wall time and max RSS
 * as the kernel counts them); findings are checked against the generator's truth file, so a
 * fast wrong answer cannot pass for a result. The history section (`--only history`) times the
 * query commands on a store of 1,000,000 findings (see lib/bench/historyBench.ts); the cloud section
 * (`--only cloud`) reads a day of 1,000,000 entries from the local fake Cloud Logging (lib/bench/cloudBench.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateBenchData } from './lib/bench/generate.js';
import { benchCloud } from './lib/bench/cloudBench.js';
import { benchHistory } from './lib/bench/historyBench.js';
import type { BenchFormat } from './lib/bench/template.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'bin', 'ssot-watch.js');

interface Measured {
  wallS: number;
  rssMiB: number | null;
  stdout: string;
  status: number | null;
}

function timed(args: string[], env: NodeJS.ProcessEnv = {}): Measured {
  const useTime = existsSync('/usr/bin/time');
  const cmd = useTime ? '/usr/bin/time' : process.execPath;
  const argv = useTime ? ['-f', '__TIME__ %e %M', process.execPath, ...args] : args;
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...env } });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0 && r.status !== 1 && r.status !== 2) {
    process.stderr.write(r.stderr ?? '');
    throw new Error(`${args.join(' ')} exited ${r.status}`);
  }
  return { wallS: m ? Number(m[1]) : wall, rssMiB: m ? Number(m[2]) / 1024 : null, stdout: r.stdout, status: r.status };
}

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(MiB|GiB|MB|GB)?$/i.exec(s);
  if (!m) throw new Error(`--size: not a size: ${s}`);
  const unit = (m[2] ?? 'MiB').toLowerCase();
  return Math.round(Number(m[1]) * ({ mib: 2 ** 20, gib: 2 ** 30, mb: 1e6, gb: 1e9 } as Record<string, number>)[unit]!);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padEnd([26, 10, 9, 9, 10, 10, 12][i] ?? 10)).join(' ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '1GiB' },
      runs: { type: 'string', default: '3' },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
      dir: { type: 'string' },
    },
  });
  const size = parseSize(values.size!);
  const runs = Math.max(1, Number(values.runs));
  const dir = values.dir ?? join(tmpdir(), 'ssot-watch-bench');
  mkdirSync(dir, { recursive: true });
  process.stdout.write(`ssot-watch bench: ${(size / 2 ** 20).toFixed(0)} MiB per export, ${runs} runs each, data in ${dir}\n`);
  process.stdout.write(`node ${process.version}, ${(await import('node:os')).cpus().length} cores\n\n`);

  const only = values.only;
  if (only === 'history') {
    benchHistory({ dir, runs, keep: values.keep === true || values.dir !== undefined, cli: CLI, timed, write: (s) => process.stdout.write(s) });
    return;
  }
  if (only === 'cloud') {
    await benchCloud({ dir, root: ROOT, keep: values.keep === true || values.dir !== undefined, cli: CLI, timed, write: (s) => process.stdout.write(s) });
    return;
  }
  const files: { format: BenchFormat; path: string; truth: { entries: number; findings: { total: number } } }[] = [];
  for (const format of ['gcloud-array', 'jsonl'] as const) {
    const path = join(dir, `bench-${size}.${format === 'jsonl' ? 'jsonl' : 'json'}`);
    const truthPath = `${path}.truth.json`;
    if (!existsSync(path) || !existsSync(truthPath) || statSync(path).size < size) {
      const t0 = process.hrtime.bigint();
      await generateBenchData({ format, bytes: size, out: path, seed: 7, services: 3, findings: 200 });
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      process.stdout.write(`generated ${path} in ${s.toFixed(1)} s\n`);
    }
    files.push({ format, path, truth: JSON.parse(readFileSync(truthPath, 'utf8')) });
  }
  process.stdout.write('\n');

  process.stdout.write(row(['command', 'format', 'MB', 'wall s', 'MB/s', 'RSS MiB', 'findings']) + '\n');
  const results: Record<string, number> = {};
  for (const f of files) {
    const mb = statSync(f.path).size / 1e6;
    const commands: [string, () => Measured][] = [];
    if (!only || only === 'scan') commands.push(['scan --json', () => timed([CLI, 'scan', '--json', '-q', f.path])]);
    if (!only || only === 'ingest') {
      commands.push([
        'ingest (fresh db)',
        () => {
          const db = join(dir, 'bench-ingest.db');
          for (const ext of ['', '-wal', '-shm']) rmSync(db + ext, { force: true });
          return timed([CLI, 'ingest', '--json', '-q', '--db', db, f.path]);
        },
      ]);
    }
    for (const [name, run] of commands) {
      if (name.startsWith('ingest') && !existsSync(join(ROOT, 'dist', 'src', 'cli', 'ingestCommand.js'))) continue;
      const walls: number[] = [];
      let rss = 0;
      let found = -1;
      for (let i = 0; i < runs; i++) {
        const m = run();
        walls.push(m.wallS);
        rss = Math.max(rss, m.rssMiB ?? 0);
        try {
          const doc = JSON.parse(m.stdout) as { findings?: unknown[]; totals?: { newFindings?: number; findings?: number } };
          found = doc.findings ? doc.findings.length : (doc.totals?.findings ?? doc.totals?.newFindings ?? -1);
        } catch {
          found = -1;
        }
      }
      const best = Math.min(...walls);
      const ok = found === f.truth.findings.total ? `${found} ok` : `${found} vs ${f.truth.findings.total}!`;
      results[`${name} ${f.format}`] = mb / best;
      process.stdout.write(
        row([name, f.format, mb.toFixed(0), `${best.toFixed(2)}`, `${(mb / best).toFixed(0)} (med ${(mb / median(walls)).toFixed(0)})`, rss ? rss.toFixed(0) : 'n/a', ok]) + '\n',
      );
    }
  }
  process.stdout.write('\nMB/s = decimal megabytes of the export per second of wall time (best of the runs; median in brackets).\n');
  if (!only) benchHistory({ dir, runs, keep: values.keep === true || values.dir !== undefined, cli: CLI, timed, write: (s) => process.stdout.write(s) });
  if (!only) await benchCloud({ dir, root: ROOT, keep: values.keep === true || values.dir !== undefined, cli: CLI, timed, write: (s) => process.stdout.write(s) });
  if (!values.keep && !values.dir) {
    for (const f of files) {
      rmSync(f.path, { force: true });
      rmSync(`${f.path}.truth.json`, { force: true });
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
