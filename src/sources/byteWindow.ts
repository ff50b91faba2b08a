import { ReadFailure, type ByteSource } from './byteSource.js';

/** Chunks read ahead of the reader (each half a window). */
const AHEAD_CHUNKS = 3;

interface Chunk {
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
 * the window size (plus the read-ahead chunks) whatever the input size. Reads run ahead of
 * the reader in a small queue, so it does not wait on I/O (or gunzip) between windows.
 */
export class ByteWindow {
  buf: Buffer;
  len = 0;
  /** Absolute offset (in decoded bytes) of buf[0]. */
  base = 0;
  eof = false;
  /** Why reading stopped early (corrupt gzip, I/O error), if it did. */
  failure: string | null = null;

  private readonly pool: Buffer[] = [];
  /** Reads in flight or done, oldest first; only one read runs at a time (sources are sequential). */
  private readonly queue: Promise<Chunk>[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private sourceDone = false;

  constructor(
    private readonly src: ByteSource,
    initial: number,
    readonly maxCap: number,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(initial, maxCap));
    const chunk = Math.max(64 * 1024, this.buf.length >> 1);
    for (let i = 0; i < AHEAD_CHUNKS; i++) this.pool.push(Buffer.allocUnsafe(chunk));
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

  /** Keeps up to AHEAD_CHUNKS reads queued, each starting when the one before it has finished. */
  private readAhead(): void {
    while (!this.sourceDone && this.pool.length > 0) {
      const buf = this.pool.pop()!;
      const p = this.chain.then(() =>
        this.sourceDone
          ? { buf, n: 0, used: 0, failure: null }
          : this.src.read(buf, 0, buf.length).then(
              (n): Chunk => {
                if (n === 0) this.sourceDone = true;
                return { buf, n, used: 0, failure: null };
              },
              (err: unknown): Chunk => {
                if (!(err instanceof ReadFailure)) throw err;
                this.sourceDone = true;
                return { buf, n: 0, used: 0, failure: err.message };
              },
            ),
      );
      this.chain = p.catch(() => undefined);
      this.queue.push(p);
    }
  }

  /** Reads until the window is full, the input ends, or at least `atLeast` bytes are held. */
  async fill(atLeast = Number.MAX_SAFE_INTEGER): Promise<void> {
    while (!this.eof && this.len < this.buf.length && this.len < atLeast) {
      this.readAhead();
      const head = this.queue[0];
      if (!head) {
        this.eof = true;
        break;
      }
      const c = await head;
      if (c.n === 0) {
        this.failure = c.failure;
        this.eof = true;
        break;
      }
      const take = Math.min(c.n - c.used, this.buf.length - this.len);
      c.buf.copy(this.buf, this.len, c.used, c.used + take);
      c.used += take;
      this.len += take;
      if (c.used === c.n) {
        this.queue.shift();
        this.pool.push(c.buf);
      }
    }
    this.readAhead();
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

  /** Waits for reads still in flight, so the source can be closed safely. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.queue);
  }
}
