/**
 * The LogEntry fields a filter may name, and how to read each from a stored (encoded) entry.
 * Anything else is a FilterError: the fake does not guess what an unknown path would mean.
 */
import type { Instant } from '../timestamps.js';
import type { Span } from '../wireReader.js';
import { eachField, entrySpan, fieldSpan, jsonAtPath, mapValueSpan, readInt, readString } from '../wireReader.js';
import { FilterError } from './errors.js';

/** What the evaluator sees of an entry: the sort key as is, other fields read from the bytes on demand. */
export class EntryView {
  private topLevel: (Span | undefined)[] | undefined;
  /** Field values already read, lower-cased for `:`: a needle filter asks the same field ~8 times. */
  readonly lowered = new Map<string, string | null>();

  constructor(
    readonly seconds: number,
    readonly nanos: number,
    readonly insertId: string,
    readonly framed: Buffer,
  ) {}

  /** A top-level LogEntry field (indexed on first use: filters read several). */
  field(n: number): Span | undefined {
    if (!this.topLevel) {
      const index: (Span | undefined)[] = [];
      eachField(this.framed, entrySpan(this.framed), (f, _wire, start, end) => {
        index[f] = { start, end };
      });
      this.topLevel = index;
    }
    return this.topLevel[n];
  }
}

export type Field =
  | { readonly type: 'instant'; readonly name: string; read(v: EntryView): Instant | undefined }
  | { readonly type: 'severity'; readonly name: string; read(v: EntryView): number }
  | { readonly type: 'string'; readonly name: string; read(v: EntryView): string | undefined }
  | { readonly type: 'integer'; readonly name: string; read(v: EntryView): number | undefined }
  /** jsonPayload paths: the value as plain JSON. */
  | { readonly type: 'json'; readonly name: string; read(v: EntryView): unknown };

// LogEntry field numbers (google/logging/v2/log_entry.proto).
const F = { textPayload: 3, jsonPayload: 6, httpRequest: 7, resource: 8, severity: 10, labels: 11, logName: 12, trace: 22, receiveTimestamp: 24, spanId: 27 };
// HttpRequest field numbers (google/logging/type/http_request.proto).
const H = { requestMethod: 1, requestUrl: 2, status: 4, userAgent: 6, remoteIp: 7, protocol: 15 };

const topString = (name: string, field: number): Field => ({
  type: 'string',
  name,
  read: (v) => readString(v.framed, v.field(field)),
});

const httpString = (name: keyof typeof H): Field => ({
  type: 'string',
  name: `httpRequest.${name}`,
  read: (v) => {
    const h = v.field(F.httpRequest);
    return h && readString(v.framed, fieldSpan(v.framed, h, H[name]));
  },
});

const SIMPLE: Readonly<Record<string, Field>> = {
  timestamp: { type: 'instant', name: 'timestamp', read: (v) => ({ seconds: v.seconds, nanos: v.nanos }) },
  receiveTimestamp: {
    type: 'instant',
    name: 'receiveTimestamp',
    read: (v) => {
      const t = v.field(F.receiveTimestamp);
      return t && { seconds: readInt(v.framed, fieldSpan(v.framed, t, 1)) ?? 0, nanos: readInt(v.framed, fieldSpan(v.framed, t, 2)) ?? 0 };
    },
  },
  // The enum's numbers are the levels; an entry without severity has DEFAULT (0), as on the wire.
  severity: { type: 'severity', name: 'severity', read: (v) => readInt(v.framed, v.field(F.severity)) ?? 0 },
  insertId: { type: 'string', name: 'insertId', read: (v) => v.insertId },
  logName: topString('logName', F.logName),
  textPayload: topString('textPayload', F.textPayload),
  trace: topString('trace', F.trace),
  spanId: topString('spanId', F.spanId),
  'resource.type': {
    type: 'string',
    name: 'resource.type',
    read: (v) => {
      const r = v.field(F.resource);
      return r && readString(v.framed, fieldSpan(v.framed, r, 1));
    },
  },
  'httpRequest.status': {
    type: 'integer',
    name: 'httpRequest.status',
    read: (v) => {
      const h = v.field(F.httpRequest);
      return h && readInt(v.framed, fieldSpan(v.framed, h, H.status));
    },
  },
  'httpRequest.requestUrl': httpString('requestUrl'),
  'httpRequest.requestMethod': httpString('requestMethod'),
  'httpRequest.userAgent': httpString('userAgent'),
  'httpRequest.remoteIp': httpString('remoteIp'),
  'httpRequest.protocol': httpString('protocol'),
};

export const SUPPORTED_FIELDS = [...Object.keys(SIMPLE), 'resource.labels.KEY', 'labels.KEY', 'jsonPayload[.a.b…]'];

export function resolveField(path: readonly string[], offset: number): Field {
  const name = path.join('.');
  const simple = SIMPLE[name];
  if (simple) return simple;
  const [head, second, third] = path;
  if (head === 'resource' && second === 'labels' && path.length === 3) {
    const key = Buffer.from(third!, 'utf8');
    return {
      type: 'string',
      name,
      read: (v) => {
        const r = v.field(F.resource);
        return r && readString(v.framed, mapValueSpan(v.framed, r, 2, key));
      },
    };
  }
  if (head === 'labels' && path.length === 2) {
    const key = Buffer.from(second!, 'utf8');
    return {
      type: 'string',
      name,
      read: (v) => {
        const entry = entrySpan(v.framed);
        return v.field(F.labels) && readString(v.framed, mapValueSpan(v.framed, entry, F.labels, key));
      },
    };
  }
  if (head === 'jsonPayload') {
    const keys = path.slice(1).map((k) => Buffer.from(k, 'utf8'));
    return {
      type: 'json',
      name,
      read: (v) => {
        const s = v.field(F.jsonPayload);
        return s && jsonAtPath(v.framed, s, keys);
      },
    };
  }
  throw new FilterError(`field ${JSON.stringify(name)} is not supported by the fake (supported: ${SUPPORTED_FIELDS.join(', ')})`, offset);
}
