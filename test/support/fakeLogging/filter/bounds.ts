/**
 * The timestamp range a filter certainly stays within: the `timestamp` comparisons that are
 * direct conjuncts of the top level (not under OR or NOT). The store binary-searches this
 * range before evaluating the whole filter on each entry in it; the filter still re-checks the
 * timestamp terms, so a range that is too wide is only slower, never wrong.
 */
import type { Instant } from '../timestamps.js';
import { compareInstants, parseInstant } from '../timestamps.js';
import type { FilterNode } from './ast.js';

export interface Bound {
  readonly instant: Instant;
  readonly inclusive: boolean;
}

export interface TimeRange {
  lower?: Bound;
  upper?: Bound;
}

export function timeRangeOf(node: FilterNode): TimeRange {
  const range: TimeRange = {};
  const conjuncts = node.kind === 'and' ? node.items : [node];
  for (const c of conjuncts) {
    if (c.kind !== 'cmp' || c.path.length !== 1 || c.path[0] !== 'timestamp') continue;
    const instant = parseInstant(c.value.text);
    if (!instant) continue; // compileFilter reports it
    if (c.op === '>' || c.op === '>=' || c.op === '=') range.lower = tighter(range.lower, { instant, inclusive: c.op !== '>' }, 1);
    if (c.op === '<' || c.op === '<=' || c.op === '=') range.upper = tighter(range.upper, { instant, inclusive: c.op !== '<' }, -1);
  }
  return range;
}

/** direction 1: the larger lower bound wins; -1: the smaller upper bound wins. */
function tighter(current: Bound | undefined, candidate: Bound, direction: 1 | -1): Bound {
  if (!current) return candidate;
  const c = compareInstants(candidate.instant, current.instant) * direction;
  if (c > 0) return candidate;
  if (c < 0) return current;
  return current.inclusive ? candidate : current;
}
