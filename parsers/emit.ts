import type { Finding, Kind, LogEntry, Severity } from '../src/model/index.js';
import type { ParserOptions } from './parser.js';
import { baseFinding } from './parser.js';
import { redact } from './redact.js';

/** What a parser reads out of one piece of log text (a line, or a request URL). */
export interface Analysis {
  readonly message: string;
  readonly details: Record<string, unknown>;
  readonly fingerprintKey: string;
}

const MAX_MESSAGE = 4000;

function cap(s: string): string {
  return s.length <= MAX_MESSAGE ? s : `${s.slice(0, MAX_MESSAGE - 1)}…`;
}

/**
 * The one place a finding is assembled. The analysis of the *redacted* input decides whether
 * there is a finding and always supplies the fingerprint and id, so neither depends on
 * `--no-redact` nor can carry a secret; the unredacted analysis is only what is shown when the
 * user turned redaction off.
 */
export function emit(
  kind: Kind,
  entry: LogEntry,
  options: ParserOptions,
  input: string,
  analyze: (text: string) => Analysis | null,
  severity: Severity,
): Finding | null {
  const safeInput = redact(input);
  const safe = analyze(safeInput);
  if (!safe) return null;
  const shown = options.redact ? safe : (analyze(input) ?? safe);
  return baseFinding(kind, entry, {
    fingerprintKey: safe.fingerprintKey,
    message: cap(shown.message),
    details: shown.details,
    idText: safeInput,
    severity,
  });
}
