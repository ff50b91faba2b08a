import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { allNeedles } from '../../parsers/registry.js';
import type { LogEntry, ReadReport } from '../../src/model/index.js';
import { openFile, openStream } from '../../src/sources/byteSource.js';
import { readInput } from '../../src/sources/readInput.js';
import type { ReadOptions } from '../../src/sources/sink.js';

export interface Summary {
  tsUs: number | null;
  service: string | null;
  revision: string | null;
}

export interface ReadAll {
  report: ReadReport;
  summaries: Summary[];
  entries: LogEntry[];
}

/** Reads a buffer (through the stdin path) or a file (through the file path) and keeps everything. */
export async function readAll(input: Buffer | string, opts: Partial<ReadOptions> = {}): Promise<ReadAll> {
  const summaries: Summary[] = [];
  const entries: LogEntry[] = [];
  const src =
    typeof input === 'string'
      ? await openFile(input, { hash: true })
      : await openStream('-', Readable.from(chunks(input, 65_536)), { hash: true });
  const report = await readInput(src, { needles: allNeedles(), ...opts }, {
    summary(tsUs, service, revision) {
      summaries.push({ tsUs, service, revision });
    },
    entry(e) {
      entries.push(e);
    },
  });
  return { report, summaries, entries };
}

function* chunks(buf: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** The shared corpus, or null (tests then skip with a visible message). */
export const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared');
export const CORPUS = join(SHARED, 'corpus');
export const HAVE_CORPUS = existsSync(CORPUS);
export const CORPUS_SKIP_MESSAGE = `../shared/corpus not found at ${CORPUS}: corpus tests skipped`;
