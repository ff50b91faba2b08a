import type { CoverageBucket } from '../model/index.js';
import { US_PER_MINUTE } from '../model/index.js';
import type { CoverageMap, RevisionMap, RevisionSpan } from './types.js';

/**
 * Builds a read's coverage (service → minute → bucket) and revision spans from the per-entry
 * summaries. This runs once per entry (millions of times): entries come in runs of the same
 * service and minute, so the last service's maps and the last bucket stay in fields and the
 * common case touches no Map and allocates nothing. Memory is one bucket per service-minute
 * (≤ 1440 per service-day).
 *
 * Entries without a time or a service prove nothing about any service's coverage: skipped.
 */
export class CoverageCollector {
  readonly coverage: CoverageMap = new Map();
  readonly revisions: RevisionMap = new Map();

  private service: string | null = null;
  private minutes: Map<number, CoverageBucket> | null = null;
  private revs: Map<string, RevisionSpan> | null = null;
  private bucket: CoverageBucket | null = null;
  /** [bucketStart, bucketEnd) of `bucket` in µs: the same-minute test without a division. */
  private bucketStart = 0;
  private bucketEnd = 0;
  private revision: string | null = null;
  private span: RevisionSpan | null = null;

  summary(tsUs: number | null, service: string | null, revision: string | null): void {
    if (tsUs === null || service === null) return;
    if (service !== this.service) this.switchService(service);
    const b = this.bucket;
    if (b !== null && tsUs >= this.bucketStart && tsUs < this.bucketEnd) {
      b.entries++;
      if (tsUs < b.firstUs) b.firstUs = tsUs;
      else if (tsUs > b.lastUs) b.lastUs = tsUs;
    } else this.switchMinute(tsUs);
    if (revision !== null) {
      const s = this.span;
      if (s !== null && revision === this.revision) {
        if (tsUs < s.firstUs) s.firstUs = tsUs;
        else if (tsUs > s.lastUs) s.lastUs = tsUs;
      } else this.switchRevision(revision, tsUs);
    }
  }

  /** True when nothing with a time and a service was seen. */
  get empty(): boolean {
    return this.coverage.size === 0;
  }

  private switchService(service: string): void {
    this.service = service;
    let minutes = this.coverage.get(service);
    if (!minutes) {
      minutes = new Map();
      this.coverage.set(service, minutes);
    }
    this.minutes = minutes;
    let revs = this.revisions.get(service);
    if (!revs) {
      revs = new Map();
      this.revisions.set(service, revs);
    }
    this.revs = revs;
    this.bucket = null;
    this.span = null;
    this.revision = null;
  }

  private switchMinute(tsUs: number): void {
    const minute = Math.floor(tsUs / US_PER_MINUTE);
    let b = this.minutes!.get(minute);
    if (b) {
      b.entries++;
      if (tsUs < b.firstUs) b.firstUs = tsUs;
      if (tsUs > b.lastUs) b.lastUs = tsUs;
    } else {
      b = { minute, entries: 1, firstUs: tsUs, lastUs: tsUs };
      this.minutes!.set(minute, b);
    }
    this.bucket = b;
    this.bucketStart = minute * US_PER_MINUTE;
    this.bucketEnd = this.bucketStart + US_PER_MINUTE;
  }

  private switchRevision(revision: string, tsUs: number): void {
    let s = this.revs!.get(revision);
    if (s) {
      if (tsUs < s.firstUs) s.firstUs = tsUs;
      if (tsUs > s.lastUs) s.lastUs = tsUs;
    } else {
      s = { firstUs: tsUs, lastUs: tsUs };
      this.revs!.set(revision, s);
    }
    this.revision = revision;
    this.span = s;
  }

  /**
   * Adds what another collector saw (a part of the same input read on another thread): counts
   * add up, first/last times widen. The caches are dropped so later summaries stay right.
   */
  merge(coverage: CoverageMap, revisions: RevisionMap): void {
    for (const [service, minutes] of coverage) {
      let mine = this.coverage.get(service);
      if (!mine) {
        mine = new Map();
        this.coverage.set(service, mine);
      }
      for (const [minute, b] of minutes) {
        const m = mine.get(minute);
        if (!m) mine.set(minute, { ...b });
        else {
          m.entries += b.entries;
          if (b.firstUs < m.firstUs) m.firstUs = b.firstUs;
          if (b.lastUs > m.lastUs) m.lastUs = b.lastUs;
        }
      }
    }
    for (const [service, revs] of revisions) {
      let mine = this.revisions.get(service);
      if (!mine) {
        mine = new Map();
        this.revisions.set(service, mine);
      }
      for (const [rev, span] of revs) {
        const m = mine.get(rev);
        if (!m) mine.set(rev, { ...span });
        else {
          if (span.firstUs < m.firstUs) m.firstUs = span.firstUs;
          if (span.lastUs > m.lastUs) m.lastUs = span.lastUs;
        }
      }
    }
    this.service = null;
    this.minutes = null;
    this.revs = null;
    this.bucket = null;
    this.span = null;
    this.revision = null;
  }

  /** Number of (service, minute) buckets. */
  buckets(): number {
    let n = 0;
    for (const m of this.coverage.values()) n += m.size;
    return n;
  }
}
