import { ReadFailure, type ByteSource } from './byteSource.js';

/**
 * A sliding window over a source's decoded bytes: readers work on `view()`, then `discard`
 * what they consumed; the rest moves to the front and new bytes are read behind it. Memory
 * stays at the window size whatever the input size.
 */
export class ByteWindow {
  buf: Buffer;
  len = 0;
  /** Absolute offset (in decoded bytes) of buf[0]. */
  base = 0;
  eof = false;
  /** Why reading stopped early (corrupt gzip, I/O error), if it did. */
  failure: string | null = null;

  constructor(
    private readonly src: ByteSource,
    initial: number,
    readonly maxCap: number,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(initial, maxCap));
  }

  get cap(): number {
    return this.buf.length;
  }

  get full(): boolean {
    return this.len === this.buf.length;
  }

  view(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  /** Reads until the window is full, the input ends, or at least `atLeast` bytes are held. */
  async fill(atLeast = Number.MAX_SAFE_INTEGER): Promise<void> {
    while (!this.eof && this.len < this.buf.length && this.len < atLeast) {
      let n: number;
      try {
        n = await this.src.read(this.buf, this.len, this.buf.length - this.len);
      } catch (err) {
        if (!(err instanceof ReadFailure)) throw err;
        this.failure = err.message;
        this.eof = true;
        return;
      }
      if (n === 0) {
        this.eof = true;
        return;
      }
      this.len += n;
    }
  }

  /** Drops the bytes before `keep`. */
  discard(keep: number): void {
    if (keep <= 0) return;
    this.buf.copy(this.buf, 0, keep, this.len);
    this.len -= keep;
    this.base += keep;
  }

  /** Doubles the window (up to maxCap) for a record that does not fit; false at the limit. */
  grow(): boolean {
    if (this.buf.length >= this.maxCap) return false;
    const bigger = Buffer.allocUnsafe(Math.min(this.buf.length * 2, this.maxCap));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
    return true;
  }
}
