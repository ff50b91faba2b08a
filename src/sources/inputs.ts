import { stat } from 'node:fs/promises';
import { glob, isDynamicPattern } from 'tinyglobby';
import { InputError, UsageError } from '../util/errors.js';

export type InputSpec = { kind: 'file'; path: string } | { kind: 'stdin' };

export function inputName(i: InputSpec): string {
  return i.kind === 'stdin' ? '-' : i.path;
}

/**
 * Turns command-line INPUTs into a list: files as given, globs expanded (sorted, so runs are
 * reproducible), `-` for stdin, and stdin when nothing is given and it is not a terminal.
 * A glob that matches nothing is an error: "no files" must never read as "no findings".
 */
export async function expandInputs(args: readonly string[], stdinIsTTY: boolean): Promise<InputSpec[]> {
  if (args.length === 0) {
    if (stdinIsTTY) {
      throw new UsageError('no input: give export files (or globs), or pipe an export into stdin (use - to say stdin)');
    }
    return [{ kind: 'stdin' }];
  }
  const out: InputSpec[] = [];
  const seen = new Set<string>();
  let stdinSeen = false;
  for (const arg of args) {
    if (arg === '-') {
      if (stdinSeen) throw new UsageError('stdin (-) given twice');
      stdinSeen = true;
      out.push({ kind: 'stdin' });
      continue;
    }
    const literal = await stat(arg).then(
      (s) => s,
      () => null,
    );
    if (literal?.isDirectory()) {
      throw new InputError(`${arg}: is a directory (give files, or a glob such as "${arg.replace(/\/$/, '')}/*.json")`);
    }
    if (literal || !isDynamicPattern(arg)) {
      if (!seen.has(arg)) out.push({ kind: 'file', path: arg });
      seen.add(arg);
      continue;
    }
    const matches = (await glob(arg, { onlyFiles: true, dot: false, expandDirectories: false })).sort();
    if (matches.length === 0) throw new InputError(`${arg}: no files match this pattern`);
    for (const m of matches) {
      if (seen.has(m)) continue;
      seen.add(m);
      out.push({ kind: 'file', path: m });
    }
  }
  return out;
}
