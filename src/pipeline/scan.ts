import type { Parser } from '../../parsers/parser.js';
import { allNeedles } from '../../parsers/registry.js';
import type { Finding, LogEntry, ReadReport } from '../model/index.js';
import { InputOpenError, openFile, openStream, type ByteSource } from '../sources/byteSource.js';
import { inputName, type InputSpec } from '../sources/inputs.js';
import { readInput } from '../sources/readInput.js';
import type { EntrySink } from '../sources/sink.js';
import { InputError } from '../util/errors.js';

export interface ScanOptions {
  parsers: readonly Parser[];
  /** Parse every entry instead of prefiltering on needles. */
  fullParse?: boolean;
  /** Compute each input's sha256 (ingest and evidence need it; plain scans do not). */
  hash?: boolean;
  textService?: string;
  maxRecordBytes?: number;
  stdin?: NodeJS.ReadableStream;
  onProgress?: (input: string, rawBytes: number) => void;
  /** Sees every entry summary and every finding as they are read (ingest feeds the store from here). */
  observer?: ScanObserver;
  /**
   * Keep the distinct findings in `ScanResult.findings` (default true). Ingest turns this off:
   * it streams findings to the store through the observer, and a million of them must not also
   * sit in memory.
   */
  collect?: boolean;
}

export interface ScanObserver {
  beginSource?(name: string): void;
  summary(tsUs: number | null, service: string | null, revision: string | null): void;
  finding?(f: Finding): void;
  endSource?(report: ReadReport): void | Promise<void>;
}

export interface ScanResult {
  /** Distinct findings (an entry read twice, from two overlapping exports, counts once), oldest first. */
  findings: Finding[];
  sources: ReadReport[];
  /** Entries read per service (null key: entries without one). */
  entriesByService: Map<string | null, number>;
}

async function open(input: InputSpec, opts: ScanOptions): Promise<ByteSource> {
  const hash = opts.hash === true;
  try {
    if (input.kind === 'stdin') return await openStream('-', (opts.stdin ?? process.stdin) as never, { hash });
    return await openFile(input.path, { hash });
  } catch (err) {
    if (err instanceof InputOpenError) throw new InputError(err.message);
    throw err;
  }
}

/** Runs every parser on one entry: one finding per kind per entry at most. */
export function matchEntry(parsers: readonly Parser[], entry: LogEntry, out: (f: Finding) => void): void {
  for (const p of parsers) {
    const f = p.match(entry);
    if (f) out(f);
  }
}

/** sources → parsers: reads each input in turn and collects its findings. */
export async function scanInputs(inputs: readonly InputSpec[], opts: ScanOptions): Promise<ScanResult> {
  const needles = allNeedles(opts.parsers);
  const byId = new Map<string, Finding>();
  const sources: ReadReport[] = [];
  const entriesByService = new Map<string | null, number>();
  const obs = opts.observer;
  const collect = opts.collect !== false;
  for (const input of inputs) {
    const src = await open(input, opts);
    obs?.beginSource?.(src.name);
    let lastService: string | null = null;
    let lastCount = 0;
    const flush = (): void => {
      if (lastCount > 0) entriesByService.set(lastService, (entriesByService.get(lastService) ?? 0) + lastCount);
      lastCount = 0;
    };
    const sink: EntrySink = {
      summary(tsUs, service, revision) {
        if (service !== lastService) {
          flush();
          lastService = service;
        }
        lastCount++;
        obs?.summary(tsUs, service, revision);
      },
      entry(entry) {
        matchEntry(opts.parsers, entry, (f) => {
          if (collect && !byId.has(f.id)) byId.set(f.id, f);
          obs?.finding?.(f);
        });
      },
    };
    const name = inputName(input);
    const report = await readInput(
      src,
      {
        needles,
        fullParse: opts.fullParse === true,
        ...(opts.textService !== undefined ? { textService: opts.textService } : {}),
        ...(opts.maxRecordBytes !== undefined ? { maxRecordBytes: opts.maxRecordBytes } : {}),
        ...(opts.onProgress ? { onProgress: (n: number) => opts.onProgress!(name, n) } : {}),
      },
      sink,
    );
    flush();
    sources.push(report);
    await obs?.endSource?.(report);
  }
  const findings = [...byId.values()].sort(
    (a, b) => (a.timestampUs ?? Number.MAX_SAFE_INTEGER) - (b.timestampUs ?? Number.MAX_SAFE_INTEGER) || a.id.localeCompare(b.id),
  );
  return { findings, sources, entriesByService };
}
