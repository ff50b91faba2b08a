import type { EntrySource, Format } from '../model/index.js';
import type { ByteWindow } from './byteWindow.js';
import { ContainerSkipper } from './containerSkipper.js';
import { JsonFramer, type FrameHandler } from './jsonFramer.js';
import { isWs } from './jsonBytes.js';
import { NeedleScanner } from './needleScan.js';
import { normalizeEntry } from './normalize.js';
import type { ReportBuilder } from './reportBuilder.js';
import { reportNotes } from './reportNotes.js';
import type { EntrySink, ReadOptions } from './sink.js';
import { EntrySkimmer } from './skim.js';

/**
 * The JSON families (gcloud arrays, JSON Lines, wrappers). Entries without a needle are only
 * skimmed for time and service; the others are parsed, normalized and handed on in full.
 */
/**
 * JSON.parse's reason without the piece of input V8 quotes in some messages
 * (`Unexpected token 'x', "…token=eyJ…" is not valid JSON`): that text may hold a secret, and
 * diagnostics must never print one. The position it gives is kept.
 */
export function jsonErrorText(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.replace(/,\s*(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, ' (not valid JSON)');
}

export interface JsonReadEnd {
  format: Format;
  /** Newlines met between entries (JSON Lines: lines read), and whether line numbers held. */
  lines: number;
  linesExact: boolean;
  /** The read ended between two entries, nothing half-read (what a part of a split file must do). */
  cleanEnd: boolean;
  /** Records framed (entries, and records that turned out bad): entry indexes ran 0..records-1. */
  records: number;
}

export async function readJson(
  name: string,
  win: ByteWindow,
  opts: ReadOptions,
  rb: ReportBuilder,
  sink: EntrySink,
  part?: { inList: boolean; partial: boolean },
): Promise<JsonReadEnd> {
  const scanner = new NeedleScanner(opts.needles);
  const fullParse = opts.fullParse === true || scanner.empty;
  const skimmer = new EntrySkimmer();
  let index = 0;

  const handler: FrameHandler = {
    record(view, start, end, line) {
      const at = index++;
      if (!fullParse && !scanner.hit(view, start, end) && skimmer.skim(view, start, end)) {
        rb.entry(skimmer.tsUs);
        sink.summary(skimmer.tsUs, skimmer.service, skimmer.revision);
        return;
      }
      const source: EntrySource = { name, index: at, offset: win.base + start };
      if (line !== undefined) source.line = line;
      let raw: unknown;
      try {
        raw = JSON.parse(view.toString('utf8', start, end));
      } catch (err) {
        rb.bad({ index: source.index, offset: source.offset, line, message: `invalid JSON: ${jsonErrorText(err)}` });
        return;
      }
      const r = normalizeEntry(raw, source);
      if (!r.ok) {
        rb.bad({ index: source.index, offset: source.offset, line, message: r.error });
        return;
      }
      const e = r.entry;
      rb.entry(e.timestampUs);
      sink.summary(e.timestampUs, e.resource.labels['service_name'] || null, e.resource.labels['revision_name'] || null);
      sink.entry(e);
    },
    bad(at, message, line) {
      rb.bad(line === undefined ? { offset: win.base + at, message } : { offset: win.base + at, line, message });
    },
  };

  const framer = new JsonFramer(handler, part ?? {});
  let pos = 0;
  let cleanEnd = false;
  let skipper: ContainerSkipper | null = null;
  for (;;) {
    const view = win.view();
    scanner.reset(view);
    if (skipper) {
      const e = skipper.feed(view, pos, win.len);
      if (e >= 0) {
        skipper = null;
        pos = e;
      } else pos = win.len;
    }
    if (!skipper) pos = framer.process(view, pos, win.len, win.eof);
    if (win.eof) {
      if (skipper) rb.markIncomplete('input ends inside an oversized entry');
      else {
        cleanEnd = framer.endedBetweenEntries(view, pos, win.len);
        framer.finish(view, pos, win.len);
      }
      break;
    }
    const keep = skipper ? pos : framer.keepFrom(pos);
    if (keep > 0) {
      win.discard(keep);
      pos -= keep;
      if (!skipper) framer.rebase(keep);
    } else if (win.full && !win.grow()) {
      // One entry larger than any real Cloud Logging entry: count it and step over it.
      framer.decideWrappers();
      let at = pos;
      while (at < win.len && isWs(view[at])) at++;
      handler.bad(at, `entry larger than ${win.maxCap >> 20} MiB (Cloud Logging entries are at most 256 KiB); skipped`);
      skipper = new ContainerSkipper();
      pos = at;
      continue;
    }
    opts.onProgress?.(win.base + win.len);
    await win.fill();
  }
  const format = framer.format ?? 'gcloud-array';
  if (framer.incompleteReason) rb.markIncomplete(framer.incompleteReason);
  // A part's notes would speak of the part; the caller judges the whole file.
  if (!part) {
    for (const n of reportNotes(format, rb.entries, framer.meta)) {
      rb.notes.push(n.text);
      if (n.incomplete) rb.markIncomplete(n.text);
    }
  }
  return { format, lines: framer.linesSeen, linesExact: framer.linesAreExact, cleanEnd, records: index };
}
