import type { EntrySource } from '../model/index.js';
import type { ByteWindow } from './byteWindow.js';
import { NL } from './jsonBytes.js';
import { NeedleScanner } from './needleScan.js';
import type { ReportBuilder } from './reportBuilder.js';
import type { EntrySink, ReadOptions } from './sink.js';
import { lineTimestamp, textEntry } from './textLine.js';

/**
 * Plain text logs (container stdout, gunicorn/uvicorn): one entry per line. A line without a
 * time of its own takes the time of the line before it (continuation lines of one message);
 * lines before the first time stay untimed and prove no coverage.
 */
export async function readText(name: string, win: ByteWindow, opts: ReadOptions, rb: ReportBuilder, sink: EntrySink): Promise<void> {
  const scanner = new NeedleScanner(opts.needles);
  const fullParse = opts.fullParse === true || scanner.empty;
  const service = opts.textService ?? null;
  let lineNo = 0;
  let index = 0;
  let lastUs: number | null = null;
  let assumedUtc = 0;
  let inherited = 0;
  let skipping = false;

  const line = (view: Buffer, s: number, e: number): void => {
    lineNo++;
    let end = e;
    if (end > s && view[end - 1] === 0x0d) end--;
    if (end === s) return;
    if (lineNo === 1 && view[s] === 0xef && view[s + 1] === 0xbb && view[s + 2] === 0xbf) s += 3;
    const text = view.toString('utf8', s, end);
    const t = lineTimestamp(text);
    let us: number | null = null;
    if (t) {
      us = lastUs = t.us;
      if (t.assumedUtc) assumedUtc++;
    } else if (lastUs !== null) {
      us = lastUs;
      inherited++;
    }
    const source: EntrySource = { name, index: index++, offset: win.base + s, line: lineNo };
    rb.entry(us);
    sink.summary(us, service, null);
    if (fullParse || scanner.hit(view, s, end)) sink.entry(textEntry(text, us, service, source));
  };

  let pos = 0;
  for (;;) {
    const view = win.view();
    scanner.reset(view);
    for (;;) {
      const nl = view.indexOf(NL, pos);
      if (nl < 0) break;
      if (skipping) {
        skipping = false;
        lineNo++;
      } else line(view, pos, nl);
      pos = nl + 1;
    }
    if (win.eof) {
      if (!skipping && pos < win.len) line(view, pos, win.len);
      break;
    }
    if (pos > 0) {
      win.discard(pos);
      pos = 0;
    } else if (win.full && !win.grow()) {
      if (!skipping) rb.bad({ offset: win.base, line: lineNo + 1, message: `line longer than ${win.maxCap >> 20} MiB; skipped` });
      skipping = true;
      win.discard(win.len);
    }
    opts.onProgress?.(win.base + win.len);
    await win.fill();
  }
  if (assumedUtc > 0) rb.notes.push(`${assumedUtc} lines give a time without a zone: read as UTC (what Cloud Run containers write)`);
  if (inherited > 0) rb.notes.push(`${inherited} lines without a time of their own took the time of the line before`);
}
