/**
 * Raw entries from export files: a gcloud JSON array, the two wrapper objects of the corpus
 * (`raw_logs: […]`, `logs_by_severity: {SEVERITY: […]}`), or JSON Lines (read line by line, so
 * benchmark-sized files do not have to fit in one string).
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';

/** The entries inside a parsed export document. */
export function entriesOfExport(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object') {
    const o = doc as Record<string, unknown>;
    if (Array.isArray(o['raw_logs'])) return o['raw_logs'];
    if (Array.isArray(o['entries'])) return o['entries'];
    const bySeverity = o['logs_by_severity'];
    if (bySeverity && typeof bySeverity === 'object' && Object.values(bySeverity).every(Array.isArray)) {
      return Object.values(bySeverity as Record<string, unknown[]>).flat();
    }
  }
  throw new Error('not a known export shape (JSON array, {raw_logs}, {entries} or {logs_by_severity: {SEVERITY: [...]}})');
}

/** Yields the raw entries of an export file of any of the supported shapes. */
export async function* readExportFile(path: string): AsyncGenerator<unknown> {
  if (await looksLikeJsonLines(path)) {
    // Big reads and indexOf instead of readline: loading a million lines is I/O-bound otherwise.
    let rest = '';
    let line = 0;
    const parse = (text: string): unknown => {
      line++;
      try {
        return JSON.parse(text) as unknown;
      } catch (e) {
        throw new Error(`${path}:${line}: ${(e as Error).message}`);
      }
    };
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 4 << 20 })) {
      const text = rest + (chunk as string);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        const l = text.slice(start, nl);
        start = nl + 1;
        if (l.trim() === '') line++;
        else yield parse(l);
      }
      rest = text.slice(start);
    }
    if (rest.trim() !== '') yield parse(rest);
    return;
  }
  yield* entriesOfExport(JSON.parse(await readFile(path, 'utf8')) as unknown);
}

/** JSON Lines: the first line is a complete JSON object on its own, and not a wrapper. */
async function looksLikeJsonLines(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(1 << 20), 0, 1 << 20, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8');
    const firstLine = head.split('\n', 1)[0]!.trim();
    if (!firstLine.startsWith('{') || !head.includes('\n')) return false;
    let first: unknown;
    try {
      first = JSON.parse(firstLine);
    } catch {
      return false;
    }
    // A one-line wrapper document is not a stream of entries.
    try {
      entriesOfExport(first);
      return false;
    } catch {
      return true;
    }
  } finally {
    await fh.close();
  }
}
