import { stat } from 'node:fs/promises';
import { Command } from 'commander';
import { parsersFor } from '../../parsers/registry.js';
import { ingestInputs, type IngestedInput, type IngestTotals } from '../pipeline/ingest.js';
import { describeSource } from '../report/sourceDiagnostics.js';
import { expandInputs, type InputSpec } from '../sources/inputs.js';
import { MEMORY, openStore, resolveDbPath, DB_ENV, DEFAULT_DB_PATH } from '../store/openStore.js';
import { EXIT, InputError, UsageError } from '../util/errors.js';
import { kindsFrom, kindsOption, writeErr, writeOut } from './common.js';
import { inputFailure } from './scanCommand.js';
import { formatCount, plural } from '../analysis/words.js';

interface IngestFlags {
  db?: string;
  kinds: string;
  strict?: boolean;
  redact: boolean;
  textService?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Inputs smaller than this finish too fast for a progress bar to help. */
const PROGRESS_MIN_BYTES = 50 * 1024 * 1024;



/** One line per input: what was read, what the store now holds because of it. */
function inputLine(r: IngestedInput): string {
  const rep = r.report;
  const read = `${rep.format}${rep.gzip ? ' (gzip)' : ''}, ${plural(rep.entries, 'entry', 'entries')}, ${plural(rep.badRecords, 'bad record')}`;
  const found = `${plural(r.findings, 'finding')} (${formatCount(r.newFindings)} new)`;
  const state = rep.complete ? '' : `; INCOMPLETE: ${rep.incompleteReason ?? 'stopped early'}`;
  let outcome: string;
  if (r.status === 'duplicate') outcome = `duplicate of run #${r.duplicateOf}: same content already ingested, nothing changed`;
  else if (r.status === 'rejected') {
    const why = (r.failure ?? '').startsWith(`${rep.name}: `) ? (r.failure ?? '').slice(rep.name.length + 2) : r.failure;
    outcome = `run #${r.runId} rejected (${why}): no coverage stored`;
  }
  else outcome = `run #${r.runId} stored: ${plural(r.services.length, 'service')}, ${plural(r.buckets, 'minute')} of coverage`;
  return `${rep.name}: ${read}, ${found}${state}; ${outcome}`;
}

function totalLine(t: IngestTotals, db: string): string {
  return (
    `ingest: ${plural(t.inputs, 'input')}, ${plural(t.entries, 'entry', 'entries')}, ${plural(t.newFindings, 'new finding')}` +
    ` (of ${formatCount(t.findings)} read), ${plural(t.duplicates, 'duplicate input')} skipped, ${plural(t.incomplete, 'incomplete input')}` +
    `${t.rejected > 0 ? `, ${plural(t.rejected, 'rejected input')}` : ''} → ${db}`
  );
}

function inputToJson(r: IngestedInput): Record<string, unknown> {
  const rep = r.report;
  return {
    name: rep.name,
    runId: r.runId,
    status: r.status,
    duplicateOf: r.duplicateOf,
    format: rep.format,
    gzip: rep.gzip,
    bytes: rep.bytes,
    contentHash: rep.contentHash,
    entries: rep.entries,
    badRecords: rep.badRecords,
    complete: rep.complete,
    incompleteReason: rep.incompleteReason ?? null,
    firstTimestamp: rep.firstTimestamp,
    lastTimestamp: rep.lastTimestamp,
    findings: r.findings,
    newFindings: r.newFindings,
    services: r.services,
    coverageMinutes: r.buckets,
    failure: r.failure,
  };
}

/** A one-line bar on a TTY stderr: percent, MB read, MB/s. Redrawn at most every 200 ms. */
class ProgressBar {
  private readonly started = Date.now();
  // The first draw waits one interval, so the rate is measured over a real stretch of reading.
  private lastDraw = this.started;
  private drawn = false;

  constructor(
    private readonly name: string,
    private readonly total: number,
  ) {}

  update(bytes: number): void {
    const t = Date.now();
    if (t - this.lastDraw < 200) return;
    this.lastDraw = t;
    const frac = Math.min(1, bytes / this.total);
    const width = 20;
    const fill = Math.round(frac * width);
    const mb = bytes / 1e6;
    const rate = mb / ((t - this.started) / 1000);
    const tail =
      ` [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(frac * 100).toFixed(0).padStart(3)}% ` +
      `${mb.toFixed(0)}/${(this.total / 1e6).toFixed(0)} MB, ${rate.toFixed(0)} MB/s`;
    // The numbers matter more than the name: shorten the name (from the left) to fit the terminal.
    const room = Math.max(8, (process.stderr.columns || 100) - 1 - tail.length);
    const name = this.name.length <= room ? this.name : `…${this.name.slice(this.name.length - room + 1)}`;
    process.stderr.write(`\r${name}${tail}\x1b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
}

async function sizes(inputs: readonly InputSpec[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const i of inputs) {
    if (i.kind !== 'file') continue;
    const s = await stat(i.path).catch(() => null);
    if (s) out.set(i.path, s.size);
  }
  return out;
}

export function ingestCommand(setExit: (code: number) => void): Command {
  return new Command('ingest')
    .summary('parse exports into the history store')
    .description(
      'Reads Cloud Logging exports (everything scan reads: files, globs, .gz, stdin) into the history store: the findings, ' +
        'the coverage (entries per service per minute, with exact first and last times), the revisions seen, and one run ' +
        'per input (content hash, format, entries, bad records, read to its end or not). Ingesting the same bytes twice ' +
        'changes nothing; overlapping exports are merged (a finding is stored once). A killed ingest leaves no coverage ' +
        'behind (it proves nothing) and is completed by running it again.',
    )
    .argument('[INPUT...]', 'export files or globs; - or nothing (with a pipe) reads stdin')
    .option('--db <path>', `history store (default: $${DB_ENV}, else ${DEFAULT_DB_PATH})`)
    .addOption(kindsOption())
    .option('--strict', 'any bad record or incomplete read rejects that input (exit 4; its coverage is not stored)')
    .option('--no-redact', `refused: the history store never holds unredacted secrets (allowed only with --db ${MEMORY})`)
    .option('--text-service <name>', 'service to attribute plain-text lines to (they name none)')
    .option('--json', 'print a JSON document (inputs and totals) on stdout')
    .option('-q, --quiet', 'print nothing on stderr unless something is wrong')
    .addHelpText(
      'after',
      `
Examples:
  $ ssot-watch ingest samples/staging-26h.json
  $ ssot-watch ingest 'exports/*.json.gz' --db /var/lib/ssot-watch/history.db
  $ gcloud logging read 'resource.type="cloud_run_revision"' --format=json | ssot-watch ingest --json

Exit codes: 0 stored, 3 usage error, 4 input error (unreadable, unknown format, nothing readable; with --strict
also any bad record or incomplete read; or a history store this version cannot use), 6 internal error.`,
    )
    .action(async (args: string[], flags: IngestFlags) => {
      const kinds = kindsFrom(flags.kinds);
      const dbPath = resolveDbPath(flags.db);
      if (!flags.redact && dbPath !== MEMORY) {
        throw new UsageError(`--no-redact: the history store (${dbPath}) must never hold secrets; ingest always redacts`);
      }
      const inputs = await expandInputs(args, process.stdin.isTTY === true);
      const sizeOf = process.stderr.isTTY && !flags.quiet ? await sizes(inputs) : new Map<string, number>();
      let bar: ProgressBar | null = null;
      let barFor: string | null = null;
      const onProgress = (input: string, bytes: number): void => {
        if (barFor !== input) {
          bar?.clear();
          barFor = input;
          const total = sizeOf.get(input) ?? 0;
          bar = total > PROGRESS_MIN_BYTES ? new ProgressBar(input, total) : null;
        }
        bar?.update(bytes);
      };
      const store = openStore(dbPath);
      const failures: string[] = [];
      let result;
      try {
        result = await ingestInputs(inputs, {
          store,
          parsers: parsersFor(kinds, { redact: flags.redact }),
          redact: flags.redact,
          ...(flags.textService ? { textService: flags.textService } : {}),
          judge: (r) => inputFailure(r, flags.strict === true),
          ...(sizeOf.size > 0 ? { onProgress } : {}),
          onInput: (r) => {
            (bar as ProgressBar | null)?.clear();
            if (r.failure) failures.push(r.failure);
            const troubled = r.failure !== null || !r.report.complete || r.report.badRecords > 0;
            if (!flags.quiet || troubled) {
              writeErr(inputLine(r));
              if (troubled) for (const line of describeSource(r.report).slice(1)) writeErr(line);
            }
          },
        });
      } finally {
        (bar as ProgressBar | null)?.clear();
        store.close();
      }
      if (!flags.quiet) writeErr(totalLine(result.totals, dbPath));
      if (flags.json) {
        writeOut(JSON.stringify({ db: dbPath, inputs: result.inputs.map(inputToJson), totals: result.totals }, null, 2) + '\n');
      }
      if (failures.length > 0) {
        for (const f of failures) writeErr(`ssot-watch: error: ${f}`);
        throw new InputError(`${failures.length} input${failures.length === 1 ? '' : 's'} could not be used`);
      }
      setExit(EXIT.OK);
    });
}
