import type { Needle } from '../../parsers/parser.js';
import { EXAMINED_TEXT_PATHS } from '../../parsers/texts.js';
import { allOf, anyOf, checkedFilterLength, quoteFilterValue, timestampLiteral } from './filterText.js';

/** Cloud Run services log under this monitored resource type. */
export const CLOUD_RUN_RESOURCE = 'cloud_run_revision';

/** The texts a parser examines: a needle is looked for in each of them server-side. */
export const NEEDLE_FIELDS = EXAMINED_TEXT_PATHS;

export interface Scope {
  services: readonly string[];
  /** Only this revision (gate --revision). */
  revision?: string;
}

/** Half-open [startUs, endUs), µs. */
export interface TimeRange {
  startUs: number;
  endUs: number;
}

function scopeClauses(scope: Scope): string[] {
  if (scope.services.length === 0) throw new Error('a Cloud Logging query needs at least one service');
  const clauses = [
    `resource.type=${quoteFilterValue(CLOUD_RUN_RESOURCE, 'resource type')}`,
    anyOf(scope.services.map((s) => `resource.labels.service_name=${quoteFilterValue(s, '--service')}`)),
  ];
  if (scope.revision !== undefined) clauses.push(`resource.labels.revision_name=${quoteFilterValue(scope.revision, '--revision')}`);
  return clauses;
}

/**
 * Both bounds as top-level comparisons, so the service (and the client, which appends a 24 h
 * bound to any filter without the word `timestamp`) sees the range. Bounds are whole µs:
 * `timestamp>="…000001Z"` is how "after µs 0" is said without matching an entry at 0.000000300.
 */
function timeClauses(range: TimeRange): string[] {
  return [`timestamp>=${timestampLiteral(range.startUs)}`, `timestamp<${timestampLiteral(range.endUs)}`];
}

/**
 * Entries that may hold a finding: every needle in every examined text (`:` is a
 * case-insensitive substring test, broader than the whole-word prefilter — the parsers decide),
 * and a needle that is an HTTP status also as `httpRequest.status=N`.
 */
export function needlesClause(needles: readonly Needle[]): string {
  const terms: string[] = [];
  for (const n of needles) {
    const literal = quoteFilterValue(n.text, 'needle');
    for (const field of NEEDLE_FIELDS) terms.push(`${field}:${literal}`);
    if (n.httpStatus !== undefined) {
      if (!Number.isInteger(n.httpStatus) || n.httpStatus < 100 || n.httpStatus > 599) {
        throw new Error(`needle "${n.text}": httpStatus ${n.httpStatus} is not an HTTP status`);
      }
      terms.push(`httpRequest.status=${n.httpStatus}`);
    }
  }
  return anyOf([...new Set(terms)]);
}

/** Every entry of the services in the range (coverage --full, gate backfill, probes). */
export function entriesFilter(scope: Scope, range: TimeRange): string {
  return checkedFilterLength(allOf([...scopeClauses(scope), ...timeClauses(range)]));
}

/** Entries of the services in the range that may hold a finding of the needles' kinds. */
export function findingsFilter(scope: Scope, range: TimeRange, needles: readonly Needle[]): string {
  return checkedFilterLength(allOf([...scopeClauses(scope), ...timeClauses(range), needlesClause(needles)]));
}

/** What a live tail follows: the services (and revision), no time bound — the stream is "from now". */
export function tailFilter(scope: Scope): string {
  return checkedFilterLength(allOf(scopeClauses(scope)));
}

/** `projects/P`: the only resource name a pull reads from. */
export function resourceNameOf(project: string): string {
  return `projects/${project}`;
}
