import type Database from 'better-sqlite3';
import type { CoverageBucket, Finding, SourceRef } from '../model/index.js';
import { CheckpointsRepo } from './checkpointsRepo.js';
import { CoverageRepo } from './coverageRepo.js';
import { StoreError } from './errors.js';
import { FindingsRepo } from './findingsRepo.js';
import { currentOwner, type Owner } from './liveness.js';
import { toRunRow } from './rows.js';
import { RevisionsRepo } from './revisionsRepo.js';
import { RunsRepo } from './runs.js';
import type {
  FindingGroupRow,
  FindingQuery,
  GroupBy,
  KindsFilter,
  PageData,
  PullCheckpoint,
  PullParams,
  ResumableRun,
  RevisionRow,
  RunData,
  RunFinish,
  RunRow,
  RunStart,
  RunStatus,
} from './types.js';

function now(): string {
  return new Date().toISOString();
}

function servicesOf(data: { coverage: RunData['coverage']; revisions: RunData['revisions'] }): Set<string> {
  return new Set([...data.coverage.keys(), ...data.revisions.keys()]);
}

/**
 * The history: findings, coverage, runs, revisions and pull checkpoints in one SQLite file.
 * better-sqlite3 is synchronous: every write here is one short IMMEDIATE transaction (the write
 * lock is taken up front, so a concurrent writer waits on busy_timeout instead of failing on a
 * lock upgrade). Open with `openStore`.
 */
export class HistoryStore {
  private readonly runsRepo: RunsRepo;
  private readonly findingsRepo: FindingsRepo;
  private readonly coverageRepo: CoverageRepo;
  private readonly revisionsRepo: RevisionsRepo;
  private readonly checkpoints: CheckpointsRepo;
  private readonly owner: Owner = currentOwner();

  constructor(
    /** The underlying connection, for tests and maintenance; commands use the methods. */
    readonly db: Database.Database,
    /** The file (or `:memory:`), as opened. */
    readonly path: string,
    readonly schemaVersion: number,
  ) {
    this.runsRepo = new RunsRepo(db);
    this.findingsRepo = new FindingsRepo(db);
    this.coverageRepo = new CoverageRepo(db);
    this.revisionsRepo = new RevisionsRepo(db);
    this.checkpoints = new CheckpointsRepo(db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ── runs ─────────────────────────────────────────────────────────────────────────────

  /** Registers a run as `running`, owned by this process. */
  startRun(start: RunStart): number {
    return this.write(() => this.runsRepo.insert(start, this.owner, now()));
  }

  /**
   * Stores a batch of findings read by a running run (its own short transaction); returns how
   * many were new. Findings already stored (same id) are left as they are.
   */
  writeFindings(runId: number, findings: readonly Finding[]): number {
    if (findings.length === 0) return 0;
    return this.write(() => {
      this.runsRepo.requireRunning(runId);
      return this.findingsRepo.insertMany(runId, findings);
    });
  }

  /**
   * Ends a run in ONE transaction. With `data` (a file read): when a done run already read the
   * same bytes (content hash) with the same options, this run becomes `duplicate` and nothing else
   * changes; otherwise its coverage, revisions and services are written and it becomes `done`.
   * Without `data` (a pull, whose data came with its checkpoints) it just becomes `done`.
   * A run that stopped early is still `done`, with `complete: false`: its data counts, and the
   * verdict knows the source was cut.
   */
  finishRun(runId: number, finish: RunFinish, data?: RunData): { status: RunStatus; duplicateOf: number | null } {
    return this.write(() => {
      const run = this.runsRepo.requireRunning(runId);
      const t = now();
      if (data && finish.contentHash !== null) {
        const dup = this.runsRepo.findDuplicate(run, finish.contentHash);
        if (dup !== null) {
          this.runsRepo.markDuplicate(runId, dup, finish, t);
          return { status: 'duplicate' as const, duplicateOf: dup };
        }
      }
      if (data) {
        this.coverageRepo.writeRun(runId, data.coverage);
        this.revisionsRepo.merge(data.revisions);
        this.runsRepo.addServices(runId, servicesOf(data));
      }
      this.runsRepo.markDone(runId, finish, t);
      return { status: 'done' as const, duplicateOf: null };
    });
  }

  /** The input could not be used (unknown format, nothing readable, `--strict`): no coverage is stored. */
  rejectRun(runId: number, finish: RunFinish, reason: string): void {
    this.write(() => {
      this.runsRepo.requireRunning(runId);
      this.runsRepo.markRejected(runId, finish, reason, now());
    });
  }

  /** Gives a run up (a read that threw, a pull that lost its source): it proves nothing; pulls can resume it. */
  abandonRun(runId: number, reason: string): boolean {
    return this.write(() => this.runsRepo.markAbandoned(runId, reason, now()));
  }

  /** Runs left `running` by a process that no longer exists become `abandoned`. Done on open. */
  reapAbandoned(): number[] {
    if (this.runsRepo.deadRunning().length === 0) return []; // a read: no write lock when there is nothing to do
    return this.write(() => {
      const dead = this.runsRepo.deadRunning();
      const t = now();
      return dead.filter((id) => this.runsRepo.markAbandoned(id, 'the process writing it died before finishing', t));
    });
  }

  run(runId: number): RunRow | null {
    const r = this.runsRepo.get(runId);
    return r ? toRunRow(r) : null;
  }

  runs(): RunRow[] {
    return this.runsRepo.list();
  }

  /** Runs whose process died before finishing: they prove nothing, but verify should say they exist. */
  abandonedRuns(): RunRow[] {
    return this.runsRepo.list('abandoned');
  }

  /**
   * The done runs (complete or not) that speak for `service` in [fromUs, toUs): files whose
   * first..last entry range overlaps the window and that saw the service, and pulls whose
   * requested range overlaps it and that asked for the service (or for all). With `kinds`, only
   * runs that looked for all of them.
   */
  sources(service: string, fromUs: number, toUs: number, opts: KindsFilter = {}): SourceRef[] {
    return this.runsRepo.sources(service, fromUs, toUs, opts.kinds).map(toSourceRef);
  }

  // ── pulls ────────────────────────────────────────────────────────────────────────────

  /**
   * Applies one page of a pull and its checkpoint in ONE transaction. The page is applied only
   * when `checkpoint.seq` is the next page number (stored seq + 1; 1 for the first page): a page
   * replayed after a crash (seq already stored) changes nothing and returns false, so its
   * entries can never be added twice. A seq that skips ahead is a bug and throws.
   */
  saveCheckpoint(runId: number, checkpoint: PullCheckpoint, page: PageData): { applied: boolean; newFindings: number } {
    return this.write(() => {
      this.runsRepo.requireRunning(runId);
      const stored = this.checkpoints.get(runId)?.seq ?? 0;
      if (checkpoint.seq <= stored) return { applied: false, newFindings: 0 };
      if (checkpoint.seq !== stored + 1) {
        throw new StoreError(`run ${runId}: checkpoint ${checkpoint.seq} does not follow the stored checkpoint ${stored}`);
      }
      const newFindings = this.findingsRepo.insertMany(runId, page.findings);
      this.coverageRepo.addDelta(runId, page.coverage);
      this.revisionsRepo.merge(page.revisions);
      this.runsRepo.addServices(runId, servicesOf(page));
      this.checkpoints.put(runId, checkpoint, now());
      return { applied: true, newFindings };
    });
  }

  checkpoint(runId: number): PullCheckpoint | null {
    return this.checkpoints.get(runId);
  }

  /**
   * The latest abandoned pull with exactly these parameters, and where it stopped. Running pulls
   * (a live process) are not offered. Take it over with `claimRun` before writing to it.
   */
  findResumableRun(params: PullParams): ResumableRun | null {
    this.reapAbandoned();
    const r = this.runsRepo.findResumable(params);
    return r ? { run: toRunRow(r), checkpoint: this.checkpoints.get(r.id) } : null;
  }

  /** Makes an abandoned run `running` again, owned by this process; false if another process claimed it first. */
  claimRun(runId: number): boolean {
    return this.write(() => this.runsRepo.claim(runId, this.owner));
  }

  // ── queries ──────────────────────────────────────────────────────────────────────────

  findings(q: FindingQuery = {}): Finding[] {
    return this.findingsRepo.list(q);
  }

  /** The same, streamed: for outputs that can be written as they are read. */
  iterateFindings(q: FindingQuery = {}): Generator<Finding> {
    return this.findingsRepo.iterate(q);
  }

  /** Just the times of the matching findings, ascending (clean-window computations need no more). */
  findingTimes(q: FindingQuery = {}): number[] {
    return this.findingsRepo.times(q);
  }

  countFindings(q: FindingQuery = {}): number {
    return this.findingsRepo.count(q);
  }

  groupFindings(q: FindingQuery, by: GroupBy): FindingGroupRow[] {
    return this.findingsRepo.group(q, by);
  }

  /** Minute buckets of `service` touching [fromUs, toUs), aggregated over done runs (see CoverageRepo.query). */
  coverage(service: string, fromUs: number, toUs: number, opts: KindsFilter = {}): CoverageBucket[] {
    return this.coverageRepo.query(service, fromUs, toUs, opts.kinds);
  }

  /**
   * The first and last entry of `service` the history holds (coverage of done runs, any kinds);
   * null when it holds none. Query commands use it to default their range to the known history.
   */
  serviceSpan(service: string): { firstUs: number; lastUs: number } | null {
    return this.coverageRepo.span(service);
  }

  /** Every service the history knows (from coverage, findings or revisions), sorted. */
  services(): string[] {
    return [...new Set([...this.coverageRepo.services(), ...this.findingsRepo.services(), ...this.revisionsRepo.services()])].sort();
  }

  revisions(service: string): RevisionRow[] {
    return this.revisionsRepo.list(service);
  }

  latestRevision(service: string): RevisionRow | null {
    return this.revisionsRepo.latest(service);
  }

  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}

function toSourceRef(r: RunRow): SourceRef {
  return {
    runId: r.runId,
    kind: r.kind,
    name: r.name,
    format: r.format,
    contentHash: r.contentHash,
    entries: r.entries,
    badRecords: r.badRecords,
    complete: r.complete,
    incompleteReason: r.incompleteReason,
    firstUs: r.firstUs,
    lastUs: r.lastUs,
    rangeStartUs: r.rangeStartUs,
    rangeEndUs: r.rangeEndUs,
    sampled: r.sampled,
  };
}

