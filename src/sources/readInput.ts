import type { ReadReport } from '../model/index.js';
import type { ByteSource } from './byteSource.js';
import { ByteWindow } from './byteWindow.js';
import { DETECT_BYTES, detect } from './detect.js';
import { readJson } from './readJson.js';
import { readText } from './readText.js';
import { ReportBuilder } from './reportBuilder.js';
import { DEFAULT_MAX_RECORD, INITIAL_WINDOW, type EntrySink, type ReadOptions } from './sink.js';

/**
 * Reads one input to its end in constant memory. Entries go to `sink`; bad records are
 * counted with their positions; a read that stops early (cut file, corrupt gzip, unclosed
 * list, capped export) is marked incomplete with the reason — never silently short.
 */
export async function readInput(src: ByteSource, opts: ReadOptions, sink: EntrySink): Promise<ReadReport> {
  const rb = new ReportBuilder(opts.maxBadSamples ?? 20);
  const maxRecord = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD;
  const win = new ByteWindow(src, Math.max(INITIAL_WINDOW, DETECT_BYTES), Math.max(maxRecord, DETECT_BYTES));
  try {
    await win.fill(DETECT_BYTES);
    const kind = detect(win.view(), win.eof);
    let format: ReadReport['format'];
    if (kind === 'json') format = (await readJson(src.name, win, opts, rb, sink)).format;
    else if (kind === 'text') {
      format = 'text';
      await readText(src.name, win, opts, rb, sink);
    } else {
      // Read on to the end so that byte count and hash describe the whole input.
      while (!win.eof) {
        win.discard(win.len);
        await win.fill();
      }
      format = kind === 'empty' ? 'empty' : 'unknown';
      if (kind === 'binary') rb.bad({ offset: 0, message: 'not a known log format (binary data, or text that is not UTF-8)' });
    }
    if (win.failure) rb.markIncomplete(win.failure);
    return rb.build({ name: src.name, gzip: src.gzip, bytes: src.rawBytes(), contentHash: src.digest() }, format, win.base + win.len);
  } finally {
    await win.settle();
    await src.close();
  }
}
