import type { EntrySource, HttpRequest, LogEntry } from '../model/index.js';
import { formatUs, normalizeSeverity, parseTimestampUs } from '../model/index.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** First present (not undefined, not null) of the given keys: camelCase and snake_case spellings. */
function pick(o: Obj, ...keys: string[]): unknown {
  for (const k of keys) {
    const v = o[k];
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    const s = str(val);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** An entry's `resource` as the model has it; the skim reads resources through this too. */
export function resourceOf(v: unknown): LogEntry['resource'] {
  return isObj(v) ? { type: str(v['type']) ?? '', labels: stringRecord(v['labels']) } : { type: '', labels: {} };
}

/** Accepts RFC 3339 strings and the protobuf JSON `{seconds, nanos}` form. */
export function timestampUsOf(v: unknown): number | null {
  if (typeof v === 'string') return parseTimestampUs(v);
  if (isObj(v) && v['seconds'] !== undefined) {
    const s = Number(v['seconds']);
    const n = Number(v['nanos'] ?? 0);
    if (Number.isFinite(s) && Number.isFinite(n)) return s * 1_000_000 + Math.floor(n / 1000);
  }
  return null;
}

function statusOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d{3}$/.test(v)) return Number(v);
  return undefined;
}

function latencyOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return `${v}s`;
  if (isObj(v) && v['seconds'] !== undefined) {
    return `${Number(v['seconds']) + Number(v['nanos'] ?? 0) / 1e9}s`;
  }
  return undefined;
}

/** gcloud's full httpRequest, or the wrappers' reduced `{method, url, status, user_agent|userAgent, latency}`. */
function httpRequestOf(v: unknown): HttpRequest | undefined {
  if (!isObj(v)) return undefined;
  const h: HttpRequest = {};
  const method = str(pick(v, 'requestMethod', 'request_method', 'method'));
  const url = str(pick(v, 'requestUrl', 'request_url', 'url'));
  const status = statusOf(pick(v, 'status'));
  const latency = latencyOf(pick(v, 'latency'));
  const protocol = str(pick(v, 'protocol'));
  const remoteIp = str(pick(v, 'remoteIp', 'remote_ip'));
  const serverIp = str(pick(v, 'serverIp', 'server_ip'));
  const userAgent = str(pick(v, 'userAgent', 'user_agent'));
  const requestSize = str(pick(v, 'requestSize', 'request_size'));
  const responseSize = str(pick(v, 'responseSize', 'response_size'));
  if (method !== undefined) h.requestMethod = method;
  if (url !== undefined) h.requestUrl = url;
  if (status !== undefined) h.status = status;
  if (latency !== undefined) h.latency = latency;
  if (protocol !== undefined) h.protocol = protocol;
  if (remoteIp !== undefined) h.remoteIp = remoteIp;
  if (serverIp !== undefined) h.serverIp = serverIp;
  if (userAgent !== undefined) h.userAgent = userAgent;
  if (requestSize !== undefined) h.requestSize = requestSize;
  if (responseSize !== undefined) h.responseSize = responseSize;
  return Object.keys(h).length > 0 ? h : undefined;
}

/**
 * Members that only a log entry has (camelCase and the Python client's snake_case): one of them
 * makes an object an entry. The framer also uses them to tell an entry from an export wrapper.
 */
export const ENTRY_MARKERS: readonly string[] = [
  'timestamp',
  'insertId',
  'insert_id',
  'logName',
  'log_name',
  'resource',
  'textPayload',
  'text_payload',
  'jsonPayload',
  'json_payload',
  'protoPayload',
  'proto_payload',
  'httpRequest',
  'http_request',
];

/** Members an entry may have that do not prove it is one (a wrapper could have them too). */
export const ENTRY_EXTRAS: readonly string[] = [
  'receiveTimestamp',
  'receive_timestamp',
  'severity',
  'labels',
  'trace',
  'spanId',
  'span_id',
  'traceSampled',
  'operation',
  'sourceLocation',
  'split',
  'errorGroups',
  'raw_payload',
  'raw_payload_type',
];

export type NormalizeResult = { ok: true; entry: LogEntry } | { ok: false; error: string };

/**
 * Any exported entry shape → LogEntry. The shape is told per entry (camelCase or snake_case
 * keys), never from the wrapper around it, because the corpus holds both inside the same
 * kind of wrapper.
 */
export function normalizeEntry(raw: unknown, source: EntrySource): NormalizeResult {
  if (!isObj(raw)) {
    return { ok: false, error: `expected a log entry object, found ${Array.isArray(raw) ? 'an array' : typeof raw}` };
  }
  if (!ENTRY_MARKERS.some((k) => raw[k] !== undefined)) {
    const keys = Object.keys(raw).slice(0, 5).join(', ');
    return { ok: false, error: `object is not a log entry (no timestamp, resource, payload or insertId; keys: ${keys || 'none'})` };
  }
  const tsUs = timestampUsOf(raw['timestamp']);
  const resource = resourceOf(raw['resource']);

  const entry: LogEntry = {
    timestamp: tsUs === null ? null : formatUs(tsUs),
    timestampUs: tsUs,
    severity: normalizeSeverity(raw['severity']),
    resource,
    labels: stringRecord(raw['labels']),
    source,
  };
  const insertId = str(pick(raw, 'insertId', 'insert_id'));
  if (insertId !== undefined) entry.insertId = insertId;
  const logName = str(pick(raw, 'logName', 'log_name'));
  if (logName !== undefined) entry.logName = logName;
  const rts = timestampUsOf(pick(raw, 'receiveTimestamp', 'receive_timestamp'));
  if (rts !== null) entry.receiveTimestamp = formatUs(rts);

  const text = pick(raw, 'textPayload', 'text_payload');
  if (typeof text === 'string') entry.textPayload = text;
  const json = pick(raw, 'jsonPayload', 'json_payload');
  // The raw_logs wrapper writes `jsonPayload: {}` on text entries: an empty object is no payload.
  if (isObj(json) && (Object.keys(json).length > 0 || entry.textPayload === undefined)) entry.jsonPayload = json;
  const proto = pick(raw, 'protoPayload', 'proto_payload');
  if (isObj(proto)) entry.protoPayload = proto;

  const http = httpRequestOf(pick(raw, 'httpRequest', 'http_request'));
  if (http) entry.httpRequest = http;
  const trace = str(pick(raw, 'trace'));
  if (trace !== undefined) entry.trace = trace;
  const spanId = str(pick(raw, 'spanId', 'span_id'));
  if (spanId !== undefined) entry.spanId = spanId;
  return { ok: true, entry };
}
