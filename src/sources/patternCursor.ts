/**
 * Finds occurrences of one byte pattern for callers that ask about records in increasing
 * order over one buffer view. It remembers the next occurrence, so a pattern that is rare or
 * absent costs one pass over the view in total rather than one pass per record.
 */
export class PatternCursor {
  readonly bytes: Buffer;
  private view: Buffer = Buffer.alloc(0);
  private next = -1;
  private from = Number.MAX_SAFE_INTEGER;

  constructor(pattern: Buffer | string) {
    this.bytes = typeof pattern === 'string' ? Buffer.from(pattern, 'latin1') : pattern;
  }

  get length(): number {
    return this.bytes.length;
  }

  reset(view: Buffer): void {
    this.view = view;
    this.next = -1;
    this.from = Number.MAX_SAFE_INTEGER;
  }

  /** First occurrence starting at or after `start`, or -1. */
  at(start: number): number {
    if (this.from > start || (this.next !== -1 && this.next < start)) {
      this.from = start;
      this.next = this.view.indexOf(this.bytes, start);
    }
    return this.next;
  }

  /** First occurrence fully inside [start, end), or -1. */
  within(start: number, end: number): number {
    const q = this.at(start);
    return q >= 0 && q + this.bytes.length <= end ? q : -1;
  }
}
