import { open } from 'node:fs/promises';
import { LBRACE, LBRACKET, NL, skipWs } from './jsonBytes.js';

/**
 * Where a large export can be cut so that parts are read independently and give exactly what
 * one sequential read gives: only at entry boundaries that cannot be anything else.
 * - JSON Lines: every newline ends an entry (JSON strings hold no raw newline).
 * - A pretty-printed top-level array: `},` closing a line at the entries' indentation,
 *   followed by a line opening `{` at that indentation, is a boundary between two entries.
 * Any other layout (compact arrays, wrappers, text, gzip) is read in one piece.
 */
export type Layout = { kind: 'jsonl' } | { kind: 'array'; indent: string };

export interface Part {
  start: number;
  end: number;
  /** The part begins inside the top-level array (every part of an array but the first). */
  inList: boolean;
  first: boolean;
  last: boolean;
}

const PROBE = 1 << 20;

/** [start, end) is blank, or one `{…}` on its own line (whitespace and a CR allowed around it). */
function isRecordLine(b: Buffer, start: number, end: number): boolean {
  let i = start;
  while (i < end && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0d)) i++;
  if (i === end) return true;
  let last = end - 1;
  while (last > i && (b[last] === 0x0d || b[last] === 0x20 || b[last] === 0x09)) last--;
  return b[i] === LBRACE && b[last] === 0x7d;
}

/** The layout seen at the start of the file, if it is one that can be split. */
export function layoutOf(head: Buffer): Layout | null {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  i = skipWs(head, i, head.length);
  if (head[i] === LBRACE) {
    // JSON Lines when every whole line in the head is one object on its own line (a file of
    // pretty-printed objects, or one that mixes both, is read in one piece).
    let lines = 0;
    for (let start = i; ; ) {
      const nl = head.indexOf(NL, start);
      if (nl < 0) break;
      if (!isRecordLine(head, start, nl)) return null;
      lines++;
      start = nl + 1;
    }
    return lines > 0 ? { kind: 'jsonl' } : null;
  }
  if (head[i] !== LBRACKET) return null;
  // `[` then a newline, then `<indent>{` then a newline: gcloud's layout (any indent).
  let j = i + 1;
  while (head[j] === 0x20 || head[j] === 0x09 || head[j] === 0x0d) j++;
  if (head[j] !== NL) return null;
  const ls = j + 1;
  let k = ls;
  while (head[k] === 0x20 || head[k] === 0x09) k++;
  if (head[k] !== LBRACE || k === ls) return null;
  let m = k + 1;
  while (head[m] === 0x20 || head[m] === 0x09 || head[m] === 0x0d) m++;
  if (head[m] !== NL) return null;
  return { kind: 'array', indent: head.toString('latin1', ls, k) };
}

async function readAt(path: string, pos: number, len: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(len);
    const { bytesRead } = await fh.read(buf, 0, len, pos);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The first boundary at or after `target`, as the offset where the next part starts; -1 if none near. */
async function boundaryAfter(path: string, layout: Layout, target: number): Promise<number> {
  const probe = await readAt(path, target, PROBE);
  if (layout.kind === 'jsonl') {
    // The first newline after which a whole line is an object on its own.
    for (let nl = probe.indexOf(NL); nl >= 0; nl = probe.indexOf(NL, nl + 1)) {
      const next = probe.indexOf(NL, nl + 1);
      if (next < 0) return -1;
      if (isRecordLine(probe, nl + 1, next)) return target + nl + 1;
    }
    return -1;
  }
  // A line `<indent>},` then a line `<indent>{`: the next part starts at that line end, so it
  // begins inside the array just before an entry, and the previous part ends after the comma.
  for (const eol of ['\n', '\r\n']) {
    const sep = Buffer.from(`\n${layout.indent}},${eol}${layout.indent}{`, 'latin1');
    const at = probe.indexOf(sep);
    if (at >= 0) return target + at + 1 + layout.indent.length + 2;
  }
  return -1;
}

/**
 * Cuts the file into `n` parts at boundaries near equal sizes, or returns null when it cannot
 * (then it is read sequentially). Parts are contiguous and cover the whole file.
 */
export async function planParts(path: string, size: number, n: number): Promise<{ layout: Layout; parts: Part[] } | null> {
  if (n < 2) return null;
  const layout = layoutOf(await readAt(path, 0, 64 * 1024));
  if (!layout) return null;
  const cuts: number[] = [0];
  for (let k = 1; k < n; k++) {
    const b = await boundaryAfter(path, layout, Math.floor((size * k) / n));
    if (b <= cuts[cuts.length - 1]! || b >= size) return null;
    cuts.push(b);
  }
  cuts.push(size);
  const parts: Part[] = [];
  for (let k = 0; k < n; k++) {
    parts.push({ start: cuts[k]!, end: cuts[k + 1]!, inList: layout.kind === 'array' && k > 0, first: k === 0, last: k === n - 1 });
  }
  return { layout, parts };
}
