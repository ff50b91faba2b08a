import type { LogEntry } from '../src/model/index.js';

function field(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null && !Array.isArray(obj) ? (obj as Record<string, unknown>)[key] : undefined;
}

/**
 * The texts of an entry that parsers examine (LOG-FORMATS §6), as paths in Cloud Logging's query
 * language. One list for both places that must agree: `entryTexts` reads them from an entry, and
 * `pull` looks for the needles in them server-side — a field missing from either would lose findings.
 * Never `raw_payload` (a truncated repr of the same text), labels, ids or timestamps: those are
 * where the decoys of §5 live. `error.message` is `"Missing field"` on every shape-A entry; it
 * matches nothing, so it is examined like any other text rather than special-cased.
 */
export const EXAMINED_TEXT_PATHS = [
  'jsonPayload.message',
  'jsonPayload.textPayload',
  'textPayload',
  'jsonPayload.error.value',
  'jsonPayload.error.message',
] as const;

const EXAMINED = EXAMINED_TEXT_PATHS.map((p) => p.split('.'));

/** The examined texts of an entry, deduplicated: shape A carries its message twice. */
export function entryTexts(entry: LogEntry): string[] {
  const out: string[] = [];
  for (const path of EXAMINED) {
    let v: unknown = entry;
    for (const key of path) v = field(v, key);
    if (typeof v === 'string' && v.length > 0 && !out.includes(v)) out.push(v);
  }
  return out;
}

// Shape-B messages have their newlines escaped to the two characters `\n` (LOG-FORMATS §1.2), so a
// traceback pasted into one is still one physical line; split on both.
const LINE_BREAK = /\r\n|\r|\n|\\n/;
// `File "/app/x.py", line 737, in f` — optionally under an ExceptionGroup's `|` gutter.
const FRAME_LINE = /^([ \t|]*)File "[^"\n]*", line \d+/;
const GUTTER = /^[ \t|]*/;

/**
 * The lines of a text that may carry a finding. A Python traceback quotes the source line under
 * each `File "…", line N` frame (and, on 3.11+, caret lines under it): that is code, not an event
 * (`close(code=1011, …)`), so every line indented deeper than its frame line is dropped. The
 * exception line at the bottom (`ConnectionClosedError: received 1011 …`) is not indented and stays.
 */
export function examinedLines(text: string): string[] {
  const lines = text.split(LINE_BREAK);
  if (!text.includes('File "')) return lines;
  const out: string[] = [];
  let frameIndent = -1;
  for (const line of lines) {
    const frame = FRAME_LINE.exec(line);
    if (frame) {
      frameIndent = (frame[1] ?? '').length;
      out.push(line);
      continue;
    }
    if (frameIndent >= 0) {
      const indent = (GUTTER.exec(line)?.[0] ?? '').length;
      if (indent > frameIndent && line.trim() !== '') continue;
      frameIndent = -1;
    }
    out.push(line);
  }
  return out;
}
