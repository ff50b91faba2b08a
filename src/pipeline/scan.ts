import type { Parser } from '../../parsers/parser.js';
import { allNeedles } from '../../parsers/registry.js';
import type { Finding, ReadReport } from '../model/index.js';
import { matchEntry } from './scanMatch.js';
import { InputOpenError, openFile, openStream, type ByteSource } from '../sources/byteSource.js';
import { inputName, type InputSpec } from '../sources/inputs.js';
import { readInput } from '../sources/readInput.js';
import type { EntrySink } from '../sources/sink.js';
import { InputError } from '../util/errors.js';
import { stat } from 'node:fs/promises';
import { planParts } from '../sources/splitPlan.js';
import type { CoverageMap, RevisionMap } from '../store/types.js';
import { parallelMinBytes, partWorkerUrl, readParallel, threadsFor, type ParallelResult, type ParallelSinks } from './parallelRead.js';
import { ServiceCounter } from './serviceCounter.js';

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
  /** Whether the parsers redact: part threads build their own parsers and must match (default true). */
  redact?: boolean;
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
  /**
   * A large file read in parts on several threads reports its coverage once, built by the parts,
   * instead of one `summary` per entry. Observers without it get the sequential read.
   */
  mergeCoverage?(coverage: CoverageMap, revisions: RevisionMap): void;
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

export { matchEntry } from './scanMatch.js';

/**
 * A large plain file whose layout can be cut between entries is read in parts on several
 * threads. Not for stdin or gzip (no random access), not when the bytes must be hashed in order
 * here, and not for observers that need one `summary` call per entry. Null: read it in one piece.
 */
async function partsReader(
  input: InputSpec,
  opts: ScanOptions,
  needles: ReturnType<typeof allNeedles>,
): Promise<((sinks: ParallelSinks) => Promise<ParallelResult>) | null> {
  if (input.kind !== 'file' || opts.hash === true) return null;
  if (opts.observer && !opts.observer.mergeCoverage) return null;
  const threads = threadsFor();
  if (threads < 2 || !partWorkerUrl()) return null;
  const size = (await stat(input.path).catch(() => null))?.size ?? 0;
  if (size < parallelMinBytes()) return null;
  const plan = await planParts(input.path, size, threads);
  if (!plan) return null;
  const job = {
    kinds: opts.parsers.map((p) => p.kind),
    redact: opts.redact !== false,
    coverage: opts.observer?.mergeCoverage !== undefined,
    read: {
      needles,
      fullParse: opts.fullParse === true,
      ...(opts.maxRecordBytes !== undefined ? { maxRecordBytes: opts.maxRecordBytes } : {}),
    },
  };
  return (sinks) => readParallel(input.path, input.path, size, plan, job, sinks);
}

/** sources → parsers: reads each input in turn and collects its findings. */
export async function scanInputs(inputs: readonly InputSpec[], opts: ScanOptions): Promise<ScanResult> {
  const needles = allNeedles(opts.parsers);
  const byId = new Map<string, Finding>();
  const sources: ReadReport[] = [];
  const entriesByService = new Map<string | null, number>();
  const obs = opts.observer;
  const collect = opts.collect !== false;
  const onFinding = (f: Finding): void => {
    if (collect && !byId.has(f.id)) byId.set(f.id, f);
    obs?.finding?.(f);
  };
  for (const input of inputs) {
    const name = inputName(input);
    const progress = opts.onProgress ? (n: number) => opts.onProgress!(name, n) : undefined;
    const inParts = await partsReader(input, opts, needles);
    let read: ParallelResult;
    if (inParts) {
      obs?.beginSource?.(name);
      read = await inParts({
        finding: onFinding,
        coverage: (coverage, revisions) => obs?.mergeCoverage?.(coverage, revisions),
        ...(progress ? { progress } : {}),
      });
    } else {
      const src = await open(input, opts);
      obs?.beginSource?.(src.name);
      const perService = new ServiceCounter();
      const sink: EntrySink = {
        summary(tsUs, service, revision) {
          perService.add(service);
          obs?.summary(tsUs, service, revision);
        },
        entry: (entry) => matchEntry(opts.parsers, entry, onFinding),
      };
      const report = await readInput(
        src,
        {
          needles,
          fullParse: opts.fullParse === true,
          ...(opts.textService !== undefined ? { textService: opts.textService } : {}),
          ...(opts.maxRecordBytes !== undefined ? { maxRecordBytes: opts.maxRecordBytes } : {}),
          ...(progress ? { onProgress: progress } : {}),
        },
        sink,
      );
      read = { report, perService: perService.flush() };
    }
    for (const [s, c] of read.perService) entriesByService.set(s, (entriesByService.get(s) ?? 0) + c);
    sources.push(read.report);
    await obs?.endSource?.(read.report);
  }
  const findings = [...byId.values()].sort(
    (a, b) => (a.timestampUs ?? Number.MAX_SAFE_INTEGER) - (b.timestampUs ?? Number.MAX_SAFE_INTEGER) || a.id.localeCompare(b.id),
  );
  return { findings, sources, entriesByService };
}
