import { createHash } from 'node:crypto';
import type { Finding, Kind, LogEntry, Severity } from '../src/model/index.js';

/**
 * A literal that must occur in an entry's raw bytes for the parser to possibly match it.
 * The same list drives the byte prefilter of file reads and the server-side Cloud Logging
 * filter of `pull`, so the two cannot disagree. Needles are ASCII and contain neither `"` nor
 * `\`, so they read the same inside JSON strings as in plain text.
 * `wholeWord`: the literal must not touch an ASCII letter or digit on either side — how "403"
 * inside hex ids, latencies and timestamps is excluded before any parsing.
 */
export interface Needle {
  readonly text: string;
  readonly wholeWord?: boolean;
  /**
   * The needle is also an HTTP status that a request log carries only in `httpRequest.status`
   * (a number, not text): the server-side filter must then also ask `httpRequest.status=N`, or
   * request-log findings (a refused WebSocket handshake) would never be pulled. The byte
   * prefilter needs nothing more: the status is a digit run in the raw JSON.
   */
  readonly httpStatus?: number;
}

/**
 * Matches `needle` in `haystack` the way the prefilter must: a plain substring, or for
 * `wholeWord` one not touching an ASCII letter or digit on either side. The reference the
 * byte prefilter is tested against.
 */
export function needleOccursIn(haystack: string, needle: Needle): boolean {
  if (needle.text.length === 0) return false;
  for (let at = haystack.indexOf(needle.text); at >= 0; at = haystack.indexOf(needle.text, at + 1)) {
    if (!needle.wholeWord) return true;
    if (!isAsciiAlnum(haystack.charCodeAt(at - 1)) && !isAsciiAlnum(haystack.charCodeAt(at + needle.text.length))) return true;
  }
  return false;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** How parsers are built. Passed explicitly (no module state) so `--no-redact` is visible at the call site. */
export interface ParserOptions {
  /** Redact secrets in what a finding shows (message, details). Fingerprints are always built from redacted text. */
  readonly redact: boolean;
}

export const DEFAULT_PARSER_OPTIONS: ParserOptions = Object.freeze({ redact: true });

export interface Parser {
  readonly kind: Kind;
  /** One line for `--help` and reports. */
  readonly description: string;
  readonly needles: readonly Needle[];
  /** A finding for this entry, or null. Never throws on odd input. */
  match(entry: LogEntry): Finding | null;
}

/** `kind` + insertId + timestamp, or kind + logName + timestamp + service + text where insertId is missing. */
export function findingId(kind: Kind, entry: LogEntry, text: string): string {
  const h = createHash('sha256');
  h.update(kind);
  h.update('\0');
  if (entry.insertId) {
    // Cloud Logging treats entries with the same insertId AND timestamp as one (its dedup key);
    // the same insertId at another time is another entry, and must stay another finding.
    h.update('insertId\0');
    h.update(entry.insertId);
    h.update('\0');
    h.update(entry.timestamp ?? '');
  } else {
    h.update(`${entry.logName ?? ''}\0${entry.timestamp ?? ''}\0${label(entry.resource?.labels, 'service_name') ?? ''}\0${text}`);
  }
  return h.digest('hex').slice(0, 24);
}

/** Short stable hash for fingerprints: the readable key is kept beside it in details. */
export function fingerprintOf(kind: Kind, key: string): string {
  return `${kind}:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

// Parsers promise never to throw, also on entries that bypassed validation; read labels defensively.
function label(rec: unknown, key: string): string | null {
  if (typeof rec !== 'object' || rec === null) return null;
  const v = (rec as Record<string, unknown>)[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

export function baseFinding(
  kind: Kind,
  entry: LogEntry,
  fields: {
    fingerprintKey: string;
    message: string;
    details: Record<string, unknown>;
    idText: string;
    /** The level the producer wrote, when it is known better than `entry.severity` (text lines). */
    severity?: Severity;
  },
): Finding {
  return {
    id: findingId(kind, entry, fields.idText),
    kind,
    timestamp: entry.timestamp ?? null,
    timestampUs: entry.timestampUs ?? null,
    service: label(entry.resource?.labels, 'service_name'),
    revision: label(entry.resource?.labels, 'revision_name'),
    instance: label(entry.labels, 'instanceId'),
    severity: fields.severity ?? entry.severity ?? 'DEFAULT',
    fingerprint: fingerprintOf(kind, fields.fingerprintKey),
    message: fields.message,
    details: { ...fields.details, fingerprintKey: fields.fingerprintKey },
    insertId: entry.insertId ?? null,
    logName: entry.logName ?? null,
    source: entry.source,
  };
}
