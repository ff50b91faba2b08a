import { BACKSLASH, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from './jsonBytes.js';

/**
 * Backward counterparts of jsonBytes: walking an entry from its closing brace. Inside a JSON
 * string every quote is escaped, so the first quote met going back that is preceded by an
 * even number of backslashes is the string's opening quote.
 */

/** Opening quote of the string whose closing quote is at `q`, not before `lo`; -1 if none. */
export function stringStartBack(b: Buffer, q: number, lo: number): number {
  let i = q - 1;
  for (;;) {
    let p = -1;
    // Most strings are short: a plain loop beats a native call here.
    const stop = Math.max(lo, i - 256);
    for (let k = i; k >= stop; k--) {
      if (b[k] === QUOTE) {
        p = k;
        break;
      }
    }
    if (p < 0) {
      if (stop <= lo) return -1;
      p = b.lastIndexOf(QUOTE, stop - 1);
      if (p < lo) return -1;
    }
    let n = 0;
    let k = p - 1;
    while (k >= lo && b[k] === BACKSLASH) {
      n++;
      k--;
    }
    if ((n & 1) === 0) return p;
    i = p - 1;
  }
}

/** Opening bracket of the container whose closing bracket is at `q`; -1 if none. */
export function containerStartBack(b: Buffer, q: number, lo: number): number {
  let depth = 0;
  let i = q;
  while (i >= lo) {
    const c = b[i]!;
    if (c === QUOTE) {
      i = stringStartBack(b, i, lo);
      if (i < 0) return -1;
      i--;
      continue;
    }
    if (c === RBRACE || c === RBRACKET) depth++;
    else if (c === LBRACE || c === LBRACKET) {
      depth--;
      if (depth === 0) return i;
    }
    i--;
  }
  return -1;
}
