/**
 * Entries kept encoded and sorted by (timestamp, insertId): the order ListLogEntries returns.
 * A page is found by binary search (the filter's timestamp range, then the page token's
 * cursor) and only the entries in between are looked at, reading just the fields the rest of
 * the filter names straight from their bytes (wireReader.ts).
 * Encoded entries are about 0.6× their JSON size; nothing else per entry stays on the heap
 * beyond the sort key, which keeps a million entries (a day of one service) workable.
 */
import type { ConvertedEntry } from './convert.js';
import type { Bound } from './filter/bounds.js';
import type { PreparedFilter, TimeRange } from './filter/index.js';
import { EntryView } from './filter/index.js';
import type { Instant } from './timestamps.js';
import { encodeFramedEntry } from './encodeEntry.js';

export interface StoredEntry {
  readonly seconds: number;
  readonly nanos: number;
  readonly insertId: string;
  /** Insertion order: makes the sort key unique even for entries that share timestamp and insertId. */
  readonly seq: number;
  readonly project: string | null;
  /** The entry encoded as field 1 of a response (see wire.ts). */
  readonly framed: Buffer;
}

/** Where a page ended: the sort key of its last entry. */
export type Cursor = Pick<StoredEntry, 'seconds' | 'nanos' | 'insertId' | 'seq'>;

export interface PageQuery {
  readonly filter: PreparedFilter;
  readonly projects: ReadonlySet<string>;
  readonly descending: boolean;
  readonly pageSize: number;
  /** Continue strictly after this key (in the query's direction). */
  readonly after?: Cursor;
}

export interface Page {
  readonly entries: StoredEntry[];
  /** Set when at least one more matching entry exists. */
  readonly next?: Cursor;
  /** Entries looked at, for benchmarks. */
  readonly scanned: number;
}

export function compareKeys(a: Cursor, b: Cursor): number {
  return a.seconds - b.seconds || a.nanos - b.nanos || (a.insertId < b.insertId ? -1 : a.insertId > b.insertId ? 1 : 0) || a.seq - b.seq;
}

const compareTime = (e: StoredEntry, t: Instant): number => e.seconds - t.seconds || e.nanos - t.nanos;

/** First index in [0, n) for which `before(i)` is false, `before` being monotone (true…false). */
function partition(n: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function storeEntry(c: ConvertedEntry, seq: number): StoredEntry {
  return { seconds: c.instant.seconds, nanos: c.instant.nanos, insertId: c.insertId, seq, project: c.project, framed: encodeFramedEntry(c.entry) };
}

export function viewOf(e: StoredEntry): EntryView {
  return new EntryView(e.seconds, e.nanos, e.insertId, e.framed);
}

export class EntryStore {
  private entries: StoredEntry[] = [];
  private sorted = true;
  private seq = 0;

  get size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
    this.sorted = true;
  }

  /** Encodes and keeps the entries; returns them as stored (tail sessions send the same bytes). */
  add(converted: Iterable<ConvertedEntry>): StoredEntry[] {
    const added: StoredEntry[] = [];
    for (const c of converted) {
      const stored = storeEntry(c, this.seq++);
      const last = this.entries[this.entries.length - 1];
      if (last && compareKeys(last, stored) > 0) this.sorted = false;
      this.entries.push(stored);
      added.push(stored);
    }
    return added;
  }

  /** All entries, oldest first. */
  ordered(): readonly StoredEntry[] {
    if (!this.sorted) {
      this.entries.sort(compareKeys);
      this.sorted = true;
    }
    return this.entries;
  }

  /** [lo, hi) of the entries inside a filter's timestamp range. */
  private indexRange(range: TimeRange): [number, number] {
    const all = this.ordered();
    const { lower, upper } = range;
    // before(i): entry i lies before the bound (for an inclusive lower bound, strictly before it).
    const beforeBound = (b: Bound, skipEqual: boolean) => (i: number) => {
      const c = compareTime(all[i]!, b.instant);
      return c < 0 || (skipEqual && c === 0);
    };
    const lo = lower ? partition(all.length, beforeBound(lower, !lower.inclusive)) : 0;
    const hi = upper ? partition(all.length, beforeBound(upper, upper.inclusive)) : all.length;
    return [lo, Math.max(lo, hi)];
  }

  page(q: PageQuery): Page {
    const all = this.ordered();
    let [lo, hi] = this.indexRange(q.filter.range);
    const after = q.after;
    if (after && q.descending) hi = Math.min(hi, partition(all.length, (i) => compareKeys(all[i]!, after) < 0));
    else if (after) lo = Math.max(lo, partition(all.length, (i) => compareKeys(all[i]!, after) <= 0));
    const step = q.descending ? -1 : 1;
    const entries: StoredEntry[] = [];
    let scanned = 0;
    for (let i = q.descending ? hi - 1 : lo; q.descending ? i >= lo : i < hi; i += step) {
      const e = all[i]!;
      scanned++;
      if (e.project === null || !q.projects.has(e.project) || !q.filter.matches(viewOf(e))) continue;
      if (entries.length === q.pageSize) {
        // One more match exists: the page gets a token (never a token to an empty last page).
        const last = entries[entries.length - 1]!;
        return { entries, next: { seconds: last.seconds, nanos: last.nanos, insertId: last.insertId, seq: last.seq }, scanned };
      }
      entries.push(e);
    }
    return { entries, scanned };
  }
}
