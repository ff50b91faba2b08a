import type { BadRecord, Format, ReadReport } from '../model/index.js';
import { formatUs } from '../model/index.js';
import type { PartRead } from './readPart.js';

/** Collects what a read saw, then states it as a ReadReport. */
export class ReportBuilder {
  entries = 0;
  badRecords = 0;
  readonly samples: BadRecord[] = [];
  readonly notes: string[] = [];
  incomplete: string | null = null;
  firstUs: number | null = null;
  lastUs: number | null = null;
  /** Entries without a time. */
  untimed = 0;

  constructor(private readonly maxSamples: number) {}

  bad(b: BadRecord): void {
    this.badRecords++;
    if (this.samples.length < this.maxSamples) this.samples.push(b);
  }

  /** Records one entry and its time. */
  entry(us: number | null): void {
    this.entries++;
    if (us === null) {
      this.untimed++;
      return;
    }
    if (this.firstUs === null || us < this.firstUs) this.firstUs = us;
    if (this.lastUs === null || us > this.lastUs) this.lastUs = us;
  }

  /**
   * Adds what one part of a split file saw. Bad-record lines are counted from the part's start:
   * `lineBase` (the lines of the parts before) makes them the file's.
   */
  addPart(r: PartRead, lineBase: number): void {
    this.entries += r.entries;
    this.untimed += r.untimed;
    if (r.firstUs !== null && (this.firstUs === null || r.firstUs < this.firstUs)) this.firstUs = r.firstUs;
    if (r.lastUs !== null && (this.lastUs === null || r.lastUs > this.lastUs)) this.lastUs = r.lastUs;
    for (const b of r.samples) if (this.samples.length < this.maxSamples) this.samples.push(b.line !== undefined ? { ...b, line: b.line + lineBase } : b);
    this.badRecords += r.badRecords;
    const why = r.failure ?? r.incomplete;
    if (why !== null) this.markIncomplete(why);
  }

  /** Keeps the first reason: it is the one that explains the others. */
  markIncomplete(reason: string): void {
    this.incomplete ??= reason;
  }

  build(src: { name: string; gzip: boolean; bytes: number; contentHash: string | null }, format: Format, decodedBytes: number): ReadReport {
    if (this.untimed > 0) this.notes.push(`${this.untimed} entries carry no timestamp: they cannot prove coverage`);
    return {
      name: src.name,
      format,
      gzip: src.gzip,
      entries: this.entries,
      bytes: src.bytes,
      decodedBytes,
      badRecords: this.badRecords,
      badRecordSamples: this.samples,
      complete: this.incomplete === null,
      ...(this.incomplete !== null ? { incompleteReason: this.incomplete } : {}),
      contentHash: src.contentHash,
      firstTimestamp: this.firstUs === null ? null : formatUs(this.firstUs),
      lastTimestamp: this.lastUs === null ? null : formatUs(this.lastUs),
      untimedEntries: this.untimed,
      notes: this.notes,
    };
  }
}
