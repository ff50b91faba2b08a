import { existsSync } from 'node:fs';
import { MEMORY, resolveDbPath } from '../store/openStore.js';
import type { HistoryStore } from '../store/historyStore.js';
import { InputError, UsageError } from '../util/errors.js';
import { openStoreFromFlags } from './options.js';

/** Flag helpers shared by the commands that query the history store (`windows`, `findings`). */

/**
 * Opens an existing history store. A query must never create an empty store (that would turn
 * "no history" into "no findings"): a missing file is an input error that says what to run first.
 */
export function openHistory(db: string | undefined): HistoryStore {
  const path = resolveDbPath(db);
  if (path !== MEMORY && !existsSync(path)) {
    const dbFlag = db !== undefined ? ` --db ${path}` : '';
    throw new InputError(
      `${path}: no history store here. Fill one first, e.g. ssot-watch ingest EXPORT.json${dbFlag} ` +
        `(or ssot-watch pull …), or point --db / SSOT_WATCH_DB at an existing one`,
    );
  }
  return openStoreFromFlags(db, { mustExist: true }).store;
}

/** Commander collector for flags that may be repeated and/or hold comma-separated values: `--kind a --kind b,c`. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return [...(previous ?? []), ...parts];
}

/** A positive whole number for `flag`. */
export function parsePositiveInt(text: string, flag: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || !Number.isSafeInteger(Number(t))) {
    throw new UsageError(`${flag}: expected a whole number of at least 1 (got "${text}")`);
  }
  return Number(t);
}

/** Columns to fit: the terminal's, else $COLUMNS (pipes, CI logs), else 120. */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  if (stream.isTTY && stream.columns) return stream.columns;
  const fromEnv = Number(env['COLUMNS']);
  return Number.isInteger(fromEnv) && fromEnv >= 20 ? fromEnv : 120;
}

/**
 * Writes a stream of text chunks to stdout in blocks of about 64 KB, waiting when the pipe is
 * full: a million findings as CSV must not pile up in memory behind a slow reader.
 */
export async function writeChunks(chunks: Iterable<string>, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  // A reader that went away (`| head`) ends the output quietly, as it does for other CLI tools.
  let closed = false;
  let failure: NodeJS.ErrnoException | null = null;
  const onError = (err: NodeJS.ErrnoException): void => {
    if (err.code !== 'EPIPE') failure = err;
    closed = true;
    out.emit('drain');
  };
  out.on('error', onError);
  let block = '';
  const flush = async (): Promise<void> => {
    if (block === '' || closed) return;
    const ok = out.write(block);
    block = '';
    if (!ok && !closed) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  try {
    for (const chunk of chunks) {
      if (closed) break;
      block += chunk;
      if (block.length >= 65_536) await flush();
    }
    await flush();
  } finally {
    out.off('error', onError);
  }
  if (failure) throw failure;
}
