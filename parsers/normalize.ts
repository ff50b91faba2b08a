/**
 * Folds the parts of a free text that differ between occurrences of the same problem (times,
 * UUIDs, hex ids such as `main_b9ceb17a`, numbers) into one placeholder `<*>`, so fingerprints
 * group by problem rather than by occurrence. One placeholder for all: the same slot may hold
 * `demo-user-001` once and a hex id the next time. Applied to text that is already redacted:
 * normalizing first could break a secret's shape and let fragments of it past the redactor.
 */

const TIMESTAMP = /\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d:?\d\d)?/g;
const UUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;
// 8+ hex characters with at least one digit, standing alone or after `_`/`-` (`req_2f9408620931`).
const HEX_ID = /(?<![A-Za-z0-9])(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{8,}(?![A-Za-z0-9])/g;
// Numbers not glued to a preceding letter: `user 42`, `demo-user-001`, `2.1s`; `v2`, `http2` stay.
const NUMBER = /(?<![A-Za-z0-9])\d+(?:\.\d+)*/g;
const SPACE = /\s+/g;
const VAR = '<*>';

export function normalizeVariableParts(text: string): string {
  return text
    .replace(TIMESTAMP, VAR)
    .replace(UUID, VAR)
    .replace(HEX_ID, VAR)
    .replace(NUMBER, VAR)
    .replace(SPACE, ' ')
    .trim();
}
