import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { HistoryStore } from './historyStore.js';
import { migrate } from './migrations.js';

export const DEFAULT_DB_PATH = join('.ssot-watch', 'history.db');
export const DB_ENV = 'SSOT_WATCH_DB';
export const MEMORY = ':memory:';

/** `--db`, else `$SSOT_WATCH_DB`, else `.ssot-watch/history.db` (relative to the working directory). */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return flag;
  const fromEnv = env[DB_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return DEFAULT_DB_PATH;
}

export interface OpenOptions {
  /**
   * How long a write waits for another process's transaction before giving up. Ingests hold the
   * lock only for short transactions, so waiting is the right answer to "busy".
   */
  busyTimeoutMs?: number;
  /** Refuse to create a new store (query commands: "no history" must not become an empty one). */
  mustExist?: boolean;
}

/**
 * Switches a new store to WAL. Two processes creating the same store at once can make this
 * pragma fail with SQLITE_BUSY without SQLite ever calling its busy handler (the switch needs an
 * exclusive lock that it does not wait for), so it is retried here for as long as busy_timeout.
 */
function enableWal(db: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal') return;
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if ((code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') || Date.now() > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
    }
  }
}

/**
 * Opens (creating if needed) a history store: WAL, busy_timeout, foreign keys, migrations to
 * the latest schema, and runs left `running` by dead processes marked `abandoned`.
 */
export function openStore(path: string, opts: OpenOptions = {}): HistoryStore {
  const memory = path === MEMORY;
  if (!memory) {
    if (!existsSync(path)) {
      if (opts.mustExist) throw new StoreError(`${path}: no history store here (run ssot-watch ingest or pull first, or give --db)`);
      try {
        mkdirSync(dirname(path), { recursive: true });
      } catch (err) {
        throw new StoreError(`${path}: cannot create its directory: ${(err as Error).message}`);
      }
    }
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: opts.busyTimeoutMs ?? 60_000 });
  } catch (err) {
    throw new StoreError(`${path}: cannot open the history store: ${(err as Error).message}`);
  }
  try {
    // busy_timeout is set by the constructor's `timeout`, before anything below takes a lock.
    if (!memory) enableWal(db, opts.busyTimeoutMs ?? 60_000);
    // With WAL, NORMAL loses nothing committed when the process dies; a power cut may lose the last
    // commits but never corrupts the file. FULL would fsync every finding batch.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const version = migrate(db, path);
    const store = new HistoryStore(db, path, version);
    store.reapAbandoned();
    return store;
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StoreError(`${path}: not a usable SQLite database (${(err as Error).message})`);
    }
    throw err;
  }
}
