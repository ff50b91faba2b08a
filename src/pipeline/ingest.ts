import { stat } from 'node:fs/promises';
import type { Parser } from '../../parsers/parser.js';
import type { Finding, ReadReport } from '../model/index.js';
import { parseTimestampUs } from '../model/index.js';
import type { InputSpec } from '../sources/inputs.js';
import { CoverageCollector } from '../store/coverageCollector.js';
import type { HistoryStore } from '../store/historyStore.js';
import type { RunFinish, RunStatus } from '../store/types.js';
import { ParallelHasher, type FileDigest } from './parallelHash.js';
import { scanInputs, type ScanObserver } from './scan.js';

export const DEFAULT_BATCH = 5_000;
/** Files at least this big are hashed on a worker thread (its start-up costs more than hashing small files inline). */
export const PARALLEL_HASH_MIN_BYTES = 8 << 20;

export interface IngestOptions {
  store: HistoryStore;
  parsers: readonly Parser[];
  /** Whether the parsers redact (part of a run's identity; the parsers already do the work). Default true. */
  redact?: boolean;
  textService?: string;
  fullParse?: boolean;
  maxRecordBytes?: number;
  stdin?: NodeJS.ReadableStream;
  /**
   * Why a read cannot be used, or null (the CLI passes scan's `inputFailure`). Such a run is
   * `rejected`: the findings it read stay (they are real), its coverage is not stored.
   */
  judge?: (report: ReadReport) => string | null;
  /** Findings written per transaction; they never pile up in memory beyond this. */
  batchSize?: number;
  onProgress?: (input: string, rawBytes: number) => void;
  /** Hash large files on a worker thread (default true); false hashes everything inline. */
  parallelHash?: boolean;
  /** Called as each input is stored, so a caller can report inputs done before a later one fails. */
  onInput?: (result: IngestedInput) => void;
}

export interface IngestedInput {
  report: ReadReport;
  runId: number;
  status: RunStatus;
  /** For a duplicate: the run that already holds the same bytes. */
  duplicateOf: number | null;
  /** Findings read from this input (an entry repeated inside it counts each time). */
  findings: number;
  /** Findings the store did not hold before. */
  newFindings: number;
  /** Services with timed entries, and how many (service, minute) buckets they fill. */
  services: string[];
  buckets: number;
  failure: string | null;
}

export interface IngestTotals {
  inputs: number;
  entries: number;
  findings: number;
  newFindings: number;
  duplicates: number;
  incomplete: number;
  rejected: number;
}

export interface IngestResult {
  inputs: IngestedInput[];
  totals: IngestTotals;
}

function finishOf(r: ReadReport): RunFinish {
  return {
    format: r.format,
    contentHash: r.contentHash,
    entries: r.entries,
    badRecords: r.badRecords,
    complete: r.complete,
    incompleteReason: r.incompleteReason ?? null,
    firstUs: r.firstTimestamp === null ? null : parseTimestampUs(r.firstTimestamp),
    lastUs: r.lastTimestamp === null ? null : parseTimestampUs(r.lastTimestamp),
    bytes: r.bytes,
  };
}

export function totalsOf(inputs: readonly IngestedInput[]): IngestTotals {
  const t: IngestTotals = { inputs: inputs.length, entries: 0, findings: 0, newFindings: 0, duplicates: 0, incomplete: 0, rejected: 0 };
  for (const i of inputs) {
    t.entries += i.report.entries;
    t.findings += i.findings;
    t.newFindings += i.newFindings;
    if (i.status === 'duplicate') t.duplicates++;
    if (i.status === 'rejected') t.rejected++;
    if (!i.report.complete) t.incomplete++;
  }
  return t;
}

/**
 * One input's way into the store: a `running` run, findings in batches (each its own short
 * transaction) while reading, and at the end one transaction with the coverage, revisions and the
 * run's state. Killed half-way, it leaves a running run with some real findings and no coverage:
 * it proves nothing, and is marked abandoned by the next open.
 */
class RunWriter {
  readonly collector = new CoverageCollector();
  private batch: Finding[] = [];
  findings = 0;
  newFindings = 0;

  constructor(
    private readonly store: HistoryStore,
    readonly runId: number,
    private readonly batchSize: number,
  ) {}

  finding(f: Finding): void {
    this.findings++;
    this.batch.push(f);
    if (this.batch.length >= this.batchSize) this.flush();
  }

  flush(): void {
    if (this.batch.length === 0) return;
    this.newFindings += this.store.writeFindings(this.runId, this.batch);
    this.batch = [];
  }

  finish(report: ReadReport, failure: string | null): IngestedInput {
    this.flush();
    const finish = finishOf(report);
    let status: RunStatus;
    let duplicateOf: number | null = null;
    if (failure !== null) {
      this.store.rejectRun(this.runId, finish, failure);
      status = 'rejected';
    } else {
      ({ status, duplicateOf } = this.store.finishRun(this.runId, finish, {
        coverage: this.collector.coverage,
        revisions: this.collector.revisions,
      }));
    }
    return {
      report,
      runId: this.runId,
      status,
      duplicateOf,
      findings: this.findings,
      newFindings: this.newFindings,
      services: [...this.collector.coverage.keys()].sort(),
      buckets: this.collector.buckets(),
      failure,
    };
  }
}

/**
 * The content hash of what was parsed: the worker's digest when it hashed exactly the bytes the
 * read consumed; otherwise (file changed or read cut short by an I/O error) none, so the run can
 * never be mistaken for a duplicate of different bytes.
 */
async function withDigest(report: ReadReport, pending: Promise<FileDigest | null> | null): Promise<ReadReport> {
  if (pending === null) return report;
  const d = await pending;
  if (d !== null && d.bytes === report.bytes) return { ...report, contentHash: d.digest };
  return { ...report, contentHash: null, notes: [...report.notes, 'no content hash: the file changed while it was read, or could not be re-read'] };
}

async function sizeOf(input: InputSpec): Promise<number> {
  if (input.kind !== 'file') return 0;
  return (await stat(input.path).catch(() => null))?.size ?? 0;
}

/** sources → parsers: reads each input (as scan does, hashing it) into the history. */
export async function ingestInputs(inputs: readonly InputSpec[], opts: IngestOptions): Promise<IngestResult> {
  const store = opts.store;
  const kinds = opts.parsers.map((p) => p.kind);
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  const hasher = new ParallelHasher();
  const done: IngestedInput[] = [];
  let current: RunWriter | null = null;
  // Held in a local so the per-entry call is one hop from the reader to the collector.
  let collector = new CoverageCollector();
  let digest: Promise<FileDigest | null> | null = null;

  const observer: ScanObserver = {
    beginSource(name) {
      const runId = store.startRun({
        kind: name === '-' ? 'stdin' : 'file',
        sourceName: name,
        kinds,
        textService: opts.textService ?? null,
        redacted: opts.redact !== false,
      });
      current = new RunWriter(store, runId, batchSize);
      collector = current.collector;
    },
    // The hot path: one call per entry, straight into the collector.
    summary(tsUs, service, revision) {
      collector.summary(tsUs, service, revision);
    },
    // A large file read in parts on several threads: their coverage, added up.
    mergeCoverage(coverage, revisions) {
      collector.merge(coverage, revisions);
    },
    finding(f) {
      current!.finding(f);
    },
    async endSource(read) {
      const report = await withDigest(read, digest);
      const w = current!;
      current = null;
      const result = w.finish(report, opts.judge?.(report) ?? null);
      done.push(result);
      opts.onInput?.(result);
    },
  };

  try {
    for (const input of inputs) {
      const parallel = opts.parallelHash !== false && input.kind === 'file' && (await sizeOf(input)) >= PARALLEL_HASH_MIN_BYTES;
      digest = parallel ? hasher.hash(input.path) : null;
      await scanInputs([input], {
        parsers: opts.parsers,
        redact: opts.redact !== false,
        hash: !parallel,
        collect: false,
        observer,
        ...(opts.fullParse !== undefined ? { fullParse: opts.fullParse } : {}),
        ...(opts.textService !== undefined ? { textService: opts.textService } : {}),
        ...(opts.maxRecordBytes !== undefined ? { maxRecordBytes: opts.maxRecordBytes } : {}),
        ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
        ...(opts.onProgress !== undefined ? { onProgress: opts.onProgress } : {}),
      });
    }
  } catch (err) {
    // A read that blew up proves nothing: say so now rather than leave it for the next open.
    const w = current as RunWriter | null;
    if (w !== null) {
      try {
        w.flush(); // the findings read so far are real
      } catch {
        // the abandon below still matters more than these
      }
      store.abandonRun(w.runId, `ingest failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    throw err;
  } finally {
    await hasher.close();
  }
  return { inputs: done, totals: totalsOf(done) };
}
