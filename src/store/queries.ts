import type { FindingQuery, GroupBy } from './types.js';

/**
 * Turns a FindingQuery into a WHERE clause. The SQL text is chosen only from the fixed clauses
 * below (which filters are present); every value the user typed travels as a bound parameter.
 * Lists are bound as one JSON array and expanded by SQLite (`json_each`), so no placeholder list
 * is ever built by hand.
 */
export interface BoundWhere {
  sql: string;
  params: Record<string, string | number>;
}

const LIST_FILTERS = [
  ['kinds', 'kind'],
  ['services', 'service'],
  ['revisions', 'revision'],
  ['fingerprints', 'fingerprint'],
] as const;

export function findingWhere(q: FindingQuery): BoundWhere {
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  for (const [field, column] of LIST_FILTERS) {
    const values = q[field];
    if (values === undefined) continue;
    if (values.length === 1) {
      // One value: a plain equality lets SQLite walk the index in order (an IN list makes it sort).
      clauses.push(`${column} = @${field}`);
      params[field] = values[0] as string;
      continue;
    }
    clauses.push(`${column} IN (SELECT value FROM json_each(@${field}))`);
    params[field] = JSON.stringify(values);
  }
  if (q.untimed) clauses.push('ts_us IS NULL');
  if (q.fromUs !== undefined) {
    clauses.push('ts_us >= @fromUs');
    params['fromUs'] = checkedInt('fromUs', q.fromUs);
  }
  if (q.toUs !== undefined) {
    clauses.push('ts_us < @toUs');
    params['toUs'] = checkedInt('toUs', q.toUs);
  }
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}

export function limitClause(q: FindingQuery, params: Record<string, string | number>): string {
  if (q.limit === undefined) return '';
  params['limit'] = checkedInt('limit', q.limit);
  return 'LIMIT @limit';
}

function checkedInt(name: string, v: number): number {
  if (!Number.isSafeInteger(v)) throw new RangeError(`finding query: ${name} must be an integer, got ${v}`);
  return v;
}

/** The grouping expression for each `--group-by` (a fixed set: never user text). */
export const GROUP_KEY: Readonly<Record<GroupBy, string>> = {
  fingerprint: 'fingerprint',
  revision: 'revision',
  kind: 'kind',
  hour: '(ts_us / 3600000000) * 3600000000',
};

/** Oldest first; findings without a time last. */
export const FINDING_ORDER = 'ORDER BY ts_us IS NULL, ts_us, id';

/** Newest first (ties: the larger id first, the exact reverse of FINDING_ORDER); findings without a time still last. */
export const FINDING_ORDER_NEWEST = 'ORDER BY ts_us IS NULL, ts_us DESC, id DESC';

export function findingOrder(q: FindingQuery): string {
  return q.order === 'newest' ? FINDING_ORDER_NEWEST : FINDING_ORDER;
}
