import { LBRACE, LBRACKET, RBRACKET, skipWs } from './jsonBytes.js';

export type Detected = 'json' | 'text' | 'empty' | 'binary';

/** How much of the input detection looks at. */
export const DETECT_BYTES = 64 * 1024;

/**
 * Tells the family of an input from its first bytes, never from its name. A gunicorn line
 * starts with `[` too (`[2025-09-07 13:34:00 +0000] …`), so `[` is JSON only when an entry,
 * a list or `]` follows it.
 */
export function detect(head: Buffer, eof: boolean): Detected {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  i = skipWs(head, i, head.length);
  if (i >= head.length) return 'empty';
  const c = head[i];
  if (c === LBRACE) return 'json';
  if (c === LBRACKET) {
    const j = skipWs(head, i + 1, head.length);
    if (j >= head.length && !eof) return 'json';
    const d = head[j];
    if (d === LBRACE || d === RBRACKET || d === LBRACKET || j >= head.length) return 'json';
  }
  return looksLikeText(head.subarray(i), eof) ? 'text' : 'binary';
}

/** UTF-8 without NUL bytes and with few control characters other than tab/CR/LF/ESC (ANSI colours). */
function looksLikeText(sample: Buffer, eof: boolean): boolean {
  if (sample.includes(0)) return false;
  let bytes = sample;
  if (!eof) {
    // Do not fail on a multi-byte character cut by the sample's end.
    let cut = bytes.length;
    while (cut > 0 && cut > bytes.length - 4 && (bytes[cut - 1]! & 0xc0) === 0x80) cut--;
    if (cut > 0 && bytes[cut - 1]! >= 0xc0) cut--;
    bytes = bytes.subarray(0, cut);
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  let control = 0;
  for (const b of bytes) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x1b) control++;
  return control <= bytes.length / 100;
}
