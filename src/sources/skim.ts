import { parseTimestampBytes, revisionOf, serviceOf } from '../model/index.js';
import { COLON, COMMA, LBRACE, QUOTE, RBRACE, RBRACKET, isWs, skipString, skipValue } from './jsonBytes.js';
import { containerStartBack, stringStartBack } from './jsonBytesBack.js';
import { resourceOf } from './normalize.js';

const KEY_TIMESTAMP = Buffer.from('timestamp');
const KEY_RESOURCE = Buffer.from('resource');
const KEY_LABELS = Buffer.from('labels');

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
  while (j > start && isWs(b[j])) j--;
  if (b[j] !== COLON) return null;
  j--;
  while (j > start && isWs(b[j])) j--;
  if (b[j] !== QUOTE) return null;
  const ks = stringStartBack(b, j, start);
  return ks > start ? { start: ks, end: j } : null;
}

interface Known<T> {
  readonly bytes: Buffer;
  readonly info: T;
}

/**
 * Member values that repeat byte for byte across entries (the `resource` of a revision, the
 * `labels` of an instance), so a walk steps over them with one comparison instead of bracket
 * matching, and a resource's labels are parsed once.
 */
class KnownValues<T> {
  private items: Known<T>[] = [];
  constructor(private readonly max: number) {}

  add(b: Buffer, s: number, e: number, info: T): void {
    if (e - s < 16 || e - s > 4096) return;
    this.items.unshift({ bytes: Buffer.from(b.subarray(s, e)), info });
    if (this.items.length > this.max) this.items.pop();
  }

  /** The known value ending at `valueEnd` (its start is `valueEnd - bytes.length`), or null. */
  endingAt(b: Buffer, valueEnd: number, start: number): Known<T> | null {
    for (const k of this.items) {
      const s = valueEnd - k.bytes.length;
      if (s > start && sameBytes(b, s, k.bytes)) return k;
    }
    return null;
  }

  /** The known value starting at `s`, or null. */
  startingAt(b: Buffer, s: number, last: number): Known<T> | null {
    for (const k of this.items) if (s + k.bytes.length <= last && sameBytes(b, s, k.bytes)) return k;
    return null;
  }
}

interface ServiceRevision {
  service: string | null;
  revision: string | null;
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
 * Resource and labels objects repeat (a handful per export) and are recognised by their bytes.
 * When the walk cannot finish cleanly, `skim` returns false and the caller parses in full.
 */
export class EntrySkimmer {
  tsUs: number | null = null;
  service: string | null = null;
  revision: string | null = null;

  private readonly resources = new KnownValues<ServiceRevision>(8);
  private readonly labels = new KnownValues<null>(8);
  /** Average bytes walked one by one to meet both keys, per direction (moving averages). */
  private costForward = 1e9;
  private costBackward = 0;
  private count = 0;
  /** Bytes of the last walk stepped over by a known value. */
  private skipped = 0;
  // What the last walk found: value starts and ends, and the resource if it was a known one.
  private tsStart = -1;
  private tsEnd = -1;
  private resStart = -1;
  private resEnd = -1;
  private resource: ServiceRevision | null = null;

  skim(buf: Buffer, start: number, end: number): boolean {
    this.tsUs = null;
    this.service = null;
    this.revision = null;
    this.tsStart = this.resStart = -1;
    this.skipped = 0;
    this.resource = null;
    // Walk from the end that, in this file, has met both keys sooner; now and then try the
    // other end, so a file whose layout changes part-way is followed.
    const forward = (++this.count & 63) === 0 ? this.costForward >= this.costBackward : this.costForward < this.costBackward;
    const ok = forward ? this.walkForward(buf, start, end) : this.walkBackward(buf, start, end);
    if (!ok) return false;
    if (forward) this.costForward += (Math.max(this.tsEnd, this.resEnd) - start - this.skipped - this.costForward) / 8;
    else this.costBackward += (end - Math.min(this.tsStart, this.resStart) - this.skipped - this.costBackward) / 8;
    return this.readTimestamp(buf) && this.readResource(buf);
  }

  /** A value just found under `key`: remember where timestamp and resource are. */
  private found(b: Buffer, ks: number, ke: number, vs: number, ve: number): void {
    if (this.tsStart < 0 && keyIs(b, ks, ke, KEY_TIMESTAMP)) {
      this.tsStart = vs;
      this.tsEnd = ve;
    } else if (this.resStart < 0 && keyIs(b, ks, ke, KEY_RESOURCE)) {
      this.resStart = vs;
      this.resEnd = ve;
    }
  }

  /** Member values from the last to the first, until both keys are met. */
  private walkBackward(b: Buffer, start: number, end: number): boolean {
    let i = end - 2;
    for (;;) {
      while (i > start && isWs(b[i])) i--;
      if (i <= start) return false;
      const valueEnd = i + 1;
      const c = b[i];
      let vs: number;
      let key: { start: number; end: number } | null = null;
      if (c === RBRACE || c === RBRACKET) {
        // A known resource (or labels) object ending here, under that same key, is the value
        // whole; under any other key (or none) the value is walked bracket by bracket.
        const res = this.resources.endingAt(b, valueEnd, start);
        const lab = res ? null : this.labels.endingAt(b, valueEnd, start);
        const known = res ?? lab;
        vs = known ? valueEnd - known.bytes.length : -1;
        if (known) {
          key = keyBefore(b, vs, start);
          if (key && keyIs(b, key.start + 1, key.end, res ? KEY_RESOURCE : KEY_LABELS)) {
            this.skipped += valueEnd - vs;
            if (res) this.resource = res.info;
          } else key = null;
        }
        if (!key) {
          vs = containerStartBack(b, i, start);
          key = vs > start ? keyBefore(b, vs, start) : null;
          if (!key) return false;
          if (keyIs(b, key.start + 1, key.end, KEY_LABELS)) this.labels.add(b, vs, valueEnd, null);
        }
      } else {
        if (c === QUOTE) vs = stringStartBack(b, i, start);
        else {
          vs = i;
          while (vs > start && !isWs(b[vs - 1]) && b[vs - 1] !== COLON) vs--;
        }
        key = vs > start ? keyBefore(b, vs, start) : null;
        if (!key) return false;
      }
      this.found(b, key.start + 1, key.end, vs, valueEnd);
      if (this.tsStart >= 0 && this.resStart >= 0) return true;
      i = key.start - 1;
      while (i > start && isWs(b[i])) i--;
      if (b[i] !== COMMA) return false;
      i--;
    }
  }

  /** Member values from the first to the last, until both keys are met. */
  private walkForward(b: Buffer, start: number, end: number): boolean {
    let i = start + 1;
    const last = end - 1;
    for (;;) {
      while (i < last && isWs(b[i])) i++;
      if (b[i] !== QUOTE) return false;
      const ke = skipString(b, i, last);
      if (ke < 0) return false;
      const isRes = this.resStart < 0 && keyIs(b, i + 1, ke - 1, KEY_RESOURCE);
      const isLabels = !isRes && keyIs(b, i + 1, ke - 1, KEY_LABELS);
      let j = ke;
      while (j < last && isWs(b[j])) j++;
      if (b[j] !== COLON) return false;
      j++;
      while (j < last && isWs(b[j])) j++;
      const known = isRes ? this.resources.startingAt(b, j, last) : isLabels ? this.labels.startingAt(b, j, last) : null;
      let ve: number;
      if (known) {
        ve = j + known.bytes.length;
        this.skipped += ve - j;
        if (isRes) this.resource = (known as Known<ServiceRevision>).info;
      } else {
        ve = skipValue(b, j, last);
        if (ve < 0) return false;
        if (isLabels) this.labels.add(b, j, ve, null);
      }
      this.found(b, i + 1, ke - 1, j, ve);
      if (this.tsStart >= 0 && this.resStart >= 0) return true;
      i = ve;
      while (i < last && isWs(b[i])) i++;
      if (b[i] !== COMMA) return false;
      i++;
    }
  }

  private readTimestamp(b: Buffer): boolean {
    // A quoted RFC 3339 value; anything else (the API's {seconds, nanos}) goes to a full parse.
    if (b[this.tsStart] !== QUOTE || b[this.tsEnd - 1] !== QUOTE || this.tsEnd - this.tsStart > 66) return false;
    const us = parseTimestampBytes(b, this.tsStart + 1, this.tsEnd - 1);
    if (us === null) return false;
    this.tsUs = us;
    return true;
  }

  /**
   * Service and revision of the resource object. A known one was recognised by the walk at this
   * very position; an unknown one is parsed once — as the full parse would read it — and kept.
   */
  private readResource(b: Buffer): boolean {
    if (b[this.resStart] !== LBRACE) return false;
    let sr = this.resource;
    if (!sr) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(b.toString('utf8', this.resStart, this.resEnd));
      } catch {
        return false;
      }
      const resource = resourceOf(parsed);
      sr = { service: serviceOf({ resource }), revision: revisionOf({ resource }) };
      this.resources.add(b, this.resStart, this.resEnd, sr);
    }
    this.service = sr.service;
    this.revision = sr.revision;
    return true;
  }
}
