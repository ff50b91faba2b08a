import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** An input that cannot be opened at all (missing file, a directory, no permission). */
export class InputOpenError extends Error {
  constructor(
    readonly inputName: string,
    message: string,
  ) {
    super(`${inputName}: ${message}`);
  }
}

/** Decoded bytes of one input. Errors after opening surface from `read` as `ReadFailure`. */
export interface ByteSource {
  readonly name: string;
  readonly gzip: boolean;
  /** Fills `buf[off..off+len)`; resolves 0 at the end of input. */
  read(buf: Buffer, off: number, len: number): Promise<number>;
  /** Bytes consumed from the input as stored (compressed bytes for gzip). */
  rawBytes(): number;
  /** sha256 of the stored bytes read so far, hex, or null when hashing is off. */
  digest(): string | null;
  close(): Promise<void>;
}

/** A failure in the middle of reading: what was read before it still counts, marked incomplete. */
export class ReadFailure extends Error {}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

function describeOpenError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory (give files, or a glob such as "dir/*.json")';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return err.message;
  }
}

/** Plain files are read straight into the caller's buffer: no intermediate copies. */
class FileByteSource implements ByteSource {
  readonly gzip = false;
  private consumed = 0;
  constructor(
    readonly name: string,
    private readonly fh: FileHandle,
    private readonly hash: Hash | null,
  ) {}

  async read(buf: Buffer, off: number, len: number): Promise<number> {
    let n: number;
    try {
      ({ bytesRead: n } = await this.fh.read(buf, off, len, null));
    } catch (err) {
      throw new ReadFailure(`read error after ${this.consumed} bytes: ${(err as Error).message}`);
    }
    if (n > 0) {
      this.consumed += n;
      this.hash?.update(buf.subarray(off, off + n));
    }
    return n;
  }

  rawBytes(): number {
    return this.consumed;
  }

  digest(): string | null {
    return this.hash ? this.hash.copy().digest('hex') : null;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

/** Streams (stdin, gunzip output): chunks are copied into the caller's buffer as asked. */
class StreamByteSource implements ByteSource {
  private readonly iter: AsyncIterator<Buffer>;
  private pending: Buffer | null = null;
  private done = false;

  constructor(
    readonly name: string,
    readonly gzip: boolean,
    stream: Readable,
    private readonly counter: { raw: number; hash: Hash | null },
    private readonly onClose: () => void,
  ) {
    this.iter = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  async read(buf: Buffer, off: number, len: number): Promise<number> {
    let n = 0;
    while (n < len) {
      if (!this.pending || this.pending.length === 0) {
        if (this.done) break;
        if (n > 0) break; // hand over what we have rather than wait
        let r: IteratorResult<Buffer>;
        try {
          r = await this.iter.next();
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          const what = this.gzip ? 'gzip data is corrupt or cut' : 'read error';
          throw new ReadFailure(`${what} after ${this.counter.raw} stored bytes: ${e.message}`);
        }
        if (r.done) {
          this.done = true;
          break;
        }
        this.pending = r.value;
      }
      const take = Math.min(len - n, this.pending.length);
      this.pending.copy(buf, off + n, 0, take);
      this.pending = take === this.pending.length ? null : this.pending.subarray(take);
      n += take;
    }
    return n;
  }

  rawBytes(): number {
    return this.counter.raw;
  }

  digest(): string | null {
    return this.counter.hash ? this.counter.hash.copy().digest('hex') : null;
  }

  async close(): Promise<void> {
    this.onClose();
  }
}

function tapped(stream: Readable, counter: { raw: number; hash: Hash | null }): Readable {
  stream.on('data', (chunk: Buffer) => {
    counter.raw += chunk.length;
    counter.hash?.update(chunk);
  });
  return stream;
}

async function isGzipFile(fh: FileHandle): Promise<boolean> {
  const head = Buffer.alloc(2);
  const { bytesRead } = await fh.read(head, 0, 2, 0);
  return bytesRead === 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
}

/** Opens a file (gzip detected from its magic bytes, not its name). */
export async function openFile(path: string, opts: { hash: boolean }): Promise<ByteSource> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
    const st = await fh.stat();
    if (st.isDirectory()) {
      await fh.close();
      throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    }
  } catch (err) {
    throw new InputOpenError(path, describeOpenError(err as NodeJS.ErrnoException));
  }
  const hash = opts.hash ? createHash('sha256') : null;
  if (!(await isGzipFile(fh))) return new FileByteSource(path, fh, hash);
  await fh.close();
  const counter = { raw: 0, hash };
  const file = tapped(createReadStream(path, { highWaterMark: 1 << 20 }), counter);
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  file.on('error', (e) => gunzip.destroy(e));
  file.pipe(gunzip);
  return new StreamByteSource(path, true, gunzip, counter, () => {
    file.destroy();
    gunzip.destroy();
  });
}

/** Reads a stream such as stdin; gzip is detected from the first bytes. */
export async function openStream(name: string, stream: Readable, opts: { hash: boolean }): Promise<ByteSource> {
  const counter = { raw: 0, hash: opts.hash ? createHash('sha256') : null };
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // Peek at the first chunk to look for the gzip magic, then put it back in front.
  let first: Buffer | null = null;
  for (;;) {
    const r = await it.next();
    if (r.done) break;
    const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as string);
    if (chunk.length === 0) continue;
    first = chunk;
    break;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    if (first) {
      counter.raw += first.length;
      counter.hash?.update(first);
      yield first;
    }
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as string);
      counter.raw += chunk.length;
      counter.hash?.update(chunk);
      yield chunk;
    }
  }
  const replayed = Readable.from(replay(), { objectMode: false });
  const gz = first !== null && first.length >= 2 && first[0] === GZIP_MAGIC_0 && first[1] === GZIP_MAGIC_1;
  if (!gz) return new StreamByteSource(name, false, replayed, counter, () => replayed.destroy());
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  replayed.on('error', (e) => gunzip.destroy(e));
  replayed.pipe(gunzip);
  return new StreamByteSource(name, true, gunzip, counter, () => {
    replayed.destroy();
    gunzip.destroy();
  });
}
