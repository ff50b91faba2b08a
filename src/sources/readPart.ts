import type { BadRecord } from '../model/index.js';
import { ByteWindow } from './byteWindow.js';
import { RangeByteSource } from './rangeSource.js';
import { readJson } from './readJson.js';
import { ReportBuilder } from './reportBuilder.js';
import type { EntrySink, ReadOptions } from './sink.js';
import { DEFAULT_MAX_RECORD } from './sink.js';
import type { Layout, Part } from './splitPlan.js';

/** What one part of a split file gave; the caller adds the parts up into one ReadReport. */
export interface PartRead {
  start: number;
  end: number;
  entries: number;
  /** Records framed: the next part's entry indexes start after these. */
  records: number;
  badRecords: number;
  samples: BadRecord[];
  firstUs: number | null;
  lastUs: number | null;
  untimed: number;
  lines: number;
  linesExact: boolean;
  /** The part ended between entries (every part but the last must). */
  cleanEnd: boolean;
  incomplete: string | null;
  failure: string | null;
  format: string;
}

/** Part windows are smaller than a whole-file read: several run at once within the memory budget. */
const PART_WINDOW = 2 << 20;

/** Reads bytes [part.start, part.end) of a file as the split plan says they begin and end. */
export async function readPart(path: string, name: string, layout: Layout, part: Part, opts: ReadOptions, sink: EntrySink): Promise<PartRead> {
  const src = await RangeByteSource.open(path, name, part.start, part.end);
  const rb = new ReportBuilder(opts.maxBadSamples ?? 20);
  const win = new ByteWindow(src, PART_WINDOW, Math.max(opts.maxRecordBytes ?? DEFAULT_MAX_RECORD, PART_WINDOW));
  try {
    await win.fill();
    const end = await readJson(
      name,
      win,
      opts,
      rb,
      sink,
      layout.kind === 'array' ? { inList: part.inList, partial: !part.last } : { inList: false, partial: !part.last },
    );
    // Entry offsets and positions were counted from the part's start: make them absolute.
    const samples = rb.samples.map((b) => ({ ...b, ...(b.offset !== undefined ? { offset: b.offset + part.start } : {}) }));
    return {
      start: part.start,
      end: part.end,
      entries: rb.entries,
      records: end.records,
      badRecords: rb.badRecords,
      samples,
      firstUs: rb.firstUs,
      lastUs: rb.lastUs,
      untimed: rb.untimed,
      lines: end.lines,
      linesExact: end.linesExact,
      cleanEnd: end.cleanEnd,
      incomplete: rb.incomplete,
      failure: win.failure,
      format: end.format,
    };
  } finally {
    await win.settle();
    await src.close();
  }
}
