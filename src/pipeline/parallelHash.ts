import { Worker } from 'node:worker_threads';

/**
 * sha256 of a file, computed on another thread while the main thread parses the same file.
 * Hashing costs about a quarter of a read's CPU time; on a second core it costs no wall time.
 * Inline hashing (scan's `hash` option) stays for stdin, which cannot be read twice.
 */
export interface FileDigest {
  digest: string;
  /** Bytes hashed: the caller checks it against the bytes parsed (a file changed mid-read has no valid hash). */
  bytes: number;
}

// A CommonJS script for `eval: true` workers: no separate file to ship or resolve.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createReadStream } = require('node:fs');
const { createHash } = require('node:crypto');
parentPort.on('message', ({ id, path }) => {
  const h = createHash('sha256');
  let bytes = 0;
  createReadStream(path, { highWaterMark: 1 << 20 })
    .on('data', (chunk) => { bytes += chunk.length; h.update(chunk); })
    .on('end', () => parentPort.postMessage({ id, digest: h.digest('hex'), bytes }))
    .on('error', (err) => parentPort.postMessage({ id, error: String(err && err.message) }));
});`;

type Reply = { id: number; digest: string; bytes: number } | { id: number; error: string };

export class ParallelHasher {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (d: FileDigest | null) => void }>();

  /** The file's digest, or null when it could not be hashed (the run is then stored without one). */
  hash(path: string): Promise<FileDigest | null> {
    const w = this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      w.postMessage({ id, path });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    for (const p of this.pending.values()) p.resolve(null);
    this.pending.clear();
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref(); // never keeps the CLI alive on its own
    w.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      p.resolve('error' in m ? null : { digest: m.digest, bytes: m.bytes });
    });
    w.on('error', () => {
      for (const p of this.pending.values()) p.resolve(null);
      this.pending.clear();
      this.worker = null;
    });
    this.worker = w;
    return w;
  }
}
