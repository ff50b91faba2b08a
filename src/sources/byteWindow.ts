import { ReadFailure, type ByteSource } from './byteSource.js';

const AHEAD = 2 << 20;

interface Ahead {
  buf: Buffer;
  /** Bytes read into buf, or 0 at the end of input. */
  n: number;
  /** Bytes of buf already moved into the window. */
  used: number;
  failure: string | null;
}

/**
 * A sliding window over a source's decoded bytes: readers work on `view()`, then `discard`
 * what they consumed; the rest moves to the front and new bytes are appended. Memory stays at
 * the window size whatever the input size. The next chunk is read ahead while the current
 * one is being processed, so the reader does not wait on I/O (or gunzip) in between.
 */
export class ByteWindow {
  buf: Buffer;
  len = 0;
  /** Absolute offset (in decoded bytes) of buf[0]. */
  base = 0;
  eof = false;
  /** Why reading stopped early (corrupt gzip, I/O error), if it did. */
  failure: string | null = null;

  private spare: Buffer | null = Buffer.allocUnsafe(AHEAD);
  private pending: Promise<Ahead> | null = null;
  private ready: Ahead | null = null;

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

  private startRead(): void {
    if (this.pending || this.ready || !this.spare) return;
    const buf = this.spare;
    this.spare = null;
    this.pending = this.src.read(buf, 0, buf.length).then(
      (n) => ({ buf, n, used: 0, failure: null }),
      (err: unknown) => {
        if (!(err instanceof ReadFailure)) throw err;
        return { buf, n: 0, used: 0, failure: err.message };
      },
    );
  }

  /** Reads until the window is full, the input ends, or at least `atLeast` bytes are held. */
  async fill(atLeast = Number.MAX_SAFE_INTEGER): Promise<void> {
    while (!this.eof && this.len < this.buf.length && this.len < atLeast) {
      if (!this.ready) {
        this.startRead();
        this.ready = await this.pending!;
        this.pending = null;
      }
      const a = this.ready;
      if (a.n === 0) {
        this.failure = a.failure;
        this.eof = true;
        break;
      }
      const take = Math.min(a.n - a.used, this.buf.length - this.len);
      a.buf.copy(this.buf, this.len, a.used, a.used + take);
      a.used += take;
      this.len += take;
      if (a.used === a.n) {
        this.spare = a.buf;
        this.ready = null;
      }
    }
    // Ask for the next chunk now; it arrives while the caller works on this window.
    if (!this.eof) this.startRead();
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

  /** Waits for a read still in flight, so the source can be closed safely. */
  async settle(): Promise<void> {
    if (this.pending) {
      await this.pending.catch(() => undefined);
      this.pending = null;
    }
  }
}
