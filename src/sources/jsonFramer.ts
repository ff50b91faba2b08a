import type { Format } from '../model/index.js';
import { ENTRY_EXTRAS, ENTRY_MARKERS } from './normalize.js';
import {
  COLON,
  COMMA,
  CR,
  LBRACE,
  LBRACKET,
  NL,
  QUOTE,
  RBRACE,
  RBRACKET,
  SPACE,
  TAB,
  skipContainer,
  skipString,
  skipValue,
  skipWs,
} from './jsonBytes.js';

/** Receives what the framer finds. Positions are indexes into the current view. */
export interface FrameHandler {
  record(view: Buffer, start: number, end: number, line: number | undefined): void;
  bad(at: number, message: string, line?: number): void;
}

/** Keys that make a top-level object a log entry rather than an export wrapper. */
const ENTRY_KEYS = new Set([...ENTRY_MARKERS, ...ENTRY_EXTRAS]);

/** Members of a wrapper object that hold lists of entries. */
const LIST_KEYS = new Set(['raw_logs', 'entries', 'logs']);
const BY_SEVERITY_KEY = 'logs_by_severity';
/** Wrapper members kept (parsed) for completeness checks and notes; other values are skipped. */
const META_LIMIT = 1 << 20;

type Frame =
  | { t: 'top' }
  | { t: 'list'; group: string | null; start: number }
  | { t: 'wrapper'; start: number; decided: boolean; keys: string[] }
  | { t: 'severities' };

export interface WrapperMeta {
  /** Small members of the wrapper object, parsed (e.g. total_logs, summary, nextPageToken). */
  values: Record<string, unknown>;
  /** Entries found per logs_by_severity group, or under `*` for plain lists. */
  groupCounts: Record<string, number>;
  /** Numbers given per severity in the wrapper (`logs_by_severity: {ERROR: 50}`), if any. */
  declaredCounts: Record<string, number>;
}

/**
 * Splits a JSON export into entry records without parsing them: a top-level array of entries
 * (gcloud), a stream of top-level objects (JSON Lines, `jq .` output), or a wrapper object
 * holding lists (`raw_logs`, `entries`, `logs_by_severity: {SEV: [...]}`), in any layout.
 *
 * It works in steps over a window of bytes; a step either completes or waits for more input
 * without changing state, so records may span reads. Pretty-printed records are delimited
 * with one memmem search for the closing brace at their own indentation (JSON strings cannot
 * hold a raw newline, so that line is the record's end); JSON Lines by the line end; anything
 * else by a string-aware bracket walk.
 */
export class JsonFramer {
  format: Format | null = null;
  readonly meta: WrapperMeta = { values: {}, groupCounts: {}, declaredCounts: {} };
  /** Set when the input stops inside a list or wrapper, or with a cut record. */
  incompleteReason: string | null = null;

  private stack: Frame[] = [{ t: 'top' }];
  private line = 1;
  private linesExact = true;
  /** Where the current line began, relative to the view (-1: before the view). */
  private lineStartAt = 0;
  private atFileStart = true;
  private eof = false;
  private lastClose: Buffer = Buffer.from('\n}');
  /** First keys of recent top-level objects and whether they make it an entry (JSON Lines repeat a few). */
  private readonly firstKeys: { bytes: Buffer; entry: boolean }[] = [];

  /**
   * `inList`: the bytes begin inside a top-level list of entries (a later part of a split file).
   * `partial`: the bytes may end inside that list (an earlier part): not a truncation.
   */
  constructor(
    private readonly handler: FrameHandler,
    private readonly part: { inList?: boolean; partial?: boolean } = {},
  ) {
    if (part.inList) {
      this.stack.push({ t: 'list', group: null, start: 0 });
      this.format = 'gcloud-array';
      this.atFileStart = false;
    }
  }

  /** Newlines met so far between entries. */
  get linesSeen(): number {
    return this.line - 1;
  }

  get linesAreExact(): boolean {
    return this.linesExact;
  }

  /** True when the read stopped between entries, nothing half-read (what a part must end with). */
  endedBetweenEntries(view: Buffer, pos: number, end: number): boolean {
    return skipWs(view, pos, end) >= end;
  }

  /**
   * Whether the quoted key at [k, ke) names a log-entry member. JSON Lines repeat a few first
   * keys, so recent answers are reused when the bytes are the same.
   */
  private isEntryKey(view: Buffer, k: number, ke: number): boolean {
    for (const known of this.firstKeys) {
      const bytes = known.bytes;
      if (bytes.length !== ke - k) continue;
      let same = true;
      for (let x = 0; x < bytes.length; x++) {
        if (bytes[x] !== view[k + x]) {
          same = false;
          break;
        }
      }
      if (same) return known.entry;
    }
    const entry = ENTRY_KEYS.has(view.toString('utf8', k + 1, ke - 1));
    this.firstKeys.unshift({ bytes: Buffer.from(view.subarray(k, ke)), entry });
    if (this.firstKeys.length > 4) this.firstKeys.pop();
    return entry;
  }

  /**
   * Earliest view position still needed: the start of a wrapper not yet known to be one, and
   * the start of the current line (its indentation tells how the next record is laid out).
   */
  keepFrom(pos: number): number {
    let keep = this.lineStartAt >= 0 && this.lineStartAt <= pos ? this.lineStartAt : pos;
    for (const f of this.stack) if (f.t === 'wrapper' && !f.decided) keep = Math.min(keep, f.start);
    return keep;
  }

  /** The window moved its bytes `shift` positions to the left. */
  rebase(shift: number): void {
    for (const f of this.stack) if (f.t === 'wrapper' || f.t === 'list') f.start -= shift;
    this.lineStartAt = this.lineStartAt >= shift ? this.lineStartAt - shift : -1;
  }

  /** Forces an undecided wrapper to be taken as one (its prefix grew too large to keep). */
  decideWrappers(): void {
    for (const f of this.stack) if (f.t === 'wrapper') f.decided = true;
  }

  /** Consumes complete steps from `pos`; returns the position to resume from. */
  process(view: Buffer, pos: number, end: number, eof: boolean): number {
    this.eof = eof;
    if (this.atFileStart) {
      if (end - pos < 3 && !eof) return pos;
      if (view[pos] === 0xef && view[pos + 1] === 0xbb && view[pos + 2] === 0xbf) pos += 3;
      this.atFileStart = false;
    }
    for (;;) {
      const f = this.stack[this.stack.length - 1]!;
      let next: number;
      switch (f.t) {
        case 'top':
          next = this.stepTop(view, pos, end);
          break;
        case 'list':
          next = this.stepList(view, pos, end, f);
          break;
        case 'wrapper':
          next = this.stepWrapper(view, pos, end, f);
          break;
        case 'severities':
          next = this.stepSeverities(view, pos, end);
          break;
      }
      if (next === pos) return pos;
      pos = next;
    }
  }

  /** Called once at the end of input with what could not be consumed. */
  finish(view: Buffer, pos: number, end: number): void {
    const rest = skipWs(view, pos, end);
    if (rest < end) {
      const what = view[rest] === LBRACE ? 'a cut entry' : 'unparseable data';
      this.handler.bad(rest, `input ends inside ${what} (${end - rest} bytes from here to the end)`, this.lineIfExact());
      this.incompleteReason ??= `input ends inside ${what}`;
    }
    const open = this.stack.slice(1);
    const partialList = this.part.partial === true && open.length === 1 && open[0]!.t === 'list';
    if (open.length > 0 && !partialList) {
      const inner = open[open.length - 1]!;
      const what =
        inner.t === 'list' ? `the list of entries${inner.group ? ` "${inner.group}"` : ''}` : inner.t === 'wrapper' ? 'the wrapper object' : 'logs_by_severity';
      this.incompleteReason ??= `input ends before ${what} is closed (truncated export?)`;
    }
    const token = this.meta.values['nextPageToken'];
    if (typeof token === 'string' && token.length > 0) {
      this.incompleteReason ??= 'the export carries a nextPageToken: more entries exist than it holds';
    }
  }

  private lineIfExact(): number | undefined {
    return this.linesExact ? this.line : undefined;
  }

  /** Skips whitespace counting lines; returns [position, indent before it or null]. */
  private skipWsTracking(view: Buffer, pos: number, end: number): number {
    let i = pos;
    while (i < end) {
      const c = view[i]!;
      if (c === NL) {
        this.line++;
        this.lineStartAt = i + 1;
      } else if (c !== SPACE && c !== TAB && c !== CR) break;
      i++;
    }
    return i;
  }

  /**
   * `\n` + the indentation of the token at `i` + `}`: the line that closes a record opened at
   * `i`, when only whitespace precedes `i` on its line; else null. Cached by bytes: every record
   * of an export shares its indentation.
   */
  private closeLineFor(view: Buffer, i: number): Buffer | null {
    const ls = this.lineStartAt;
    if (ls < 0 || ls > i) return null;
    for (let k = ls; k < i; k++) {
      const c = view[k];
      if (c !== SPACE && c !== TAB) return null;
    }
    const p = this.lastClose;
    const n = i - ls;
    if (p.length === n + 2) {
      let same = true;
      for (let k = 0; k < n; k++) {
        if (p[k + 1] !== view[ls + k]) {
          same = false;
          break;
        }
      }
      if (same) return p;
    }
    this.lastClose = Buffer.concat([Buffer.from('\n'), view.subarray(ls, i), Buffer.from('}')]);
    return this.lastClose;
  }

  /** End (exclusive) of the object record starting at `i`, or -1 when more input is needed. */
  private recordEnd(view: Buffer, i: number, end: number, topLevel: boolean): number {
    const close = this.closeLineFor(view, i);
    let j = i + 1;
    while (j < end && (view[j] === SPACE || view[j] === TAB || view[j] === CR)) j++;
    if (j >= end) return -1;
    if (close !== null && view[j] === NL) {
      const q = view.indexOf(close, j);
      if (q < 0 || q + close.length > end) return -1;
      this.linesExact = false;
      return q + close.length;
    }
    if (topLevel && close !== null) {
      // JSON Lines: the record is its line. A line that does not close is one bad record,
      // never a reason to swallow the lines after it.
      let nl = view.indexOf(NL, i);
      if (nl < 0 || nl >= end) {
        if (!this.eof) return -1;
        nl = end;
      }
      let last = nl - 1;
      while (last > i && (view[last] === CR || view[last] === SPACE || view[last] === TAB)) last--;
      if (view[last] === RBRACE) return last + 1;
      const e = skipContainer(view, i, nl);
      return e > 0 ? e : -(nl + 2); // encoded "bad line ending at nl"
    }
    return skipContainer(view, i, end);
  }

  private emitRecord(view: Buffer, i: number, end: number, topLevel: boolean): number {
    const e = this.recordEnd(view, i, end, topLevel);
    if (e === -1) return i;
    if (e < -1) {
      const nl = -e - 2;
      this.handler.bad(i, 'line is not a complete JSON object (cut or broken)', this.lineIfExact());
      return nl;
    }
    if (topLevel && this.format === null) {
      const nl = view.indexOf(NL, i);
      this.format = this.linesExact && (nl < 0 || nl >= e) ? 'jsonl' : 'json-stream';
    }
    this.handler.record(view, i, e, this.lineIfExact());
    return e;
  }

  private stepTop(view: Buffer, pos: number, end: number): number {
    const i = this.skipWsTracking(view, pos, end);
    if (i >= end) return i;
    const c = view[i]!;
    if (c === LBRACKET) {
      this.format ??= 'gcloud-array';
      this.stack.push({ t: 'list', group: null, start: i });
      return i + 1;
    }
    if (c === LBRACE) {
      const k = skipWs(view, i + 1, end);
      if (k >= end) return i === pos ? pos : i;
      if (view[k] === RBRACE) {
        this.handler.bad(i, 'empty object {} is not a log entry', this.lineIfExact());
        return k + 1;
      }
      if (view[k] === QUOTE) {
        const ke = skipString(view, k, end);
        if (ke < 0) return i === pos ? pos : i;
        if (!this.isEntryKey(view, k, ke)) {
          const key = view.toString('utf8', k + 1, ke - 1);
          this.stack.push({ t: 'wrapper', start: i, decided: LIST_KEYS.has(key) || key === BY_SEVERITY_KEY, keys: [] });
          return i + 1;
        }
      }
      return this.emitRecord(view, i, end, true);
    }
    // Not JSON here: report the rest of the line once and go on after it.
    let nl = view.indexOf(NL, i);
    if (nl < 0 || nl >= end) {
      if (!this.eof) return i === pos ? pos : i;
      nl = end;
    }
    this.handler.bad(i, `unexpected ${describeByte(c)} where a JSON value should start`, this.lineIfExact());
    return nl;
  }

  private stepList(view: Buffer, pos: number, end: number, f: { t: 'list'; group: string | null }): number {
    const i = this.skipWsTracking(view, pos, end);
    if (i >= end) return i;
    const c = view[i]!;
    if (c === RBRACKET) {
      this.stack.pop();
      return i + 1;
    }
    if (c === COMMA) return i + 1;
    if (c === LBRACE) {
      const next = this.emitRecord(view, i, end, false);
      if (next !== i) {
        const g = f.group ?? '*';
        this.meta.groupCounts[g] = (this.meta.groupCounts[g] ?? 0) + 1;
      }
      return next === i ? (i === pos ? pos : i) : next;
    }
    const v = skipValue(view, i, end);
    if (v < 0) return i === pos ? pos : i;
    if (v === i) {
      // A stray delimiter (`}` or `:`): skip it so the walk can go on, and say so.
      this.handler.bad(i, `unexpected ${describeByte(c)} in a list of entries`, this.lineIfExact());
      return i + 1;
    }
    this.handler.bad(i, 'list element is not a JSON object', this.lineIfExact());
    return v;
  }

  private stepWrapper(view: Buffer, pos: number, end: number, f: Extract<Frame, { t: 'wrapper' }>): number {
    const i = this.skipWsTracking(view, pos, end);
    if (i >= end) return i;
    const c = view[i]!;
    if (c === RBRACE) {
      this.stack.pop();
      if (!f.decided) {
        this.handler.bad(
          f.start,
          `object is neither a log entry nor a known export wrapper (keys: ${f.keys.slice(0, 6).join(', ') || 'none'})`,
          this.lineIfExact(),
        );
      }
      return i + 1;
    }
    if (c === COMMA) return i + 1;
    if (c !== QUOTE) {
      this.handler.bad(i, `unexpected ${describeByte(c)} in an export wrapper object`, this.lineIfExact());
      this.incompleteReason ??= 'the export wrapper object is malformed';
      return end; // nothing after a broken wrapper can be trusted to be framed right
    }
    const ke = skipString(view, i, end);
    if (ke < 0) return i === pos ? pos : i;
    const key = parseKey(view, i, ke);
    const colon = skipWs(view, ke, end);
    if (colon >= end) return i === pos ? pos : i;
    if (view[colon] !== COLON) {
      this.handler.bad(colon, `expected ':' after key "${key}"`, this.lineIfExact());
      this.incompleteReason ??= 'the export wrapper object is malformed';
      return end;
    }
    const v = skipWs(view, colon + 1, end);
    if (v >= end) return i === pos ? pos : i;
    if (!f.decided && ENTRY_KEYS.has(key)) {
      // The object had an unusual first key but is an entry after all: frame it whole.
      this.stack.pop();
      const next = this.emitRecord(view, f.start, end, true);
      if (next === f.start) {
        this.stack.push(f);
        return i === pos ? pos : i;
      }
      return next;
    }
    f.keys.push(key);
    if (LIST_KEYS.has(key) && view[v] === LBRACKET) {
      f.decided = true;
      this.format = key === 'raw_logs' ? 'wrapper-raw-logs' : 'wrapper-entries';
      this.stack.push({ t: 'list', group: null, start: v });
      return v + 1;
    }
    if (key === BY_SEVERITY_KEY && view[v] === LBRACE) {
      f.decided = true;
      this.stack.push({ t: 'severities' });
      return v + 1;
    }
    const ve = skipValue(view, v, end);
    if (ve < 0) return i === pos ? pos : i;
    if (ve - v <= META_LIMIT) {
      try {
        this.meta.values[key] = JSON.parse(view.toString('utf8', v, ve));
      } catch {
        this.handler.bad(v, `wrapper member "${key}" is not valid JSON`, this.lineIfExact());
      }
    }
    return ve;
  }

  private stepSeverities(view: Buffer, pos: number, end: number): number {
    const i = this.skipWsTracking(view, pos, end);
    if (i >= end) return i;
    const c = view[i]!;
    if (c === RBRACE) {
      this.stack.pop();
      return i + 1;
    }
    if (c === COMMA) return i + 1;
    if (c !== QUOTE) {
      this.handler.bad(i, `unexpected ${describeByte(c)} in logs_by_severity`, this.lineIfExact());
      this.incompleteReason ??= 'logs_by_severity is malformed';
      return end;
    }
    const ke = skipString(view, i, end);
    if (ke < 0) return i === pos ? pos : i;
    const key = parseKey(view, i, ke);
    const colon = skipWs(view, ke, end);
    if (colon >= end) return i === pos ? pos : i;
    const v = skipWs(view, colon + 1, end);
    if (v >= end) return i === pos ? pos : i;
    if (view[v] === LBRACKET) {
      if (this.format !== 'wrapper-raw-logs') this.format = 'wrapper-by-severity';
      this.meta.groupCounts[key] ??= 0;
      this.stack.push({ t: 'list', group: key, start: v });
      return v + 1;
    }
    const ve = skipValue(view, v, end);
    if (ve < 0) return i === pos ? pos : i;
    const n = Number(view.toString('latin1', v, ve));
    if (Number.isFinite(n)) this.meta.declaredCounts[key] = n;
    return ve;
  }
}

function parseKey(view: Buffer, q: number, end: number): string {
  try {
    return JSON.parse(view.toString('utf8', q, end)) as string;
  } catch {
    return view.toString('utf8', q + 1, end - 1);
  }
}

function describeByte(c: number): string {
  if (c >= 0x21 && c <= 0x7e) return `'${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}
