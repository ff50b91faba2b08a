import { parseTimestampBytes } from '../model/index.js';
import { COLON, COMMA, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET, skipContainer, skipString, skipValue } from './jsonBytes.js';
import { containerStartBack, isWsByte, stringStartBack } from './jsonBytesBack.js';

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

const KEY_TIMESTAMP = Buffer.from('timestamp');
const KEY_RESOURCE = Buffer.from('resource');
const KEY_LABELS = Buffer.from('labels');

/**
 * Container values that repeat byte for byte across entries (an instance's `labels`), so a
 * walk can step over them with one comparison instead of bracket matching.
 */
class KnownValues {
  private items: Buffer[] = [];
  constructor(private readonly max: number) {}

  add(b: Buffer, s: number, e: number): void {
    if (e - s < 16 || e - s > 4096) return;
    this.items.unshift(Buffer.from(b.subarray(s, e)));
    if (this.items.length > this.max) this.items.pop();
  }

  /** Start of a known value ending at `valueEnd`, or -1. */
  endingAt(b: Buffer, valueEnd: number, start: number): number {
    for (let k = 0; k < this.items.length; k++) {
      const v = this.items[k]!;
      const s = valueEnd - v.length;
      if (s > start && sameBytes(b, s, v)) return s;
    }
    return -1;
  }

  /** End of a known value starting at `s`, or -1. */
  startingAt(b: Buffer, s: number, last: number): number {
    for (let k = 0; k < this.items.length; k++) {
      const v = this.items[k]!;
      if (s + v.length <= last && sameBytes(b, s, v)) return s + v.length;
    }
    return -1;
  }
}

function keyIs(b: Buffer, s: number, e: number, k: Buffer): boolean {
  if (e - s !== k.length) return false;
  for (let x = 0; x < k.length; x++) if (b[s + x] !== k[x]) return false;
  return true;
}

/** b[s..] equals `known`; a few bytes are checked in JS first, since most candidates differ early. */
function sameBytes(b: Buffer, s: number, known: Buffer): boolean {
  const n = known.length;
  if (b[s] !== known[0] || b[s + n - 2] !== known[n - 2] || b[s + 8] !== known[8] || b[s + n - 12] !== known[n - 12]) return false;
  return b.compare(known, 0, n, s, s + n) === 0;
}

/** The member name before a value starting at `vs`: `"key"` + `:` (whitespace allowed). */
function keyBefore(b: Buffer, vs: number, start: number): { start: number; end: number } | null {
  let j = vs - 1;
  while (j > start && isWsByte(b[j]!)) j--;
  if (b[j] !== COLON) return null;
  j--;
  while (j > start && isWsByte(b[j]!)) j--;
  if (b[j] !== QUOTE) return null;
  const ks = stringStartBack(b, j, start);
  return ks > start ? { start: ks, end: j } : null;
}

/**
 * Reads an entry's top-level `timestamp` and `resource.labels.{service_name,revision_name}`
 * straight from its bytes — what coverage needs from every entry — without JSON.parse.
 *
 * It walks the entry's own members (depth 1) from one end: key, colon, value; nested values
 * are stepped over whole, so a `timestamp` inside a payload is never mistaken for the entry's.
 * gcloud sorts keys and sinks put `resource`/`timestamp` after the payload, so walking back
 * from the closing brace usually meets both within a few hundred bytes; files that put them
 * first (the Python wrappers) are walked forward instead — the direction adapts to the file.
 * Resource objects repeat (a handful per export) and are recognised by their bytes.
 * When the walk cannot finish cleanly, `skim` returns false and the caller parses in full.
 */
export class EntrySkimmer {
  tsUs: number | null = null;
  service: string | null = null;
  revision: string | null = null;

  private recent: ResourceInfo[] = [];
  private readonly labels = new KnownValues(8);
  /** The cached resource the walk recognised at the resource value, if any. */
  private matched: ResourceInfo | null = null;
  private matchedStart = -1;
  /** Average bytes walked to meet both keys, per direction (moving averages). */
  private costForward = 1e9;
  private costBackward = 0;
  private count = 0;
  /** Bytes of the last walk stepped over by a cache hit. */
  private skipped = 0;
  // Positions found by the last walk: value starts and ends.
  private tsStart = -1;
  private tsEnd = -1;
  private resStart = -1;
  private resEnd = -1;

  /** Called whenever the buffer behind the records changes (nothing is kept by position). */
  reset(_view: Buffer): void {}

  skim(buf: Buffer, start: number, end: number): boolean {
    this.tsUs = null;
    this.service = null;
    this.revision = null;
    this.tsStart = this.resStart = -1;
    this.skipped = 0;
    this.matched = null;
    // Walk from the end that, in this file, has met both keys sooner; now and then try the
    // other end, so a file whose layout changes part-way is followed.
    const forward = (++this.count & 63) === 0 ? this.costForward >= this.costBackward : this.costForward < this.costBackward;
    const ok = forward ? this.walkForward(buf, start, end) : this.walkBackward(buf, start, end);
    if (!ok) return false;
    // Cost: bytes walked one by one (values recognised from the cache cost next to nothing).
    if (forward) this.costForward += (Math.max(this.tsEnd, this.resEnd) - start - this.skipped - this.costForward) / 8;
    else this.costBackward += (end - Math.min(this.tsStart, this.resStart) - this.skipped - this.costBackward) / 8;
    return this.readTimestamp(buf) && this.readResource(buf);
  }

  /** Member values from the last to the first, until both keys are met. */
  private walkBackward(b: Buffer, start: number, end: number): boolean {
    let i = end - 2;
    for (;;) {
      while (i > start && isWsByte(b[i]!)) i--;
      if (i <= start) return false;
      const valueEnd = i + 1;
      const c = b[i];
      let vs: number;
      let ks: number;
      let keyEnd: number;
      if (c === RBRACE || c === RBRACKET) {
        // A known resource (or labels) object ending here, under that same key, is the value
        // whole; under any other key (or none) the value is walked bracket by bracket.
        let key: { start: number; end: number } | null = null;
        vs = this.cachedResourceEndingAt(b, valueEnd, start);
        if (vs > start) {
          key = keyBefore(b, vs, start);
          if (key && !keyIs(b, key.start + 1, key.end, KEY_RESOURCE)) key = null;
          else {
            this.skipped += valueEnd - vs;
            this.matchedStart = vs;
          }
        }
        if (!key) {
          vs = this.labels.endingAt(b, valueEnd, start);
          if (vs > start) {
            key = keyBefore(b, vs, start);
            if (key && !keyIs(b, key.start + 1, key.end, KEY_LABELS)) key = null;
            else this.skipped += valueEnd - vs;
          }
        }
        if (!key) {
          vs = containerStartBack(b, i, start);
          key = vs > start ? keyBefore(b, vs, start) : null;
          if (!key) return false;
          if (keyIs(b, key.start + 1, key.end, KEY_LABELS)) this.labels.add(b, vs, valueEnd);
        }
        ks = key.start;
        keyEnd = key.end;
      } else {
        if (c === QUOTE) vs = stringStartBack(b, i, start);
        else {
          vs = i;
          while (vs > start && !isWsByte(b[vs - 1]!) && b[vs - 1] !== COLON) vs--;
        }
        const k = vs > start ? keyBefore(b, vs, start) : null;
        if (!k) return false;
        ks = k.start;
        keyEnd = k.end;
      }
      if (this.tsStart < 0 && keyIs(b, ks + 1, keyEnd, KEY_TIMESTAMP)) {
        this.tsStart = vs;
        this.tsEnd = valueEnd;
      } else if (this.resStart < 0 && keyIs(b, ks + 1, keyEnd, KEY_RESOURCE)) {
        this.resStart = vs;
        this.resEnd = valueEnd;
      }
      if (this.tsStart >= 0 && this.resStart >= 0) return true;
      i = ks - 1;
      while (i > start && isWsByte(b[i]!)) i--;
      if (b[i] !== COMMA) return false;
      i--;
    }
  }

  /** Member values from the first to the last, until both keys are met. */
  private walkForward(b: Buffer, start: number, end: number): boolean {
    let i = start + 1;
    const last = end - 1;
    for (;;) {
      while (i < last && isWsByte(b[i]!)) i++;
      if (b[i] !== QUOTE) return false;
      const ke = skipString(b, i, last);
      if (ke < 0) return false;
      const isTs = this.tsStart < 0 && keyIs(b, i + 1, ke - 1, KEY_TIMESTAMP);
      const isRes = !isTs && this.resStart < 0 && keyIs(b, i + 1, ke - 1, KEY_RESOURCE);
      const isLabels = !isTs && !isRes && keyIs(b, i + 1, ke - 1, KEY_LABELS);
      let j = ke;
      while (j < last && isWsByte(b[j]!)) j++;
      if (b[j] !== COLON) return false;
      j++;
      while (j < last && isWsByte(b[j]!)) j++;
      let ve = isRes ? this.cachedResourceStartingAt(b, j, last) : isLabels ? this.labels.startingAt(b, j, last) : -1;
      if (ve >= 0) {
        this.skipped += ve - j;
        if (isRes) this.matchedStart = j;
      }
      else {
        ve = b[j] === LBRACE || b[j] === LBRACKET ? skipContainer(b, j, last) : skipValue(b, j, last);
        if (ve < 0) return false;
        if (isLabels) this.labels.add(b, j, ve);
      }
      if (isTs) {
        this.tsStart = j;
        this.tsEnd = ve;
      } else if (isRes) {
        this.resStart = j;
        this.resEnd = ve;
      }
      if (this.tsStart >= 0 && this.resStart >= 0) return true;
      i = ve;
      while (i < last && isWsByte(b[i]!)) i++;
      if (b[i] !== COMMA) return false;
      i++;
    }
  }

  private cachedResourceEndingAt(b: Buffer, valueEnd: number, start: number): number {
    for (const info of this.recent) {
      const s = valueEnd - info.bytes.length;
      if (s > start && sameBytes(b, s, info.bytes)) {
        this.matched = info;
        return s;
      }
    }
    return -1;
  }

  private cachedResourceStartingAt(b: Buffer, s: number, last: number): number {
    for (const info of this.recent) {
      const e = s + info.bytes.length;
      if (e <= last && sameBytes(b, s, info.bytes)) {
        this.matched = info;
        return e;
      }
    }
    return -1;
  }

  private readTimestamp(b: Buffer): boolean {
    // A quoted RFC 3339 value; anything else (the API's {seconds, nanos}) goes to a full parse.
    if (b[this.tsStart] !== QUOTE || b[this.tsEnd - 1] !== QUOTE || this.tsEnd - this.tsStart > 66) return false;
    const us = parseTimestampBytes(b, this.tsStart + 1, this.tsEnd - 1);
    if (us === null) return false;
    this.tsUs = us;
    return true;
  }

  /** Labels of the resource object, cached by its bytes. */
  private readResource(b: Buffer): boolean {
    const i = this.resStart;
    const close = this.resEnd;
    if (b[i] !== LBRACE) return false;
    const m = this.matched;
    if (m && this.matchedStart === i && m.bytes.length === close - i) {
      this.service = m.service;
      this.revision = m.revision;
      return true;
    }
    const len = close - i;
    for (let k = 0; k < this.recent.length; k++) {
      const info = this.recent[k]!;
      if (info.bytes.length === len && b.compare(info.bytes, 0, len, i, close) === 0) {
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
      parsed = JSON.parse(b.toString('utf8', i, close));
    } catch {
      return false;
    }
    if (typeof parsed !== 'object' || parsed === null) return false;
    const labels = (parsed as Record<string, unknown>)['labels'];
    const info: ResourceInfo = {
      bytes: Buffer.from(b.subarray(i, close)),
      service: labelOf(labels, 'service_name'),
      revision: labelOf(labels, 'revision_name'),
    };
    this.recent.unshift(info);
    if (this.recent.length > 8) this.recent.pop();
    this.service = info.service;
    this.revision = info.revision;
    return true;
  }
}
