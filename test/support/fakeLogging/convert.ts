/**
 * gcloud-format entries (camelCase, `gcloud logging read --format=json`) and the Python
 * client's snake_case dumps, turned into LogEntry messages as the API would send them.
 * Wrapper exports reduce `httpRequest` to `{method, url, status, userAgent, latency}`; those
 * names are mapped back. `protoPayload` is dropped (see README: its types are not in the
 * shipped protos, so it cannot be encoded faithfully).
 */
import type { Instant } from './timestamps.js';
import { parseDuration, parseInstant } from './timestamps.js';
import type { ProtoHttpRequest, ProtoLogEntry, ProtoStruct, ProtoTimestamp, ProtoValue } from './protoTypes.js';
import { SEVERITY_LEVELS } from './protoTypes.js';

export type JsonObject = Record<string, unknown>;

/** A LogEntry ready to encode: the proto shape, except that jsonPayload stays plain JSON. */
export type EntryFields = Omit<ProtoLogEntry, 'jsonPayload' | 'payload' | 'protoPayload'> & { jsonPayload?: JsonObject };

export interface ConvertedEntry {
  readonly entry: EntryFields;
  readonly instant: Instant;
  readonly insertId: string;
  /** The project whose `projects/P` resource name lists this entry; null if none is known. */
  readonly project: string | null;
}

export interface ConvertOptions {
  /** Project for entries whose logName and resource.labels.project_id name none. */
  defaultProject?: string;
  /** Makes insertIds for entries without one (the real API assigns them on write). */
  makeInsertId?: () => string;
}

type Json = JsonObject;

const TOP_LEVEL_ALIASES: Readonly<Record<string, string>> = {
  insert_id: 'insertId',
  log_name: 'logName',
  json_payload: 'jsonPayload',
  text_payload: 'textPayload',
  proto_payload: 'protoPayload',
  http_request: 'httpRequest',
  span_id: 'spanId',
  trace_sampled: 'traceSampled',
  receive_timestamp: 'receiveTimestamp',
  source_location: 'sourceLocation',
};

const HTTP_ALIASES: Readonly<Record<string, string>> = { method: 'requestMethod', url: 'requestUrl' };

const snakeToCamel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Top-level keys in camelCase, nulls dropped (the wrappers write `null` for unused fields). */
function normalizeKeys(raw: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) out[TOP_LEVEL_ALIASES[k] ?? k] = v;
  return out;
}

export function toProtoValue(v: unknown): ProtoValue {
  if (v === null || v === undefined) return { nullValue: 'NULL_VALUE' };
  switch (typeof v) {
    case 'string':
      return { stringValue: v };
    case 'number':
      return { numberValue: v };
    case 'boolean':
      return { boolValue: v };
    default:
      if (Array.isArray(v)) return { listValue: { values: v.map(toProtoValue) } };
      if (isObject(v)) return { structValue: toProtoStruct(v) };
      throw new Error(`cannot put a ${typeof v} into a google.protobuf.Value`);
  }
}

export function toProtoStruct(o: Json): ProtoStruct {
  const fields: Record<string, ProtoValue> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) fields[k] = toProtoValue(v);
  return { fields };
}

function timestampOf(text: unknown, what: string): ProtoTimestamp & Instant {
  const t = typeof text === 'string' ? parseInstant(text) : null;
  if (!t) throw new Error(`${what} is not an RFC 3339 instant: ${JSON.stringify(text)}`);
  return { seconds: t.seconds, nanos: t.nanos };
}

function stringMap(v: unknown, what: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) throw new Error(`${what} must be an object`);
  const out: Record<string, string> = {};
  for (const k in v) {
    const x = v[k];
    if (x !== null && x !== undefined) out[k] = typeof x === 'string' ? x : String(x);
  }
  return out;
}

function int64(v: unknown, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = String(v);
  if (!/^-?\d+$/.test(s)) throw new Error(`${what} is not an integer: ${JSON.stringify(v)}`);
  return s;
}

function httpRequestOf(raw: unknown): ProtoHttpRequest | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) throw new Error('httpRequest must be an object');
  const h: Json = {};
  for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) h[HTTP_ALIASES[k] ?? snakeToCamel(k)] = v;
  const out: ProtoHttpRequest = {};
  for (const k of ['requestMethod', 'requestUrl', 'userAgent', 'remoteIp', 'serverIp', 'referer', 'protocol'] as const) {
    if (h[k] !== undefined) out[k] = String(h[k]);
  }
  for (const k of ['requestSize', 'responseSize', 'cacheFillBytes'] as const) {
    const n = int64(h[k], `httpRequest.${k}`);
    if (n !== undefined) out[k] = n;
  }
  for (const k of ['cacheLookup', 'cacheHit', 'cacheValidatedWithOriginServer'] as const) {
    if (h[k] !== undefined) out[k] = Boolean(h[k]);
  }
  if (h['status'] !== undefined) {
    const status = Number(h['status']);
    if (!Number.isInteger(status)) throw new Error(`httpRequest.status is not an integer: ${JSON.stringify(h['status'])}`);
    out.status = status;
  }
  if (h['latency'] !== undefined) {
    const l = h['latency'];
    const d = typeof l === 'number' ? parseDuration(`${l}s`) : typeof l === 'string' ? parseDuration(l) : null;
    if (!d) throw new Error(`httpRequest.latency is not a duration: ${JSON.stringify(l)}`);
    out.latency = d;
  }
  return out;
}

function severityOf(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') {
    const name = Object.keys(SEVERITY_LEVELS).find((k) => SEVERITY_LEVELS[k] === v);
    if (name) return name;
  } else if (typeof v === 'string' && SEVERITY_LEVELS[v.toUpperCase()] !== undefined) {
    return v.toUpperCase();
  }
  throw new Error(`unknown severity ${JSON.stringify(v)}`);
}

/**
 * The payload oneof. Wrapper exports carry `jsonPayload: {}` beside a real `textPayload`, so a
 * text payload wins over an empty JSON one.
 */
function payloadOf(e: Json): Pick<EntryFields, 'textPayload' | 'jsonPayload'> {
  if (typeof e['textPayload'] === 'string') return { textPayload: e['textPayload'] };
  if (e['jsonPayload'] !== undefined) {
    if (!isObject(e['jsonPayload'])) throw new Error('jsonPayload must be an object');
    return { jsonPayload: e['jsonPayload'] };
  }
  return {};
}

/** The proto-loader object form (jsonPayload as a Struct), for encoding through protobufjs. */
export function toProtoLogEntry(e: EntryFields): ProtoLogEntry {
  const { jsonPayload, ...rest } = e;
  return jsonPayload === undefined ? rest : { ...rest, jsonPayload: toProtoStruct(jsonPayload) };
}

export function convertEntry(raw: unknown, options: ConvertOptions = {}): ConvertedEntry {
  if (!isObject(raw)) throw new Error('a log entry must be a JSON object');
  const e = normalizeKeys(raw);
  const timestamp = timestampOf(e['timestamp'], 'timestamp');
  const resource = e['resource'];
  if (resource !== undefined && !isObject(resource)) throw new Error('resource must be an object');
  const insertId = typeof e['insertId'] === 'string' && e['insertId'] ? e['insertId'] : options.makeInsertId?.();
  if (!insertId) throw new Error('entry has no insertId and no makeInsertId was given');
  const entry: EntryFields = {
    insertId,
    timestamp,
    ...payloadOf(e),
  };
  if (typeof e['logName'] === 'string') entry.logName = e['logName'];
  if (resource) entry.resource = { type: String(resource['type'] ?? ''), labels: stringMap(resource['labels'], 'resource.labels') ?? {} };
  if (e['receiveTimestamp'] !== undefined) entry.receiveTimestamp = timestampOf(e['receiveTimestamp'], 'receiveTimestamp');
  const severity = severityOf(e['severity']);
  if (severity) entry.severity = severity;
  const httpRequest = httpRequestOf(e['httpRequest']);
  if (httpRequest) entry.httpRequest = httpRequest;
  const labels = stringMap(e['labels'], 'labels');
  if (labels) entry.labels = labels;
  if (typeof e['trace'] === 'string') entry.trace = e['trace'];
  if (typeof e['spanId'] === 'string') entry.spanId = e['spanId'];
  if (typeof e['traceSampled'] === 'boolean') entry.traceSampled = e['traceSampled'];
  if (isObject(e['operation'])) entry.operation = e['operation'] as ProtoLogEntry['operation'];
  if (isObject(e['sourceLocation'])) {
    const s = e['sourceLocation'];
    entry.sourceLocation = { ...(s as object), ...(s['line'] !== undefined ? { line: int64(s['line'], 'sourceLocation.line') } : {}) };
  }
  if (isObject(e['split'])) entry.split = e['split'] as ProtoLogEntry['split'];
  return { entry, instant: { seconds: timestamp.seconds, nanos: timestamp.nanos }, insertId, project: projectOf(entry, options) };
}

function projectOf(entry: EntryFields, options: ConvertOptions): string | null {
  const fromLogName = entry.logName ? /^projects\/([^/]+)\/logs\//.exec(entry.logName)?.[1] : undefined;
  return fromLogName ?? entry.resource?.labels?.['project_id'] ?? options.defaultProject ?? null;
}
