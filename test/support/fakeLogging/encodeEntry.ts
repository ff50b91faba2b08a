/**
 * LogEntry → protobuf bytes, written directly (see protoWriter.ts for why). Field numbers are
 * those of google/logging/v2/log_entry.proto, google/logging/type/http_request.proto and
 * google/protobuf/{struct,timestamp,duration}.proto.
 */
import type { EntryFields, JsonObject } from './convert.js';
import { ProtoWriter } from './protoWriter.js';
import type { ProtoHttpRequest, ProtoTimestamp } from './protoTypes.js';
import { SEVERITY_LEVELS } from './protoTypes.js';

const writer = new ProtoWriter();

/** The entry as field 1 (`entries`) of a List/TailLogEntriesResponse. */
export function encodeFramedEntry(e: EntryFields): Buffer {
  return writer
    .reset()
    .message(1, (w) => writeLogEntry(w, e))
    .finish();
}

function writeTimestamp(w: ProtoWriter, field: number, t: ProtoTimestamp | undefined): void {
  if (t) w.message(field, (m) => m.int(1, t.seconds).int(2, t.nanos));
}

function writeLogEntry(w: ProtoWriter, e: EntryFields): void {
  if (e.textPayload !== undefined) w.string(3, e.textPayload);
  w.string(4, e.insertId);
  if (e.jsonPayload !== undefined) w.message(6, (m) => writeStruct(m, e.jsonPayload!));
  if (e.httpRequest) w.message(7, (m) => writeHttpRequest(m, e.httpRequest!));
  const resource = e.resource;
  if (resource) w.message(8, (m) => m.string(1, resource.type).stringMap(2, resource.labels));
  writeTimestamp(w, 9, e.timestamp);
  if (e.severity !== undefined) w.int(10, SEVERITY_LEVELS[e.severity] ?? 0);
  w.stringMap(11, e.labels);
  w.string(12, e.logName);
  const op = e.operation;
  if (op) w.message(15, (m) => m.string(1, op.id).string(2, op.producer).int(3, op.first).int(4, op.last));
  w.string(22, e.trace);
  const src = e.sourceLocation;
  if (src) w.message(23, (m) => m.string(1, src.file).int(2, src.line).string(3, src.function));
  writeTimestamp(w, 24, e.receiveTimestamp);
  w.string(27, e.spanId);
  w.int(30, e.traceSampled);
  const split = e.split;
  if (split) w.message(35, (m) => m.string(1, split.uid).int(2, split.index).int(3, split.totalSplits));
}

function writeHttpRequest(w: ProtoWriter, h: ProtoHttpRequest): void {
  w.string(1, h.requestMethod)
    .string(2, h.requestUrl)
    .int(3, h.requestSize)
    .int(4, h.status)
    .int(5, h.responseSize)
    .string(6, h.userAgent)
    .string(7, h.remoteIp)
    .string(8, h.referer)
    .int(9, h.cacheHit)
    .int(10, h.cacheValidatedWithOriginServer)
    .int(11, h.cacheLookup)
    .int(12, h.cacheFillBytes)
    .string(13, h.serverIp);
  writeTimestamp(w, 14, h.latency);
  w.string(15, h.protocol);
}

/** google.protobuf.Struct straight from JSON: `map<string, Value> fields = 1`. */
function writeStruct(w: ProtoWriter, o: JsonObject): void {
  for (const k in o) {
    const v = o[k];
    if (v === undefined) continue;
    w.message(1, (entry) => entry.string(1, k).message(2, (m) => writeValue(m, v)));
  }
}

function writeValue(w: ProtoWriter, v: unknown): void {
  if (v === null) w.int(1, 0);
  else if (typeof v === 'number') w.double(2, v);
  else if (typeof v === 'string') w.string(3, v);
  else if (typeof v === 'boolean') w.int(4, v);
  else if (Array.isArray(v)) w.message(6, (list) => v.forEach((x) => list.message(1, (m) => writeValue(m, x === undefined ? null : x))));
  else if (typeof v === 'object') w.message(5, (m) => writeStruct(m, v as JsonObject));
  else throw new Error(`cannot put a ${typeof v} into a google.protobuf.Value`);
}
