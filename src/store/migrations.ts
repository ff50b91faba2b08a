import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The schema, as an append-only list: a released migration is never edited, a change is a new
 * entry. Times are epoch microseconds (INTEGER); minutes are epoch minutes.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'history store',
    sql: `
      CREATE TABLE runs (
        id                INTEGER PRIMARY KEY,
        kind              TEXT    NOT NULL CHECK (kind IN ('file', 'stdin', 'pull', 'tail')),
        source_name       TEXT    NOT NULL,
        content_hash      TEXT,
        format            TEXT,
        status            TEXT    NOT NULL CHECK (status IN ('running', 'done', 'abandoned', 'duplicate', 'rejected')),
        duplicate_of      INTEGER REFERENCES runs(id),
        started_at        TEXT    NOT NULL,
        finished_at       TEXT,
        pid               INTEGER,
        host              TEXT,
        proc_start        TEXT,
        kinds             TEXT    NOT NULL,            -- JSON array: the kinds this run looked for
        text_service      TEXT,
        redacted          INTEGER NOT NULL DEFAULT 1,
        entries           INTEGER NOT NULL DEFAULT 0,
        bad_records       INTEGER NOT NULL DEFAULT 0,
        bytes             INTEGER,
        complete          INTEGER,                     -- NULL until finished
        incomplete_reason TEXT,
        first_us          INTEGER,
        last_us           INTEGER,
        range_start_us    INTEGER,                     -- half-open [range_start_us, range_end_us)
        range_end_us      INTEGER,
        project           TEXT,
        services          TEXT,                        -- pulls: JSON array of the services asked for
        filter            TEXT,
        sampled           INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX runs_by_status ON runs(status);
      CREATE INDEX runs_by_hash ON runs(content_hash) WHERE content_hash IS NOT NULL;

      -- The services a run saw (files) or read for (pulls, once they saw them).
      CREATE TABLE run_services (
        run_id  INTEGER NOT NULL REFERENCES runs(id),
        service TEXT    NOT NULL,
        PRIMARY KEY (run_id, service)
      ) WITHOUT ROWID;
      CREATE INDEX run_services_by_service ON run_services(service, run_id);

      CREATE TABLE findings (
        id          TEXT    PRIMARY KEY,
        kind        TEXT    NOT NULL,
        ts_us       INTEGER,
        service     TEXT,
        revision    TEXT,
        instance    TEXT,
        severity    TEXT    NOT NULL,
        fingerprint TEXT    NOT NULL,
        message     TEXT    NOT NULL,
        details     TEXT    NOT NULL,                  -- JSON
        insert_id   TEXT,
        log_name    TEXT,
        source      TEXT,                              -- JSON: where the first read found it
        run_id      INTEGER NOT NULL REFERENCES runs(id)  -- the first run that stored it
      );
      -- Covering the hot filters: "this service, this window, these kinds" (verify, windows) is
      -- answered from the index; "group by fingerprint" scans only the index, never the wide rows.
      CREATE INDEX findings_by_service_time ON findings(service, ts_us, kind);
      CREATE INDEX findings_by_fingerprint ON findings(fingerprint, ts_us, kind, service, revision);
      CREATE INDEX findings_by_revision ON findings(revision);
      CREATE INDEX findings_by_kind_time ON findings(kind, ts_us);

      -- Service first: every coverage question is "this service, these minutes".
      CREATE TABLE coverage (
        service  TEXT    NOT NULL,
        minute   INTEGER NOT NULL,
        run_id   INTEGER NOT NULL REFERENCES runs(id),
        entries  INTEGER NOT NULL CHECK (entries > 0),
        first_us INTEGER NOT NULL,
        last_us  INTEGER NOT NULL,
        CHECK (first_us <= last_us),
        PRIMARY KEY (service, minute, run_id)
      ) WITHOUT ROWID;
      CREATE INDEX coverage_by_run ON coverage(run_id);

      CREATE TABLE revisions (
        service  TEXT    NOT NULL,
        revision TEXT    NOT NULL,
        first_us INTEGER NOT NULL,
        last_us  INTEGER NOT NULL,
        PRIMARY KEY (service, revision)
      ) WITHOUT ROWID;

      CREATE TABLE pull_checkpoints (
        run_id     INTEGER PRIMARY KEY REFERENCES runs(id),
        seq        INTEGER NOT NULL CHECK (seq > 0),
        stage      TEXT    NOT NULL,
        page_token TEXT,
        last_ts_us INTEGER,
        entries    INTEGER NOT NULL,
        findings   INTEGER NOT NULL,
        requests   INTEGER NOT NULL,
        updated_at TEXT    NOT NULL
      );
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

/** The schema version of an open store (0 for a new, empty file). */
export function schemaVersion(db: Database.Database): number {
  if (!tableExists(db, 'schema_migrations')) return 0;
  const row = db.prepare(`SELECT MAX(version) AS v FROM schema_migrations`).get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Brings the store to the latest version, each migration in its own IMMEDIATE transaction that
 * re-reads the version first (two processes opening a new store at once apply each step once).
 * A store from a newer ssot-watch is refused, never "downgraded" or written to.
 */
export function migrate(db: Database.Database, where: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.reduce((v, m) => Math.max(v, m.version), 0);
  // The common case, an up-to-date store, is settled by a read: no write lock on every open.
  const seen = schemaVersion(db);
  if (seen > latest) throw newerStore(where, seen, latest);
  if (seen === latest && seen > 0) return seen;
  const ensureTable = db.transaction(() => {
    if (tableExists(db, 'schema_migrations')) return;
    const others = db.prepare(`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).get() as {
      n: number;
    };
    if (others.n > 0) {
      throw new StoreError(`${where}: not an ssot-watch history store (it holds other tables); point --db at another file`);
    }
    db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  });
  ensureTable.immediate();
  const found = schemaVersion(db);
  if (found > latest) throw newerStore(where, found, latest);
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    const apply = db.transaction(() => {
      const current = schemaVersion(db);
      if (current > latest) throw newerStore(where, current, latest);
      if (current >= m.version) return;
      db.exec(m.sql);
      db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`).run(m.version, m.name, new Date().toISOString());
    });
    apply.immediate();
  }
  return schemaVersion(db);
}

function newerStore(where: string, found: number, known: number): StoreError {
  return new StoreError(
    `${where}: this history store has schema version ${found}, written by a newer ssot-watch (this one knows up to version ${known}); ` +
      `upgrade ssot-watch, or use another --db`,
  );
}
