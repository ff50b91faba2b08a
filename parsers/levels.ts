import type { LogEntry, Severity } from '../src/model/index.js';
import { normalizeSeverity } from '../src/model/index.js';

const LEVEL = '(DEBUG|INFO|NOTICE|WARNING|WARN|ERROR|CRITICAL|FATAL)';
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Log-line prefixes that state the producer's level (LOG-FORMATS §1.3). Anchored at the start of
 * the text: a level word further in is content (`SSOT validation: WARNING`), not a level.
 * The emoji text token ` WARNING: [U+FE0F]` starts with a space and is deliberately not a prefix.
 */
const LEVEL_PREFIXES: readonly RegExp[] = [
  // gunicorn: `[2025-09-07 13:34:00 +0000] [15] [INFO] …`
  new RegExp(`^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?: [+-]\\d{4})?\\] \\[\\d+\\] \\[${LEVEL}\\] `),
  // Python logging default: `2025-09-07 13:22:49 - module - ERROR - …`, auth service adds a name.
  new RegExp(`^\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)? - (?:[^\\s]+ - ){0,3}?${LEVEL} - `),
  // loguru: `2025-08-25 16:20:50.749 | INFO     | …` (ANSI colours removed first)
  new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\| ${LEVEL} *\\|`),
  // uvicorn's own console format: `INFO:     …`
  new RegExp(`^${LEVEL}: `),
];

function levelPrefix(text: string): { level: Severity; rest: string } | null {
  const plain = text.includes('\u001b') ? text.replace(ANSI, '') : text;
  for (const re of LEVEL_PREFIXES) {
    const m = re.exec(plain);
    if (m?.[1]) return { level: normalizeSeverity(m[1]), rest: plain.slice(m[0].length) };
  }
  return null;
}

/** The level written in a text line's prefix, or null when the text states none. */
export function textLevel(text: string): Severity | null {
  return levelPrefix(text.slice(0, 400))?.level ?? null;
}

/** The message after a level-stating prefix (and without ANSI colours), or the text unchanged. */
export function stripLevelPrefix(text: string): string {
  return levelPrefix(text)?.rest ?? text;
}

/**
 * The severity an entry really has. Cloud Run leaves plain-text lines without one (`DEFAULT`)
 * even when the line states its level, so for those the level in the text prefix is used: a
 * gunicorn `[INFO]` line is INFO. Entries with a LogEntry severity keep it; the text cannot
 * override what the producer's structured logger declared.
 */
export function effectiveSeverity(entry: LogEntry, text: string): Severity {
  const declared = normalizeSeverity(entry.severity);
  if (declared !== 'DEFAULT') return declared;
  return textLevel(text) ?? 'DEFAULT';
}
