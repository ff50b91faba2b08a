import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CoverageBucket, Finding, Kind, ReadReport } from '../model/index.js';
import { formatUs } from '../model/index.js';
import type { PartRead } from '../sources/readPart.js';
import { reportNotes } from '../sources/reportNotes.js';
import type { ReadOptions } from '../sources/sink.js';
import type { Layout, Part } from '../sources/splitPlan.js';
import type { CoverageMap, RevisionMap } from '../store/types.js';
import type { PartJob, PartMessage } from './partProtocol.js';

/** Below this size a file is read on one thread: worker start-up would cost more than it saves. */
export const PARALLEL_MIN_BYTES = 64 << 20;
export const THREADS_ENV = 'SSOT_WATCH_THREADS';
export const PARALLEL_MIN_ENV = 'SSOT_WATCH_PARALLEL_MIN_BYTES';

/**
 * Threads for one large file: SSOT_WATCH_THREADS, else the machine's cores, at most 3. Each
 * thread costs ~35 MiB (its own V8 heap and windows): three keep a read under 200 MiB.
 */
export function threadsFor(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env[THREADS_ENV]);
  if (Number.isInteger(v) && v >= 1) return Math.min(v, 16);
  return Math.max(1, Math.min(3, availableParallelism()));
}

/**
 * The compiled worker next to this module, or null when this module runs from TypeScript
 * source (tests import src/ directly): then files are read on one thread.
 */
export function partWorkerUrl(): URL | null {
  const url = new URL('./partWorker.js', import.meta.url);
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(url)) ? url : null;
}

export function parallelMinBytes(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env[PARALLEL_MIN_ENV]);
  return Number.isInteger(v) && v > 0 ? v : PARALLEL_MIN_BYTES;
}

export interface ParallelSinks {
  /** Bytes read so far, all parts together. */
  progress?(bytes: number): void;
  /** Findings in file order, with entry indexes and lines as one sequential read would give them. */
  finding(f: Finding): void;
  /** Coverage and revision spans of the whole file (only asked for when `coverage` is true). */
  coverage?(coverage: CoverageMap, revisions: RevisionMap): void;
}

export interface ParallelResult {
  report: ReadReport;
  perService: Map<string | null, number>;
}

interface PartOutcome {
  read: PartRead;
  perService: [string | null, number][];
  coverage: [string, CoverageBucket[]][];
  revisions: [string, [string, { firstUs: number; lastUs: number }][]][];
}

function runPart(job: PartJob, onFindings: (fs: Finding[]) => void, onProgress: (bytes: number) => void): Promise<PartOutcome> {
  return new Promise((resolve, reject) => {
    const url = partWorkerUrl();
    if (!url) {
      reject(new Error('parallel read: the compiled part worker is missing'));
      return;
    }
    const worker = new Worker(url, { workerData: job });
    let settled = false;
    worker.on('message', (m: PartMessage) => {
      if (m.type === 'findings') onFindings(m.findings);
      else if (m.type === 'progress') onProgress(m.bytes);
      else if (m.type === 'done') {
        settled = true;
        resolve(m);
      } else {
        settled = true;
        reject(new Error(`reading ${job.name} bytes ${job.part.start}..${job.part.end} failed: ${m.message}`));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the thread reading ${job.name} bytes ${job.part.start}..${job.part.end} exited with code ${code}`));
    });
  });
}

/**
 * Reads one large file as several parts at once (one thread each) and adds them up into the
 * ReadReport and the findings one sequential read would give: entry indexes and JSON Lines line
 * numbers are shifted by the parts before; findings are handed on in file order.
 */
export async function readParallel(
  path: string,
  name: string,
  size: number,
  plan: { layout: Layout; parts: Part[] },
  job: { kinds: Kind[]; redact: boolean; coverage: boolean; read: Omit<ReadOptions, 'onProgress'> },
  sinks: ParallelSinks,
): Promise<ParallelResult> {
  const n = plan.parts.length;
  const pending: Finding[][] = Array.from({ length: n }, () => []);
  const done: (PartOutcome | null)[] = new Array(n).fill(null);
  // Parts before `next` have been handed on; part `next` streams straight through.
  let next = 0;
  let indexBase = 0;
  let lineBase = 0;

  const shift = (f: Finding): Finding => {
    if (f.source) {
      f.source.index += indexBase;
      if (f.source.line !== undefined) f.source.line += lineBase;
    }
    return f;
  };
  const release = (): void => {
    while (next < n) {
      for (const f of pending[next]!) sinks.finding(shift(f));
      pending[next] = [];
      const d = done[next];
      if (!d) return;
      indexBase += d.read.records;
      lineBase += d.read.lines;
      next++;
    }
  };

  const progress: number[] = new Array(n).fill(0);
  const runs = plan.parts.map((part, k) =>
    runPart(
      { path, name, layout: plan.layout, part, ...job },
      (fs) => {
        pending[k]!.push(...fs);
        if (k === next) release();
      },
      (bytes) => {
        progress[k] = bytes;
        sinks.progress?.(progress.reduce((a, b) => a + b, 0));
      },
    ).then((outcome) => {
      done[k] = outcome;
      if (k === next) release();
      return outcome;
    }),
  );
  const outcomes = await Promise.all(runs);
  release();
  return merge(name, size, plan, outcomes, sinks);
}

function merge(name: string, size: number, plan: { layout: Layout; parts: Part[] }, outcomes: PartOutcome[], sinks: ParallelSinks): ParallelResult {
  const perService = new Map<string | null, number>();
  const coverage: CoverageMap = new Map();
  const revisions: RevisionMap = new Map();
  let entries = 0;
  let badRecords = 0;
  let untimed = 0;
  let firstUs: number | null = null;
  let lastUs: number | null = null;
  let incomplete: string | null = null;
  let lineBase = 0;
  const samples: ReadReport['badRecordSamples'] = [];
  const notes: string[] = [];
  for (const [k, o] of outcomes.entries()) {
    const r = o.read;
    entries += r.entries;
    badRecords += r.badRecords;
    untimed += r.untimed;
    if (r.firstUs !== null && (firstUs === null || r.firstUs < firstUs)) firstUs = r.firstUs;
    if (r.lastUs !== null && (lastUs === null || r.lastUs > lastUs)) lastUs = r.lastUs;
    incomplete ??= r.failure ?? r.incomplete;
    for (const b of r.samples) samples.push(b.line !== undefined ? { ...b, line: b.line + lineBase } : b);
    lineBase += r.lines;
    if (!plan.parts[k]!.last && !r.cleanEnd) {
      // The plan cuts only between entries; a part that did not end there met malformed data.
      notes.push(`part ${k + 1} of the parallel read ended inside an entry (bytes ${r.start}..${r.end}): the export is malformed there`);
    }
    for (const [s, c] of o.perService) perService.set(s, (perService.get(s) ?? 0) + c);
    for (const [s, buckets] of o.coverage) {
      let m = coverage.get(s);
      if (!m) coverage.set(s, (m = new Map()));
      for (const b of buckets) {
        const had = m.get(b.minute);
        if (!had) m.set(b.minute, b);
        else {
          had.entries += b.entries;
          if (b.firstUs < had.firstUs) had.firstUs = b.firstUs;
          if (b.lastUs > had.lastUs) had.lastUs = b.lastUs;
        }
      }
    }
    for (const [s, revs] of o.revisions) {
      let m = revisions.get(s);
      if (!m) revisions.set(s, (m = new Map()));
      for (const [rev, span] of revs) {
        const had = m.get(rev);
        if (!had) m.set(rev, span);
        else {
          if (span.firstUs < had.firstUs) had.firstUs = span.firstUs;
          if (span.lastUs > had.lastUs) had.lastUs = span.lastUs;
        }
      }
    }
  }
  samples.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
  const format = (outcomes[0]?.read.format ?? 'gcloud-array') as ReadReport['format'];
  for (const note of reportNotes(format, entries, { values: {}, groupCounts: {}, declaredCounts: {} })) {
    notes.push(note.text);
    if (note.incomplete) incomplete ??= note.text;
  }
  if (untimed > 0) notes.push(`${untimed} entries carry no timestamp: they cannot prove coverage`);
  sinks.coverage?.(coverage, revisions);
  const report: ReadReport = {
    name,
    format,
    gzip: false,
    entries,
    bytes: size,
    decodedBytes: size,
    badRecords,
    badRecordSamples: samples.slice(0, 20),
    complete: incomplete === null,
    ...(incomplete !== null ? { incompleteReason: incomplete } : {}),
    contentHash: null,
    firstTimestamp: firstUs === null ? null : formatUs(firstUs),
    lastTimestamp: lastUs === null ? null : formatUs(lastUs),
    untimedEntries: untimed,
    notes,
  };
  return { report, perService };
}
