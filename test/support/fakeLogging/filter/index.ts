import type { FilterNode } from './ast.js';
import type { TimeRange } from './bounds.js';
import { timeRangeOf } from './bounds.js';
import type { Predicate } from './compile.js';
import { compileFilter } from './compile.js';
import { FilterError } from './errors.js';
import { parseFilter } from './parser.js';

export { printFilter } from './ast.js';
export type { FilterNode } from './ast.js';
export type { TimeRange } from './bounds.js';
export { EntryView } from './fields.js';
export { SUPPORTED_FIELDS } from './fields.js';
export { FilterError } from './errors.js';
export { parseFilter } from './parser.js';

/** The API's documented limit on filter length. */
export const MAX_FILTER_LENGTH = 20_000;

export interface PreparedFilter {
  readonly text: string;
  readonly ast: FilterNode;
  readonly matches: Predicate;
  readonly range: TimeRange;
}

/** Parses, type-checks and compiles a filter; throws FilterError for anything unsupported. */
export function prepareFilter(text: string): PreparedFilter {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new FilterError(`filter is ${text.length} characters long; the maximum is ${MAX_FILTER_LENGTH}`);
  }
  const ast = parseFilter(text);
  return { text, ast, matches: compileFilter(ast), range: timeRangeOf(ast) };
}
