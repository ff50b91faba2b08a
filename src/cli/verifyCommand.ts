import { appendFileSync, readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { parsersFor } from '../../parsers/registry.js';
import { parseCriteriaText, type Criterion } from '../analysis/criteria.js';
import { KINDS, worstVerdict, verdictExitCode, type Kind } from '../model/index.js';
import { ingestInputs } from '../pipeline/ingest.js';
import { verifyFromStore, type VerifyOutcome, type VerifySpec } from '../pipeline/verify.js';
import { shellWord } from '../report/escape.js';
import { describeSource } from '../report/sourceDiagnostics.js';
import { verdictToJson } from '../report/verdictJson.js';
import { renderVerdictJunit } from '../report/verdictJunit.js';
import { renderVerdictMarkdown } from '../report/verdictMarkdown.js';
import { renderVerdictText } from '../report/verdictText.js';
import { expandInputs } from '../sources/inputs.js';
import type { HistoryStore } from '../store/historyStore.js';
import { MEMORY, openStore, resolveDbPath } from '../store/openStore.js';
import { parseDuration } from '../time/duration.js';
import { formatUtc } from '../time/format.js';
import { parseMaxGap } from '../time/maxGap.js';
import { parseAtArg } from '../time/parseTime.js';
import { EXIT, InputError, UsageError } from '../util/errors.js';
import { explainFailure } from '../cloud/apiErrors.js';
import { prepareFromCloud } from '../pipeline/verifyCloud.js';
import { cloudOptions, connectLogging, requestPolicyFrom, type CloudFlags } from './cloudOptions.js';
import { StatusLine } from './statusLine.js';
import { formatOption, kindsFrom, kindsOption, pickFormat, writeErr, writeOut } from './common.js';
import { clockFromEnv, dbOption, tzOption, zoneFrom } from './options.js';
import { inputFailure } from './scanCommand.js';

interface VerifyFlags extends CloudFlags {
  clean: string;
  at: string;
  service?: string;
  kinds: string;
  maxGap: string;
  sinceRevision?: string;
  criteria?: string;
  strict?: boolean;
  badTolerance: string;
  format: string;
  json?: boolean;
  tz?: string;
  db?: string;
  redact: boolean;
  textService?: string;
  quiet?: boolean;
}

/** `0.1%` or `0.001` → 0.001. */
export function parseTolerance(text: string): number {
  const t = text.trim();
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  const v = pct ? Number(pct[1]) / 100 : /^\d+(?:\.\d+)?$/.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(v) || v < 0 || v > 1) {
    throw new UsageError(`--bad-tolerance: expected a ratio like 0.001 or a percentage like 0.1% (got "${text}")`);
  }
  return v;
}

/** The specs to judge: one from the flags, or one per criterion (flags fill what a criterion leaves out). */
function specsOf(flags: VerifyFlags, atUs: number, kinds: Kind[], maxGapUs: number | null, criteria: Criterion[] | null): VerifySpec[] {
  const base: Omit<VerifySpec, 'name' | 'cleanUs'> = {
    kinds,
    atUs,
    maxGapUs,
    ...(flags.service !== undefined ? { service: flags.service } : {}),
    ...(flags.sinceRevision !== undefined ? { sinceRevision: flags.sinceRevision } : {}),
  };
  if (!criteria) return [{ ...base, name: null, cleanUs: parseDuration(flags.clean, { what: '--clean' }) }];
  return criteria.map((c) => ({
    ...base,
    name: c.name,
    cleanUs: c.cleanUs,
    ...(c.service !== undefined ? { service: c.service } : {}),
    ...(c.kinds !== undefined ? { kinds: c.kinds } : {}),
    ...(c.maxGapUs !== undefined ? { maxGapUs: c.maxGapUs } : {}),
    ...(c.atUs !== undefined ? { atUs: c.atUs } : {}),
    ...(c.sinceRevision !== undefined ? { sinceRevision: c.sinceRevision } : {}),
  }));
}

/** The command that gives the same verdict again: relative times resolved to the instant used. */
function reproduceCommand(args: readonly string[], flags: VerifyFlags, atUs: number, format: string): string {
  const parts = ['ssot-watch', 'verify', ...args];
  if (flags.criteria) parts.push('--criteria', flags.criteria);
  else parts.push('--clean', flags.clean);
  parts.push('--at', formatUtc(atUs));
  if (flags.service) parts.push('--service', flags.service);
  if (flags.kinds !== KINDS.join(',')) parts.push('--kinds', flags.kinds);
  if (flags.maxGap !== '30m') parts.push('--max-gap', flags.maxGap);
  if (flags.sinceRevision) parts.push('--since-revision', flags.sinceRevision);
  if (flags.strict) parts.push('--strict');
  if (flags.badTolerance !== '0.1%') parts.push('--bad-tolerance', flags.badTolerance);
  if (flags.project) parts.push('--project', flags.project);
  if (flags.db) parts.push('--db', flags.db);
  if (flags.textService) parts.push('--text-service', flags.textService);
  if (flags.tz) parts.push('--tz', flags.tz);
  parts.push('--format', format);
  return parts.map(shellWord).join(' ');
}

async function loadInputs(args: string[], store: HistoryStore, kinds: Kind[], flags: VerifyFlags): Promise<void> {
  const inputs = await expandInputs(args, true);
  const failures: string[] = [];
  const result = await ingestInputs(inputs, {
    store,
    parsers: parsersFor(kinds, { redact: flags.redact }),
    redact: flags.redact,
    judge: (r) => inputFailure(r, flags.strict === true),
    ...(flags.textService ? { textService: flags.textService } : {}),
  });
  for (const i of result.inputs) {
    const problem = !i.report.complete || i.report.badRecords > 0 || i.failure;
    if (!flags.quiet || problem) for (const line of describeSource(i.report)) writeErr(line);
    if (i.failure) failures.push(i.failure);
  }
  if (failures.length > 0) {
    for (const f of failures) writeErr(`ssot-watch: error: ${f}`);
    throw new InputError(`${failures.length} input${failures.length === 1 ? '' : 's'} could not be used; no verdict given`);
  }
}

export function verifyCommand(setExit: (code: number) => void): Command {
  const cmd = new Command('verify')
    .summary('the verdict for a window: CLEAN, DIRTY or INCONCLUSIVE, with its reasons')
    .description(
      'Answers "has SERVICE been free of these problems for --clean, up to --at?" with proof. CLEAN only when the ' +
        'window holds no finding AND entries of the service cover it with no gap longer than --max-gap AND every ' +
        'source that fed it was read to its end with bad records within tolerance. Findings: DIRTY. No findings but ' +
        'not proven: INCONCLUSIVE, with every reason. With INPUTs they are read first (into memory, or into --db); ' +
        'without, the history store is used (see ingest).',
    )
    .argument('[INPUT...]', 'exports to read first (files, globs, - for stdin); none: use the history store')
    .addOption(new Option('--clean <duration>', 'how long the window must be clean, ending at --at (e.g. 24h, 90m, 2d)').default('24h'))
    .addOption(new Option('--at <time>', 'end of the window (exclusive): ISO 8601 with Z or an offset, now, now-2h').default('now'))
    .option('--service <name>', 'the Cloud Run service (required when the data holds more than one)')
    .addOption(kindsOption())
    .addOption(new Option('--max-gap <duration>', 'longest stretch without any entry that still counts as covered; none to turn off').default('30m'))
    .option('--since-revision <rev>', 'start the window at this revision\'s first entry (a name, or latest); shorter than --clean → INCONCLUSIVE')
    .option('--criteria <file>', 'JSON file of named criteria, each {name, clean, service?, kinds?, sinceRevision?, maxGap?, at?}; all are judged, the exit code is the worst')
    .option('--strict', 'any bad record in a source makes it unsound (default: more than --bad-tolerance)')
    .addOption(new Option('--bad-tolerance <ratio>', 'bad records a source may have, as a share of its entries (0.001 or 0.1%)').default('0.1%'))
    .addOption(formatOption(['table', 'json', 'markdown', 'junit'], 'table'))
    .option('--json', 'same as --format json')
    .addOption(tzOption())
    .addOption(dbOption())
    .option('--no-redact', 'keep tokens as logged (only with an in-memory store: secrets are never stored)')
    .option('--text-service <name>', 'service to attribute plain-text lines to (they name none)')
    .option('-q, --quiet', 'print nothing on stderr unless something is wrong');
  for (const o of cloudOptions()) cmd.addOption(o);
  return cmd
    .addHelpText(
      'after',
      `
With --project, verify first reads from Cloud Logging what the window needs and the history store does
not already hold from complete pulls (see pull: findings by server-side filter, coverage by probes), then
judges from the store. A source that gives out (quota, network) leaves the verdict INCONCLUSIVE and exits 5.

Examples:
  $ ssot-watch verify samples/staging-26h.json --clean 24h --at 2025-09-15T22:00:00Z
  $ ssot-watch verify --project netra-staging --service netra-backend-staging --clean 24h
  $ ssot-watch verify --db .ssot-watch/history.db --service netra-backend-staging --clean 24h --kinds ssot_warning
  $ ssot-watch verify --service api --since-revision latest --clean 24h --format markdown >> evidence.md
  $ ssot-watch verify --criteria criteria.json --format junit > ssot-watch.xml

Formats: table (default), json (one document: verdict, window, service, kinds, findings, coverage{entries,gaps},
sources, reasons), markdown (an evidence block for an issue or PR, with the command to reproduce it; also
appended to $GITHUB_STEP_SUMMARY when set), junit (one test case per criterion: DIRTY = failure, INCONCLUSIVE = error).

Exit codes: 0 CLEAN, 1 DIRTY, 2 INCONCLUSIVE (with --criteria: the worst), 3 usage error, 4 input error
(unreadable or unknown input, no history store), 5 Cloud Logging unavailable (credentials, network,
quota; the verdict is still printed), 6 internal error.`,
    )
    .action(async (args: string[], flags: VerifyFlags) => {
      const clock = clockFromEnv();
      const nowUs = clock();
      const zone = zoneFrom(flags.tz);
      const atUs = parseAtArg(flags.at, () => nowUs);
      const kinds = kindsFrom(flags.kinds);
      const maxGapUs = parseMaxGap(flags.maxGap);
      const tolerance = parseTolerance(flags.badTolerance);
      let criteria: Criterion[] | null = null;
      if (flags.criteria) {
        let text: string;
        try {
          text = readFileSync(flags.criteria, 'utf8');
        } catch (err) {
          throw new InputError(`--criteria ${flags.criteria}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
        }
        criteria = parseCriteriaText(text, { clock: () => nowUs, source: flags.criteria });
      }
      const specs = specsOf(flags, atUs, kinds, maxGapUs ?? null, criteria);
      const format = pickFormat(flags);

      if (flags.project && args.length > 0) throw new UsageError('give export files or --project, not both');
      const dbPath = args.length > 0 ? (flags.db ? resolveDbPath(flags.db) : MEMORY) : resolveDbPath(flags.db);
      if (!flags.redact && dbPath !== MEMORY) throw new UsageError('--no-redact only works with an in-memory store (no --db): secrets are never stored');
      const cloud = flags.project ? { policy: requestPolicyFrom(flags), api: await connectLogging(flags) } : null;
      const store = openStore(dbPath, args.length > 0 || cloud ? {} : { mustExist: true });
      let sourceFailed: string | null = null;
      try {
        if (args.length > 0) {
          const allKinds = [...new Set(specs.flatMap((s) => s.kinds))];
          await loadInputs(args, store, allKinds, flags);
        }
        let prepared: { spec: VerifySpec; pull?: VerifyOutcome['pull'] }[] = specs.map((spec) => ({ spec }));
        if (cloud) {
          const status = new StatusLine(process.stderr.isTTY === true && !flags.quiet);
          try {
            const done = await prepareFromCloud(
              {
                store,
                api: cloud.api,
                project: flags.project!,
                policy: cloud.policy,
                nowUs,
                onProgress: (p) => status.update(`pulling: ${p.stage}, ${p.requests} requests, ${p.findings} findings, ${p.probePoints} probe points`),
              },
              specs,
            );
            prepared = done.map((d) => ({ spec: d.spec, pull: d.pull }));
            const failure = done.find((d) => d.failure)?.failure;
            if (failure) sourceFailed = explainFailure(failure, flags.project!);
            const requests = done.reduce((s, d) => s + d.pull.requests, 0);
            if (!flags.quiet) writeErr(`verify: ${requests} Cloud Logging request${requests === 1 ? '' : 's'} for ${done.length} window${done.length === 1 ? '' : 's'}`);
          } finally {
            status.clear();
            await cloud.api.close().catch(() => {});
          }
        }
        const outcomes: VerifyOutcome[] = prepared.map(({ spec, pull }) => {
          const o = verifyFromStore({ store, nowUs, strict: flags.strict === true, badRecordTolerance: tolerance }, spec);
          return pull ? { ...o, pull } : o;
        });
        const reproduce = reproduceCommand(args, flags, atUs, format === 'table' ? 'markdown' : format);
        let output: string;
        if (format === 'json') {
          const docs = outcomes.map((o) => verdictToJson(o, zone));
          const doc =
            criteria === null
              ? { ...docs[0], checkedAt: formatUtc(nowUs), reproduce }
              : { verdict: worstVerdict(outcomes.map((o) => o.result.verdict)), checkedAt: formatUtc(nowUs), reproduce, criteria: docs };
          output = JSON.stringify(doc, null, 2) + '\n';
        } else if (format === 'markdown') {
          output = renderVerdictMarkdown(outcomes, { zone, reproduce, checkedAtUs: nowUs });
          const summary = process.env['GITHUB_STEP_SUMMARY'];
          if (summary) {
            try {
              appendFileSync(summary, output);
            } catch (err) {
              writeErr(`ssot-watch: warning: could not append to GITHUB_STEP_SUMMARY (${summary}): ${(err as Error).message}`);
            }
          }
        } else if (format === 'junit') {
          output = renderVerdictJunit(outcomes, { checkedAtUs: nowUs, reproduce });
        } else {
          output = outcomes.map((o) => renderVerdictText(o, zone)).join('\n');
          if (outcomes.length > 1) output += `\noverall: ${worstVerdict(outcomes.map((o) => o.result.verdict))} (the worst of ${outcomes.length} criteria)\n`;
        }
        writeOut(output);
        if (sourceFailed) {
          writeErr(`ssot-watch: error: ${sourceFailed}`);
          setExit(EXIT.SOURCE_UNAVAILABLE);
        } else setExit(verdictExitCode(worstVerdict(outcomes.map((o) => o.result.verdict))));
      } finally {
        store.close();
      }
    });
}
