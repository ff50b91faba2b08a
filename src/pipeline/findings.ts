import { KINDS, type Finding, type Kind } from '../model/index.js';
import type { HistoryStore } from '../store/historyStore.js';
import type { FindingGroupRow, FindingQuery, GroupBy } from '../store/types.js';
import { UsageError } from '../util/errors.js';
import { checkServices } from './serviceChoice.js';

/** `ssot-watch findings`: what to look for. Empty lists mean "no filter". */
export interface FindingsRequest {
  kinds: Kind[];
  services: string[];
  revisions: string[];
  /** Full fingerprints (`ws_1011:6052a695b8be0240`) or just their hash part, as tables show it. */
  fingerprints: string[];
  fromUs?: number;
  toUs?: number;
  groupBy?: GroupBy;
  /** At most this many findings (the newest) or groups; undefined: all. */
  limit?: number;
}

export interface FindingsQueryPlan {
  query: FindingQuery;
  /** Matching findings (or, with groupBy, matching findings in all groups), before the limit. */
  total: number;
  /** Filters that name something the history does not hold (a typo finds nothing, silently otherwise). */
  unknownRevisions: string[];
  knownRevisions: string[];
}

/** `6052a695b8be0240` → `ssot_warning:6052…`, `ws_1011:6052…`, `auth_403:6052…`: one of them is it. */
export function expandFingerprints(values: readonly string[], kinds: readonly Kind[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (v.includes(':')) out.add(v);
    else for (const k of kinds.length ? kinds : KINDS) out.add(`${k}:${v}`);
  }
  return [...out];
}

/**
 * Tables show revisions without their service prefix (`00042-p7q`): a value that names no known
 * revision but ends one (`netra-backend-staging-00042-p7q`) stands for it. Others stay as given.
 */
export function expandRevisions(values: readonly string[], known: readonly string[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    const matches = known.includes(v) ? [v] : known.filter((k) => k.endsWith(`-${v}`));
    for (const m of matches.length ? matches : [v]) out.add(m);
  }
  return [...out];
}

/** Filters → store query; checks the services exist (exit 3 listing them) and notes unknown revisions. */
export function planFindingsQuery(store: HistoryStore, req: FindingsRequest): FindingsQueryPlan {
  if (req.fromUs !== undefined && req.toUs !== undefined && req.fromUs >= req.toUs) throw new UsageError('--from must lie before --to');
  checkServices(store, req.services);
  const knownRevisions = req.revisions.length
    ? [...new Set((req.services.length ? req.services : store.services()).flatMap((s) => store.revisions(s).map((r) => r.revision)))].sort()
    : [];
  const revisions = expandRevisions(req.revisions, knownRevisions);
  const query: FindingQuery = {
    ...(req.kinds.length && req.kinds.length < KINDS.length ? { kinds: req.kinds } : {}),
    ...(req.services.length ? { services: req.services } : {}),
    ...(revisions.length ? { revisions } : {}),
    ...(req.fingerprints.length ? { fingerprints: expandFingerprints(req.fingerprints, req.kinds) } : {}),
    ...(req.fromUs !== undefined ? { fromUs: req.fromUs } : {}),
    ...(req.toUs !== undefined ? { toUs: req.toUs } : {}),
  };
  return {
    query,
    total: store.countFindings(query),
    unknownRevisions: req.revisions.filter((r) => expandRevisions([r], knownRevisions).every((x) => !knownRevisions.includes(x))),
    knownRevisions,
  };
}

/** The matching findings, newest first (as `gcloud logging read` lists entries), at most `limit`. */
export function findingsNewestFirst(store: HistoryStore, plan: FindingsQueryPlan, limit: number | undefined): Iterable<Finding> {
  return store.iterateFindings({ ...plan.query, order: 'newest', ...(limit !== undefined ? { limit } : {}) });
}

/**
 * Groups with count, first and last seen, computed by the store in SQL. Hours are listed newest
 * first, like the findings; the other groupings most frequent first. `limit` keeps the first rows.
 */
export function findingGroups(store: HistoryStore, plan: FindingsQueryPlan, by: GroupBy, limit: number | undefined): { rows: FindingGroupRow[]; groups: number } {
  const all = store.groupFindings(plan.query, by);
  // The store lists hours oldest first with untimed last: reverse the timed ones, keep untimed last.
  const ordered = by === 'hour' ? [...all.filter((r) => r.keyUs !== null).reverse(), ...all.filter((r) => r.keyUs === null)] : all;
  return { rows: limit === undefined ? ordered : ordered.slice(0, limit), groups: all.length };
}
