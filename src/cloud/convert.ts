import type { EntrySource, LogEntry } from '../model/index.js';
import { normalizeEntry } from '../sources/normalize.js';

/**
 * A LogEntry as the GAPIC layer returns it (protobufjs `toObject` with `longs: String`,
 * `defaults: true`): timestamps `{seconds, nanos}` (nanoseconds kept), int64s as strings,
 * `jsonPayload` as a `google.protobuf.Struct`, and every absent field as its default (`''`,
 * `'DEFAULT'`, `null`, `0`).
 */
export type ApiLogEntry = Record<string, unknown>;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `google.protobuf.Value` → its JSON value. */
function valueToJs(v: unknown): unknown {
  if (!isObj(v)) return null;
  // protobufjs names the populated member of the `kind` oneof; fall back to probing the members.
  const kind = typeof v['kind'] === 'string' ? (v['kind'] as string) : Object.keys(v).find((k) => k.endsWith('Value'));
  switch (kind) {
    case 'stringValue':
      return typeof v['stringValue'] === 'string' ? v['stringValue'] : '';
    case 'numberValue':
      return Number(v['numberValue']);
    case 'boolValue':
      return v['boolValue'] === true;
    case 'structValue':
      return structToObject(v['structValue']);
    case 'listValue': {
      const list = v['listValue'];
      const values = isObj(list) && Array.isArray(list['values']) ? list['values'] : [];
      return values.map(valueToJs);
    }
    default:
      return null; // nullValue, or nothing set
  }
}

/** `google.protobuf.Struct` → the plain object it encodes (what an export's `jsonPayload` holds). */
export function structToObject(s: unknown): Obj {
  const out: Obj = {};
  if (!isObj(s) || !isObj(s['fields'])) return out;
  for (const [k, v] of Object.entries(s['fields'])) out[k] = valueToJs(v);
  return out;
}

/** A proto3 default stands for "absent": '' strings, null messages, 0 numbers, '0' int64s. */
function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '' && v !== 0 && v !== '0';
}

function compact(o: unknown): Obj | undefined {
  if (!isObj(o)) return undefined;
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (present(v) && v !== false) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The API entry in export (gcloud camelCase) form, with defaults dropped: the shape the file
 * readers see, so `normalizeEntry` treats both alike and a pulled entry gives the same finding
 * (same id, message, details) as the same entry in an export.
 */
export function apiEntryToExportShape(api: ApiLogEntry): Obj {
  const out: Obj = {};
  for (const key of ['insertId', 'logName', 'trace', 'spanId'] as const) {
    if (present(api[key])) out[key] = api[key];
  }
  if (present(api['timestamp'])) out['timestamp'] = api['timestamp'];
  if (present(api['receiveTimestamp'])) out['receiveTimestamp'] = api['receiveTimestamp'];
  if (typeof api['severity'] === 'string' && api['severity'] !== 'DEFAULT') out['severity'] = api['severity'];
  else if (typeof api['severity'] === 'number' && api['severity'] !== 0) out['severity'] = api['severity'];
  const resource = api['resource'];
  if (isObj(resource)) out['resource'] = { type: resource['type'] ?? '', labels: isObj(resource['labels']) ? resource['labels'] : {} };
  if (isObj(api['labels']) && Object.keys(api['labels']).length > 0) out['labels'] = api['labels'];
  // The oneof: `payload` names the member that is set (protobufjs `oneofs: true`); without it, the non-empty one.
  const payload = typeof api['payload'] === 'string' ? api['payload'] : undefined;
  const text = api['textPayload'];
  if (payload === 'textPayload' || (payload === undefined && typeof text === 'string' && text !== '')) {
    if (typeof text === 'string') out['textPayload'] = text;
  } else if (payload === 'jsonPayload' || (payload === undefined && isObj(api['jsonPayload']))) {
    out['jsonPayload'] = structToObject(api['jsonPayload']);
  } else if (payload === 'protoPayload' && isObj(api['protoPayload'])) {
    // An Any; its message types (AuditLog…) are not decoded here and no parser reads them.
    const any = api['protoPayload'];
    out['protoPayload'] = { '@type': String(any['type_url'] ?? any['typeUrl'] ?? '') };
  }
  const http = compact(api['httpRequest']);
  if (http) out['httpRequest'] = http;
  return out;
}

/** An API entry as a LogEntry, exactly as the file readers would build it; null when it is not one. */
export function apiEntryToLogEntry(api: ApiLogEntry, source: EntrySource): { ok: true; entry: LogEntry } | { ok: false; error: string } {
  return normalizeEntry(apiEntryToExportShape(api), source);
}
