import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/ssot-watch.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (npm test builds first) as a user would, with a pinned "now" when given. */
export function runCli(args: readonly string[], opts: { now?: string; env?: NodeJS.ProcessEnv; input?: string | Buffer; cwd?: string } = {}): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  delete env['GITHUB_STEP_SUMMARY'];
  if (opts.env?.['GITHUB_STEP_SUMMARY']) env['GITHUB_STEP_SUMMARY'] = opts.env['GITHUB_STEP_SUMMARY'];
  if (opts.now) env['SSOT_WATCH_NOW'] = opts.now;
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env,
    cwd: opts.cwd ?? ROOT,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
    maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
