import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBigHistory, type BigHistory, type BigHistorySpec } from './history.js';

/**
 * The history section of `npm run bench`: a store of 1,000,000 findings with 30 days × 10 services
 * of minute coverage, built through the store API, then `windows` and `findings --group-by` timed
 * through the CLI. The store is kept between runs (it takes a minute or two to build) when the
 * spec is unchanged, and removed at the end unless --keep or --dir.
 */
export interface Measured {
  wallS: number;
  rssMiB: number | null;
  stdout: string;
  status: number | null;
}

export interface HistoryBenchOptions {
  dir: string;
  runs: number;
  keep: boolean;
  cli: string;
  timed: (args: string[], env?: NodeJS.ProcessEnv) => Measured;
  write: (s: string) => void;
}

const END = '2025-10-15T00:00:00Z';

const SPEC: Omit<BigHistorySpec, 'path'> = {
  findings: 1_000_000,
  services: 10,
  days: 30,
  endUs: Date.parse(END) * 1000,
  // The worst case for `windows`: one service with nearly every finding (~900k clean windows in its 30 days).
  hotShare: 0.9,
  seed: 7,
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function ensureStore(path: string, write: (s: string) => void): BigHistory {
  const marker = `${path}.spec.json`;
  const want = JSON.stringify(SPEC);
  if (existsSync(path) && existsSync(marker)) {
    const saved = JSON.parse(readFileSync(marker, 'utf8')) as { spec: string; history: BigHistory };
    if (saved.spec === want) return saved.history;
  }
  rmSync(marker, { force: true });
  const t0 = process.hrtime.bigint();
  const history = buildBigHistory({ ...SPEC, path });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  // Written last: a build that was interrupted is rebuilt next time.
  writeFileSync(marker, JSON.stringify({ spec: want, history }));
  write(`built ${path} in ${s.toFixed(1)} s: ${SPEC.findings.toLocaleString('en-US')} findings, ${history.coverageMinutes.toLocaleString('en-US')} service-minutes of coverage\n`);
  return history;
}

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padEnd([58, 9, 9, 9, 10][i] ?? 10)).join(' ');
}

export function benchHistory(o: HistoryBenchOptions): Record<string, number> {
  const path = join(o.dir, 'bench-history.db');
  const history = ensureStore(path, o.write);
  const [hot, typical] = history.services as [string, string];
  const env = { SSOT_WATCH_NOW: END, SSOT_WATCH_DB: path, COLUMNS: '120' };
  const total = history.findingsPerService.reduce((a, b) => a + b, 0);

  // Each command with a check of its answer: a fast wrong answer must not pass for a result.
  const commands: { name: string; args: string[]; check: (stdout: string) => string }[] = [
    // The floor under every command: node start-up and loading the CLI's modules.
    { name: 'ssot-watch --version (start-up alone)', args: ['--version'], check: (out) => (/^\d+\.\d+\.\d+/.test(out) ? 'ok' : 'WRONG') },
    {
      name: `windows --service ${hot} --from 30d (${history.findingsPerService[0]!.toLocaleString('en-US')} findings)`,
      args: ['windows', '--service', hot, '--from', '30d'],
      check: (out) => (out.includes(`findings        ${history.findingsPerService[0]!.toLocaleString('en-US')} in the range`) ? 'ok' : 'WRONG'),
    },
    {
      name: `windows --service ${hot} --from 30d --min 0 --json`,
      args: ['windows', '--service', hot, '--from', '30d', '--min', '0', '--json'],
      check: (out) => {
        const doc = JSON.parse(out) as { findings: number; listing: { listed: number; overLimit: number } };
        return doc.findings === history.findingsPerService[0] && doc.listing.listed === 50 ? `ok, ${doc.listing.overLimit.toLocaleString('en-US')} omitted` : 'WRONG';
      },
    },
    {
      name: `windows --service ${typical} --from 30d (${history.findingsPerService[1]!.toLocaleString('en-US')} findings)`,
      args: ['windows', '--service', typical, '--from', '30d'],
      check: (out) => (out.includes(`findings        ${history.findingsPerService[1]!.toLocaleString('en-US')} in the range`) ? 'ok' : 'WRONG'),
    },
    {
      name: 'findings --group-by fingerprint --json (all 1M)',
      args: ['findings', '--group-by', 'fingerprint', '--json'],
      check: (out) => {
        const sum = (JSON.parse(out) as { count: number }[]).reduce((s, g) => s + g.count, 0);
        return sum === total ? 'ok' : `WRONG (${sum})`;
      },
    },
    {
      name: `findings --service ${typical} --limit 50 (table)`,
      args: ['findings', '--service', typical, '--limit', '50'],
      check: (out) => (out.startsWith(`${history.findingsPerService[1]!.toLocaleString('en-US')} findings match`) ? 'ok' : 'WRONG'),
    },
  ];

  o.write(`\nhistory store: ${path} (${SPEC.findings.toLocaleString('en-US')} findings, ${SPEC.services} services × ${SPEC.days} days of minute coverage), now pinned at ${END}\n`);
  o.write(row(['command', 'best s', 'median s', 'RSS MiB', 'answer']) + '\n');
  const results: Record<string, number> = {};
  for (const c of commands) {
    const walls: number[] = [];
    let rss = 0;
    let verdict = '';
    for (let i = 0; i < o.runs; i++) {
      const m = o.timed([o.cli, ...c.args], env);
      walls.push(m.wallS);
      rss = Math.max(rss, m.rssMiB ?? 0);
      try {
        verdict = m.status === 0 ? c.check(m.stdout) : `exit ${m.status}`;
      } catch (err) {
        verdict = `WRONG (${(err as Error).message})`;
      }
    }
    results[c.name] = Math.min(...walls);
    o.write(row([c.name, Math.min(...walls).toFixed(2), median(walls).toFixed(2), rss ? rss.toFixed(0) : 'n/a', verdict]) + '\n');
  }
  o.write('(wall time of the whole CLI process, node start-up included)\n');
  if (!o.keep) for (const p of [path, `${path}-wal`, `${path}-shm`, `${path}.spec.json`]) rmSync(p, { force: true });
  return results;
}
