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

/** Every string inside `v` redacted (details built from text the redaction would have changed). */
function redactStrings(v: unknown): unknown {
  if (typeof v === 'string') return redact(v);
  if (Array.isArray(v)) return v.map(redactStrings);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactStrings(x)]));
  return v;
}

/**
 * The one place a finding is assembled. Whether there is a finding is decided on the text as
 * logged — redaction must never hide one (`…?user=u&close_code=1011` loses its `1011` to the
 * query-string rule). What is kept comes from the redacted text, so fingerprint and id neither
 * depend on `--no-redact` nor carry a secret; when redaction broke the form itself, the analysis
 * of the raw text is kept with every string in it redacted. The unredacted analysis is only what
 * is shown when the user turned redaction off.
 */
export function emit(
  kind: Kind,
  entry: LogEntry,
  options: ParserOptions,
  input: string,
  analyze: (text: string) => Analysis | null,
  severity: Severity,
): Finding | null {
  const raw = analyze(input);
  if (!raw) return null;
  const safeInput = redact(input);
  const safe: Analysis = analyze(safeInput) ?? {
    message: safeInput,
    details: redactStrings(raw.details) as Record<string, unknown>,
    fingerprintKey: redact(raw.fingerprintKey),
  };
  const shown = options.redact ? safe : raw;
  return baseFinding(kind, entry, {
    fingerprintKey: safe.fingerprintKey,
    message: cap(shown.message),
    details: shown.details,
    idText: safeInput,
    severity,
  });
}
