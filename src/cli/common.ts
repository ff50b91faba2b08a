import { Option } from 'commander';
import type { Kind } from '../model/index.js';
import { KINDS, parseKinds } from '../model/index.js';
import { UsageError } from '../util/errors.js';

export function kindsOption(): Option {
  return new Option('-k, --kinds <list>', `comma-separated kinds to look for (${KINDS.join(', ')})`).default(KINDS.join(','));
}

export function kindsFrom(value: string): Kind[] {
  try {
    return parseKinds(value);
  } catch (err) {
    throw new UsageError(`--kinds: ${(err as Error).message}`);
  }
}

export function formatOption(choices: readonly string[], dflt: string): Option {
  return new Option('-f, --format <format>', 'output format').choices([...choices]).default(dflt);
}

/** `--json` is shorthand for `--format json`. */
export function pickFormat(opts: { format: string; json?: boolean }): string {
  return opts.json ? 'json' : opts.format;
}

export function writeOut(s: string): void {
  process.stdout.write(s);
}

export function writeErr(s: string): void {
  process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
}
