/**
 * Reads single fields out of an encoded LogEntry without decoding the rest. A filter usually
 * needs three or four of an entry's ~40 strings; decoding whole entries to evaluate it made a
 * scan of a million entries take tens of seconds, reading just those fields takes a few.
 * Field numbers: see encodeEntry.ts.
 */

/** A length-delimited field's bytes: [start, end) in the entry's buffer. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

function varintAt(buf: Buffer, pos: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = buf[pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, pos];
    scale *= 0x80;
  }
}

/** Skips the value of a field of wire type `wire` starting at `pos`; returns [valueStart, valueEnd, next]. */
function valueAt(buf: Buffer, wire: number, pos: number): [number, number, number] {
  switch (wire) {
    case 0: {
      const start = pos;
      while (buf[pos++]! >= 0x80);
      return [start, pos, pos];
    }
    case 1:
      return [pos, pos + 8, pos + 8];
    case 2: {
      const [len, start] = varintAt(buf, pos);
      return [start, start + len, start + len];
    }
    case 5:
      return [pos, pos + 4, pos + 4];
    default:
      throw new Error(`wire type ${wire} not expected in a LogEntry`);
  }
}

/** Calls `visit(field, wire, start, end)` for each field in [start, end); stops when it returns true. */
export function eachField(buf: Buffer, span: Span, visit: (field: number, wire: number, start: number, end: number) => boolean | void): void {
  let pos = span.start;
  while (pos < span.end) {
    const [key, afterKey] = varintAt(buf, pos);
    const [start, end, next] = valueAt(buf, key & 7, afterKey);
    if (visit(Math.floor(key / 8), key & 7, start, end) === true) return;
    pos = next;
  }
}

/** The last occurrence of a singular field (protobuf's rule when a field repeats). */
export function fieldSpan(buf: Buffer, span: Span, field: number): Span | undefined {
  let found: Span | undefined;
  eachField(buf, span, (f, _wire, start, end) => {
    if (f === field) found = { start, end };
  });
  return found;
}

export function readString(buf: Buffer, span: Span | undefined): string | undefined {
  return span ? buf.toString('utf8', span.start, span.end) : undefined;
}

/** A varint field as a signed 64-bit number (int32/int64 negatives are 10-byte two's complement). */
export function readInt(buf: Buffer, span: Span | undefined): number | undefined {
  if (!span) return undefined;
  if (span.end - span.start === 10) return Number(BigInt.asIntN(64, BigInt(varintAt(buf, span.start)[0])));
  return varintAt(buf, span.start)[0];
}

function bytesEqual(buf: Buffer, span: Span, key: Buffer): boolean {
  if (span.end - span.start !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (buf[span.start + i] !== key[i]) return false;
  return true;
}

/** map<string, X> lookup: the value span of the last entry whose key is `key`. */
export function mapValueSpan(buf: Buffer, span: Span, field: number, key: Buffer): Span | undefined {
  let found: Span | undefined;
  eachField(buf, span, (f, _wire, start, end) => {
    if (f !== field) return;
    const entry = { start, end };
    const k = fieldSpan(buf, entry, 1);
    if (k && bytesEqual(buf, k, key)) found = fieldSpan(buf, entry, 2) ?? { start: end, end }; // absent value = ''
  });
  return found;
}

/** google.protobuf.Value → plain JSON (null, number, string, boolean, object, array). */
export function readJsonValue(buf: Buffer, span: Span): unknown {
  let value: unknown = null;
  eachField(buf, span, (f, _wire, start, end) => {
    const s = { start, end };
    if (f === 1) value = null;
    else if (f === 2) value = buf.readDoubleLE(start);
    else if (f === 3) value = buf.toString('utf8', start, end);
    else if (f === 4) value = buf[start] !== 0;
    else if (f === 5) value = readJsonStruct(buf, s);
    else if (f === 6) {
      const list: unknown[] = [];
      eachField(buf, s, (lf, _w, ls, le) => void (lf === 1 && list.push(readJsonValue(buf, { start: ls, end: le }))));
      value = list;
    }
  });
  return value;
}

/** google.protobuf.Struct → plain JSON object. */
export function readJsonStruct(buf: Buffer, span: Span): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  eachField(buf, span, (f, _wire, start, end) => {
    if (f !== 1) return;
    const entry = { start, end };
    const k = fieldSpan(buf, entry, 1);
    const v = fieldSpan(buf, entry, 2);
    out[k ? buf.toString('utf8', k.start, k.end) : ''] = v ? readJsonValue(buf, v) : null;
  });
  return out;
}

/**
 * The Value at `path` inside a Struct, as plain JSON; undefined when a key is missing or a
 * step is not an object.
 */
export function jsonAtPath(buf: Buffer, struct: Span, path: readonly Buffer[]): unknown {
  let current: Span = struct;
  for (let i = 0; i < path.length; i++) {
    const value = mapValueSpan(buf, current, 1, path[i]!);
    if (!value) return undefined;
    if (i === path.length - 1) return readJsonValue(buf, value);
    const inner = fieldSpan(buf, value, 5); // struct_value
    if (!inner) return undefined;
    current = inner;
  }
  return readJsonStruct(buf, current);
}

/** The LogEntry inside a framed entry (field 1 of a response: tag byte, length, message). */
export function entrySpan(framed: Buffer): Span {
  const [len, start] = varintAt(framed, 1);
  return { start, end: start + len };
}
