import { parseTimestampBytes } from '../model/index.js';
import {
  LBRACKET,
  RBRACE,
  RBRACKET,
  skipString,
  COLON,
  COMMA,
  LBRACE,
  NL,
  QUOTE,
  SPACE,
  TAB,
  CR,
  isWs,
  skipContainer,
  skipWs,
} from './jsonBytes.js';

interface ResourceInfo {
  readonly bytes: Buffer;
  readonly service: string | null;
  readonly revision: string | null;
}

function labelOf(labels: unknown, key: string): string | null {
  if (typeof labels !== 'object' || labels === null) return null;
  const v = (labels as Record<string, unknown>)[key];
  if (typeof v === 'string') return v || null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/**
 * Reads an entry's top-level `timestamp` and `resource.labels.{service_name,revision_name}`
 * straight from its bytes — what coverage needs from every entry — without JSON.parse of the
 * whole entry. Exactness first: a key only counts when it is proven to sit at the entry's top
 * level (pretty-printed: by its indentation; compact: by walking the rest of the entry). When
 * that proof fails, `skim` returns false and the caller parses the entry in full.
 */
export class EntrySkimmer {
  tsUs: number | null = null;
  service: string | null = null;
  revision: string | null = null;

  /** Recently seen resource objects, compared by bytes: most exports hold a handful. */
  private recent: ResourceInfo[] = [];
  private prettyIndent = '';
  private pTimestamp = new KeyLine('\n"timestamp":');
  private pResource = new KeyLine('\n"resource":');
  private pClose = Buffer.from('\n}');

  /** Called whenever the buffer behind the records changes (nothing is cached by position). */
  reset(_view: Buffer): void {}

  skim(buf: Buffer, start: number, end: number): boolean {
    this.tsUs = null;
    this.service = null;
    this.revision = null;
    const indent = this.prettyKeyIndent(buf, start, end);
    return indent === null ? this.skimCompact(buf, start, end) : this.skimPretty(buf, start, end, indent);
  }

  /** Whitespace before the first key when the entry is laid out one key per line, else null. */
  private prettyKeyIndent(buf: Buffer, start: number, end: number): string | null {
    let i = start + 1;
    while (i < end && (buf[i] === SPACE || buf[i] === TAB || buf[i] === CR)) i++;
    if (buf[i] !== NL) return null;
    const lineStart = i + 1;
    let j = lineStart;
    while (j < end && (buf[j] === SPACE || buf[j] === TAB)) j++;
    if (buf[j] !== QUOTE) return null;
    return buf.toString('latin1', lineStart, j);
  }

  private skimPretty(buf: Buffer, start: number, end: number, indent: string): boolean {
    if (indent !== this.prettyIndent) {
      this.prettyIndent = indent;
      this.pTimestamp = new KeyLine(`\n${indent}"timestamp":`);
      this.pResource = new KeyLine(`\n${indent}"resource":`);
      this.pClose = Buffer.from(`\n${indent}}`, 'latin1');
    }
    // At this indentation a key line can only be a member of this entry (JSON strings cannot
    // hold a raw newline, and nested members are indented deeper), so the first hit is exact.
    const record = buf.subarray(start, end);
    const t = this.pTimestamp.find(record);
    if (t < 0) return false;
    const r = this.pResource.find(record);
    if (r < 0) return false;
    if (!this.readTimestamp(buf, start + t + this.pTimestamp.length, end)) return false;
    // The resource object closes on the first line at the members' indentation after it.
    const open = skipWs(buf, start + r + this.pResource.length, end);
    if (buf[open] !== LBRACE) return false;
    const close = record.indexOf(this.pClose, open - start);
    if (close < 0) return this.readResource(buf, open, end);
    return this.resourceAt(buf, open, start + close + this.pClose.length);
  }

  private skimCompact(buf: Buffer, start: number, end: number): boolean {
    const record = buf.subarray(start, end);
    const t = lastKey(record, KEY_TIMESTAMP);
    if (t < 0) return false;
    const r = lastKey(record, KEY_RESOURCE);
    if (r < 0) return false;
    const resOpen = skipWs(record, afterColon(record, r + KEY_RESOURCE.length, record.length), record.length);
    if (record[resOpen] !== LBRACE) return false;
    let resClose = this.cachedResourceEnd(record, resOpen);
    if (resClose < 0) {
      resClose = skipContainer(record, resOpen, record.length);
      if (resClose < 0) return false;
    }
    // Both keys must be members of the entry itself, not of a nested payload object: walk
    // from the earlier one to the entry's end and require depth 1 at both.
    if (!walkProvesTopLevel(record, Math.min(t, r), Math.max(t, r), resOpen, resClose)) return false;
    if (!this.readTimestamp(buf, start + afterColon(record, t + KEY_TIMESTAMP.length, record.length), end)) return false;
    return this.resourceAt(buf, start + resOpen, start + resClose);
  }

  /** End of the resource object at `i` when its bytes equal one seen before, else -1. */
  private cachedResourceEnd(record: Buffer, i: number): number {
    for (const info of this.recent) {
      const len = info.bytes.length;
      if (i + len <= record.length && record.compare(info.bytes, 0, len, i, i + len) === 0) return i + len;
    }
    return -1;
  }

  /** `i` is just past `"timestamp":` (maybe before spaces); reads a quoted RFC 3339 value. */
  private readTimestamp(buf: Buffer, i: number, end: number): boolean {
    i = skipWs(buf, i, end);
    if (buf[i] !== QUOTE) return false;
    const close = buf.indexOf(QUOTE, i + 1);
    if (close < 0 || close >= end || close - i > 64) return false;
    const us = parseTimestampBytes(buf, i + 1, close);
    if (us === null) return false;
    this.tsUs = us;
    return true;
  }

  /** `i` is at the `{` of the resource object; finds its end, then its labels. */
  private readResource(buf: Buffer, i: number, end: number): boolean {
    i = skipWs(buf, i, end);
    if (buf[i] !== LBRACE) return false;
    const close = skipContainer(buf, i, end);
    return close >= 0 && this.resourceAt(buf, i, close);
  }

  /** Labels of the resource object at [i, close), cached by its bytes. */
  private resourceAt(buf: Buffer, i: number, close: number): boolean {
    const len = close - i;
    for (let k = 0; k < this.recent.length; k++) {
      const info = this.recent[k]!;
      if (info.bytes.length === len && buf.compare(info.bytes, 0, len, i, close) === 0) {
        if (k > 0) {
          this.recent.splice(k, 1);
          this.recent.unshift(info);
        }
        this.service = info.service;
        this.revision = info.revision;
        return true;
      }
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(buf.toString('utf8', i, close));
    } catch {
      return false;
    }
    if (typeof parsed !== 'object' || parsed === null) return false;
    const labels = (parsed as Record<string, unknown>)['labels'];
    const info: ResourceInfo = {
      bytes: Buffer.from(buf.subarray(i, close)),
      service: labelOf(labels, 'service_name'),
      revision: labelOf(labels, 'revision_name'),
    };
    this.recent.unshift(info);
    if (this.recent.length > 16) this.recent.pop();
    this.service = info.service;
    this.revision = info.revision;
    return true;
  }
}

/**
 * A member line searched inside one record. Exporters put a given member at a steady place
 * (gcloud sorts keys, so `timestamp` and `resource` come last; the Python wrappers put
 * `timestamp` first), so the search starts from the end where it was last found.
 */
class KeyLine {
  readonly bytes: Buffer;
  private fromEnd = true;
  constructor(text: string) {
    this.bytes = Buffer.from(text, 'latin1');
  }
  get length(): number {
    return this.bytes.length;
  }
  find(record: Buffer): number {
    const q = this.fromEnd ? record.lastIndexOf(this.bytes) : record.indexOf(this.bytes);
    if (q >= 0) this.fromEnd = q > record.length - q;
    return q;
  }
}

const KEY_TIMESTAMP = Buffer.from('"timestamp"');
const KEY_RESOURCE = Buffer.from('"resource"');

/** Last occurrence of `"key"` in the record that is syntactically a member name, or -1. */
function lastKey(record: Buffer, key: Buffer): number {
  let q = record.lastIndexOf(key);
  while (q > 0) {
    if (isKeyAt(record, q, key.length, 0, record.length)) return q;
    q = record.lastIndexOf(key, q - 1);
  }
  return -1;
}

/**
 * Walks from `from` (a member name at depth 1) to the record's end, stepping over the
 * resource object [skipFrom, skipTo) whose extent is known; true when the walk lands on
 * `mark` at depth 1 and closes the record exactly at its last byte.
 */
function walkProvesTopLevel(record: Buffer, from: number, mark: number, skipFrom: number, skipTo: number): boolean {
  let depth = 1;
  let i = from;
  let sawMark = mark === from;
  const last = record.length - 1;
  while (i <= last) {
    if (i === skipFrom) {
      i = skipTo;
      continue;
    }
    const c = record[i]!;
    if (c === QUOTE) {
      if (i === mark) sawMark = depth === 1;
      i = skipString(record, i, record.length);
      if (i < 0) return false;
      continue;
    }
    if (c === LBRACE || c === LBRACKET) depth++;
    else if (c === RBRACE || c === RBRACKET) {
      depth--;
      if (depth === 0) return i === last && sawMark;
    }
    i++;
  }
  return false;
}

/** Position just past the `:` that follows a key (isKeyAt has proven it is there). */
function afterColon(buf: Buffer, i: number, end: number): number {
  return skipWs(buf, i, end) + 1;
}

/** `"key"` at q is a member name: `{` or `,` before it, `:` after it (whitespace allowed). */
function isKeyAt(buf: Buffer, q: number, len: number, start: number, end: number): boolean {
  let b = q - 1;
  while (b > start && isWs(buf[b])) b--;
  const before = buf[b];
  if (before !== LBRACE && before !== COMMA) return false;
  const a = skipWs(buf, q + len, end);
  return buf[a] === COLON;
}
