import { Option } from 'commander';
import { systemClock, type Clock } from '../time/clock.js';
import { parseIsoInstant } from '../time/instant.js';
import { resolveTimeZone } from '../time/zone.js';
import { DB_ENV, DEFAULT_DB_PATH, MEMORY, openStore, resolveDbPath } from '../store/openStore.js';
import type { HistoryStore } from '../store/historyStore.js';

/**
 * `SSOT_WATCH_NOW` pins "now" (ISO 8601 with zone): reruns of a command, tests and CI steps that
 * must agree on one instant get the same windows. Unset, the system clock is used.
 */
export const NOW_ENV = 'SSOT_WATCH_NOW';

export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const pinned = env[NOW_ENV];
  if (!pinned) return systemClock;
  const us = parseIsoInstant(pinned, NOW_ENV);
  return () => us;
}

export function dbOption(): Option {
  return new Option('--db <path>', `history store (SQLite file; default $${DB_ENV} or ${DEFAULT_DB_PATH}; ${MEMORY} for none)`);
}

export function tzOption(): Option {
  return new Option('--tz <zone>', 'also show local times in this IANA zone, e.g. Europe/Berlin (output stays UTC with Z)');
}

export function zoneFrom(tz: string | undefined): string | null {
  return tz ? resolveTimeZone(tz) : null;
}

/** Opens the store named by --db / SSOT_WATCH_DB / the default; returns its path for messages. */
export function openStoreFromFlags(db: string | undefined, opts: { mustExist?: boolean } = {}): { store: HistoryStore; path: string } {
  const path = resolveDbPath(db);
  return { store: openStore(path, opts.mustExist ? { mustExist: true } : {}), path };
}
