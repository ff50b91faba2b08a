import { open, type FileHandle } from 'node:fs/promises';
import { ReadFailure, type ByteSource } from './byteSource.js';

/** Bytes [start, end) of a plain file, for a worker that reads one part of a large export. */
export class RangeByteSource implements ByteSource {
  readonly gzip = false;
  private pos: number;

  private constructor(
    readonly name: string,
    private readonly fh: FileHandle,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  static async open(path: string, name: string, start: number, end: number): Promise<RangeByteSource> {
    return new RangeByteSource(name, await open(path, 'r'), start, end);
  }

  async read(buf: Buffer, off: number, len: number): Promise<number> {
    const want = Math.min(len, this.end - this.pos);
    if (want <= 0) return 0;
    let n: number;
    try {
      ({ bytesRead: n } = await this.fh.read(buf, off, want, this.pos));
    } catch (err) {
      throw new ReadFailure(`read error at byte ${this.pos}: ${(err as Error).message}`);
    }
    this.pos += n;
    return n;
  }

  rawBytes(): number {
    return this.pos;
  }

  digest(): string | null {
    return null;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
