import type { HistoryStore } from '../store/historyStore.js';
import { InputError, UsageError } from '../util/errors.js';

/**
 * The service a history query is about: the one named (it must be in the history), or the only
 * one the history holds. Unlike verify — where an unknown service is a verdict about no data —
 * a query about a service the history has never seen is almost always a typo, so it is a usage
 * error that lists what the history does hold.
 */
export function chooseService(store: HistoryStore, named: string | undefined): string {
  const known = store.services();
  if (known.length === 0) {
    throw new InputError(`${store.path}: the history store holds no entries yet; fill it first, e.g. ssot-watch ingest EXPORT.json`);
  }
  if (named !== undefined) {
    if (!known.includes(named)) throw new UsageError(`--service ${named}: not in the history (it holds: ${known.join(', ')})`);
    return named;
  }
  if (known.length === 1) return known[0] as string;
  throw new UsageError(`the history holds ${known.length} services (${known.join(', ')}): name one with --service`);
}

/** Every named service must be in the history (a filter on an unknown one would just find nothing, silently). */
export function checkServices(store: HistoryStore, named: readonly string[]): void {
  if (named.length === 0) return;
  const known = store.services();
  const unknown = named.filter((s) => !known.includes(s));
  if (unknown.length === 0) return;
  const holds = known.length ? `it holds: ${known.join(', ')}` : 'it holds no entries yet';
  throw new UsageError(`--service ${unknown.join(', ')}: not in the history (${holds})`);
}
