/**
 * Shapes the generators build. `GEntry` is a LogEntry as `gcloud logging read --format=json`
 * prints it (camelCase); the other renderings (sink JSONL, Python-client dump, plain text) are
 * derived from it, so one generated world yields all sample files.
 */

export type Severity = 'DEFAULT' | 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR' | 'CRITICAL' | 'ALERT' | 'EMERGENCY';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface HttpRequestJson {
  requestMethod: string;
  requestUrl: string;
  requestSize: string;
  status: number;
  responseSize: string;
  userAgent: string;
  remoteIp: string;
  referer?: string;
  serverIp: string;
  latency: string;
  protocol: string;
}

export interface GEntry {
  insertId: string;
  logName: string;
  timestamp: string;
  receiveTimestamp: string;
  resource: { type: string; labels: Record<string, string> };
  labels?: Record<string, string>;
  /** Absent on plain stdout/stderr lines, as in the real exports. */
  severity?: Severity;
  textPayload?: string;
  jsonPayload?: JsonObject;
  protoPayload?: JsonObject;
  httpRequest?: HttpRequestJson;
  trace?: string;
  spanId?: string;
  traceSampled?: boolean;
  errorGroups?: { id: string }[];
}

/** What a generated entry is, per the counting rules of LOG-FORMATS.md §6. */
export type FindingTag =
  | { kind: 'ssot_warning'; family: 'F1a' | 'F2' | 'F3' | 'F4' }
  | { kind: 'ws_1011'; direction: 'received' | 'sent' | 'legacy' | 'backend' }
  | { kind: 'auth_403'; rule: 'A1' | 'A2' | 'A3' | 'A4' };

export type Kind = FindingTag['kind'];
export const KIND_NAMES: readonly Kind[] = ['ssot_warning', 'ws_1011', 'auth_403'];

/** One entry of the generated world with the facts the truth files are computed from. */
export interface WorldEntry {
  entry: GEntry;
  tsUs: number;
  /** When Cloud Logging had it: an export made earlier than this cannot contain it. */
  receiveUs: number;
  service: string;
  /** `''` on audit entries, as in the real exports. */
  revision: string;
  /** Short story name of the instance (`I3`), or `''`. */
  instance: string;
  finding?: FindingTag;
  /** LOG-FORMATS.md §5 decoy this entry plants (counted as nothing). */
  decoy?: string;
  /** §4.3–4.5: auth-related, listed as informational, not counted. */
  related?: string;
}
