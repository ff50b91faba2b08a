/**
 * Byte-level JSON helpers for the fast path. They never build values: they find where things
 * end, so that only the entries that matter are handed to JSON.parse. All functions take an
 * exclusive `end` and return -1 when the structure does not close before it (more data needed,
 * or truncated input).
 */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const NL = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const TAB = 0x09;

export function isWs(c: number | undefined): boolean {
  return c === SPACE || c === NL || c === CR || c === TAB;
}

export function skipWs(buf: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = buf[i]!;
    if (c !== SPACE && c !== NL && c !== CR && c !== TAB) break;
    i++;
  }
  return i;
}

/**
 * `buf[q]` is an opening quote; returns the index just past the closing quote. Short strings
 * (keys, ids) are scanned inline; long ones jump with indexOf, which runs at memchr speed.
 */
export function skipString(buf: Buffer, q: number, end: number): number {
  let i = q + 1;
  const inlineEnd = Math.min(end, i + 24);
  while (i < inlineEnd) {
    const c = buf[i]!;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      i += 2;
      continue;
    }
    i++;
  }
  if (i >= end) return -1;
  for (;;) {
    const j = buf.indexOf(QUOTE, i);
    if (j < 0 || j >= end) return -1;
    let k = j - 1;
    let n = 0;
    while (k > q && buf[k] === BACKSLASH) {
      n++;
      k--;
    }
    if ((n & 1) === 0) return j + 1;
    i = j + 1;
  }
}

/**
 * `buf[pos]` is `{` or `[`; returns the index just past its matching close, or -1.
 * A mismatched close (`{ ]`) is reported as -2 so the caller can name the input broken.
 */
export function skipContainer(buf: Buffer, pos: number, end: number): number {
  let depth = 0;
  let i = pos;
  while (i < end) {
    const c = buf[i]!;
    if (c === QUOTE) {
      i = skipString(buf, i, end);
      if (i < 0) return -1;
      continue;
    }
    if (c === LBRACE || c === LBRACKET) depth++;
    else if (c === RBRACE || c === RBRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

/** Index just past the JSON value starting at `i` (after whitespace), or -1. */
export function skipValue(buf: Buffer, i: number, end: number): number {
  if (i >= end) return -1;
  const c = buf[i]!;
  if (c === QUOTE) return skipString(buf, i, end);
  if (c === LBRACE || c === LBRACKET) return skipContainer(buf, i, end);
  // number, true, false, null: runs until a delimiter
  let j = i;
  while (j < end) {
    const d = buf[j]!;
    if (d === COMMA || d === RBRACE || d === RBRACKET || isWs(d)) return j;
    j++;
  }
  return -1;
}

function isAlnum(c: number | undefined): boolean {
  if (c === undefined) return false;
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * True when the literal at [at, at+len) does not touch a letter or digit. A JSON escape just
 * before it (`\n403`, `\t403`) counts as a boundary: decoded, that is a newline or a tab.
 */
export function isWholeWordAt(buf: Uint8Array, at: number, len: number, start: number, end: number): boolean {
  const before = at > start ? buf[at - 1] : undefined;
  if (isAlnum(before)) {
    const esc = at - 2 >= start ? buf[at - 2] : undefined;
    if (!(esc === BACKSLASH && (before === 0x6e || before === 0x74 || before === 0x72))) return false;
  }
  const after = at + len < end ? buf[at + len] : undefined;
  return !isAlnum(after);
}
