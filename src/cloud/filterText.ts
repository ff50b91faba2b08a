import { formatUs } from '../model/index.js';
import { UsageError } from '../util/errors.js';

/** The API refuses longer filters (CLOUD-LOGGING.md). */
export const MAX_FILTER_CHARS = 20_000;

// C0 controls and DEL: a newline in a value could end a comparison and start another.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A string value as a filter literal: in double quotes, `\` and `"` escaped with a backslash.
 * Values with control characters are refused rather than escaped: the escapes the service
 * accepts for them are not documented, and no service, revision or needle contains one.
 */
export function quoteFilterValue(value: string, what: string): string {
  if (CONTROL.test(value)) {
    throw new UsageError(`${what}: ${JSON.stringify(value)} contains a control character; it cannot go into a Cloud Logging filter`);
  }
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A timestamp literal with microseconds, `"2025-09-15T00:00:00.000000Z"`. */
export function timestampLiteral(us: number): string {
  return `"${formatUs(us)}"`;
}

/** `(a OR b OR c)`: OR binds tighter than AND in this language, so every group gets its parentheses. */
export function anyOf(terms: readonly string[]): string {
  if (terms.length === 0) throw new Error('anyOf: no terms (an empty group would match everything)');
  return `(${terms.join(' OR ')})`;
}

/** Clauses joined by AND, one per line (newlines are whitespace to the service; they help --dry-run readers). */
export function allOf(clauses: readonly string[]): string {
  return clauses.join('\nAND ');
}

/** Refuses a filter the service would refuse, before a request is spent on it. */
export function checkedFilterLength(filter: string): string {
  if (filter.length >= MAX_FILTER_CHARS) {
    throw new UsageError(
      `the Cloud Logging filter would be ${filter.length} characters, over the API's limit of ${MAX_FILTER_CHARS}: ask for fewer services at once`,
    );
  }
  return filter;
}
