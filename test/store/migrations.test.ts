import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/errors.js';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../src/store/migrations.js';
import { MEMORY, openStore, resolveDbPath } from '../../src/store/openStore.js';
import { removeTempDirs, tempDir } from './helpers.js';

describe('migrations', () => {
  it('a fresh store gets the latest version, in WAL mode with foreign keys and a busy timeout', () => {
    const path = join(tempDir(), 'nested', 'dir', 'h.db'); // the directory is created
    const s = openStore(path);
    try {
      expect(s.schemaVersion).toBe(LATEST_VERSION);
      expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(s.db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
      const rows = s.db.prepare(`SELECT version, name FROM schema_migrations ORDER BY version`).all();
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    } finally {
      s.close();
    }
  });

  it('re-opening does not re-apply anything', () => {
    const path = join(tempDir(), 'h.db');
    openStore(path).close();
    const raw = new Database(path);
    const before = raw.prepare(`SELECT * FROM schema_migrations`).all();
    raw.close();
    const s = openStore(path);
    try {
      expect(s.db.prepare(`SELECT * FROM schema_migrations`).all()).toEqual(before);
    } finally {
      s.close();
    }
  });

  it('a store written by a newer version is refused with a clear message, and left untouched', () => {
    const path = join(tempDir(), 'h.db');
    openStore(path).close();
    const raw = new Database(path);
    raw.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 'x')`).run(LATEST_VERSION + 5);
    raw.close();
    expect(() => openStore(path)).toThrow(StoreError);
    expect(() => openStore(path)).toThrow(new RegExp(`schema version ${LATEST_VERSION + 5}, written by a newer ssot-watch`));
    const after = new Database(path);
    expect(schemaVersion(after)).toBe(LATEST_VERSION + 5);
    after.close();
  });

  it('a migration is applied in one transaction: a failing step leaves neither tables nor a version behind', () => {
    const db = new Database(':memory:');
    const broken = [
      ...MIGRATIONS,
      { version: LATEST_VERSION + 1, name: 'broken', sql: `CREATE TABLE half_done (a INTEGER); CREATE TABLE oops (` },
    ];
    expect(() => migrate(db, ':memory:', broken)).toThrow();
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    // Fixed, it applies once.
    const fixed = [...MIGRATIONS, { version: LATEST_VERSION + 1, name: 'fixed', sql: `CREATE TABLE half_done (a INTEGER)` }];
    expect(migrate(db, ':memory:', fixed)).toBe(LATEST_VERSION + 1);
    expect(migrate(db, ':memory:', fixed)).toBe(LATEST_VERSION + 1);
    db.close();
  });

  it('refuses a SQLite file that is not an ssot-watch store, and a file that is not SQLite', async () => {
    const dir = tempDir();
    const other = join(dir, 'other.db');
    const raw = new Database(other);
    raw.exec(`CREATE TABLE customers (id INTEGER)`);
    raw.close();
    expect(() => openStore(other)).toThrow(/not an ssot-watch history store/);
    const text = join(dir, 'notes.db');
    (await import('node:fs')).writeFileSync(text, 'this is not a database, just some text that is long enough '.repeat(20));
    expect(() => openStore(text)).toThrow(StoreError);
  });

  it('resolves the path: --db, then SSOT_WATCH_DB, then .ssot-watch/history.db; :memory: works', () => {
    expect(resolveDbPath('x.db', { SSOT_WATCH_DB: 'y.db' })).toBe('x.db');
    expect(resolveDbPath(undefined, { SSOT_WATCH_DB: 'y.db' })).toBe('y.db');
    expect(resolveDbPath(undefined, {})).toBe(join('.ssot-watch', 'history.db'));
    const s = openStore(MEMORY);
    expect(s.schemaVersion).toBe(LATEST_VERSION);
    s.close();
    expect(() => openStore(join(tempDir(), 'absent.db'), { mustExist: true })).toThrow(/no history store here/);
  });
});

// Stores are closed by then (afterEach, or the tests' own finally blocks).
afterAll(removeTempDirs);
