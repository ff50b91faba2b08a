import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Finding, Kind, ReadReport } from '../model/index.js';
import { ReportBuilder } from '../sources/reportBuilder.js';
import { CoverageCollector } from '../store/coverageCollector.js';
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

type PartOutcome = Extract<PartMessage, { type: 'done' }>;

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
  const rb = new ReportBuilder(20);
  const collector = new CoverageCollector();
  const perService = new Map<string | null, number>();
  let lineBase = 0;
  for (const [k, o] of outcomes.entries()) {
    const r = o.read;
    rb.addPart(r, lineBase);
    lineBase += r.lines;
    if (!plan.parts[k]!.last && !r.cleanEnd) {
      // The plan cuts only between entries; a part that did not end there met malformed data.
      rb.notes.push(`part ${k + 1} of the parallel read ended inside an entry (bytes ${r.start}..${r.end}): the export is malformed there`);
    }
    for (const [s, c] of o.perService) perService.set(s, (perService.get(s) ?? 0) + c);
    collector.merge(o.coverage, o.revisions);
  }
  const format = (outcomes[0]?.read.format ?? 'gcloud-array') as ReadReport['format'];
  for (const note of reportNotes(format, rb.entries, { values: {}, groupCounts: {}, declaredCounts: {} })) {
    rb.notes.push(note.text);
    if (note.incomplete) rb.markIncomplete(note.text);
  }
  sinks.coverage?.(collector.coverage, collector.revisions);
  return { report: rb.build({ name, gzip: false, bytes: size, contentHash: null }, format, size), perService };
}
