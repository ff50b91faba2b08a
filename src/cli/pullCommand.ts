import { Command, Option } from 'commander';
import { allNeedles, parsersFor } from '../../parsers/registry.js';
import { analyzePullPlan, type PlanDescription } from '../cloud/dryRun.js';
import type { CoverageMode, PullSpec } from '../cloud/pullPlan.js';
import { ApiRequester } from '../cloud/requester.js';
import { realTimer } from '../cloud/timer.js';
import { explainFailure } from '../cloud/apiErrors.js';
import { formatUs } from '../model/index.js';
import { pull, type PullOutcome, type PullProgress } from '../pipeline/pull.js';
import { formatDuration } from '../time/duration.js';
import { DEFAULT_MAX_GAP_US, parseMaxGap } from '../time/maxGap.js';
import { parseDuration } from '../time/duration.js';
import { parseRangeArgs } from '../time/parseTime.js';
import type { Clock } from '../time/clock.js';
import { EXIT, SourceUnavailableError, UsageError } from '../util/errors.js';
import { cloudOptions, connectLogging, projectFrom, requestPolicyFrom, type CloudFlags } from './cloudOptions.js';
import { kindsFrom, kindsOption, writeErr, writeOut } from './common.js';
import { clockFromEnv, dbOption, openStoreFromFlags } from './options.js';
import { StatusLine } from './statusLine.js';
import { formatCount } from '../analysis/words.js';

interface PullFlags extends CloudFlags {
  service: string[];
  since?: string;
  from?: string;
  to?: string;
  kinds: string;
  db?: string;
  maxGap: string;
  coverage: CoverageMode;
  dryRun?: boolean;
  json?: boolean;
  quiet?: boolean;
}

export function serviceOption(): Option {
  return new Option('-s, --service <name>', 'Cloud Run service to read (repeat for several)').argParser((v: string, prev: string[] = []) => [...prev, v]);
}

/** `--since D` = [now − D, now); `--from T [--to T]` (default to: now). Never past now: later entries do not exist yet. */
export function pullRangeFrom(flags: { since?: string; from?: string; to?: string }, clock: Clock): { startUs: number; endUs: number; clamped: boolean } {
  if (flags.since !== undefined && (flags.from !== undefined || flags.to !== undefined)) {
    throw new UsageError('give either --since DURATION or --from TIME [--to TIME], not both');
  }
  const now = clock();
  let range: { startUs: number; endUs: number };
  if (flags.since !== undefined) {
    range = { startUs: now - parseDuration(flags.since, { what: '--since' }), endUs: now };
  } else if (flags.from !== undefined) {
    range = parseRangeArgs(flags.from, flags.to ?? 'now', () => now);
  } else {
    throw new UsageError('say which time range to pull: --since 24h, or --from TIME [--to TIME]');
  }
  if (range.endUs > now) {
    if (range.startUs >= now) throw new UsageError(`the range starts at ${formatUs(range.startUs)}, after now (${formatUs(now)}): nothing to pull`);
    return { startUs: range.startUs, endUs: now, clamped: true };
  }
  return { ...range, clamped: false };
}

export function pullSpecFrom(flags: PullFlags, clock: Clock): { spec: PullSpec; clamped: boolean } {
  const project = projectFrom(flags);
  const services = [...new Set(flags.service ?? [])].sort();
  if (services.length === 0) throw new UsageError('--service is required (repeat it for several services)');
  for (const s of services) if (s.trim() === '') throw new UsageError('--service: a service name cannot be empty');
  const kinds = kindsFrom(flags.kinds);
  const range = pullRangeFrom(flags, clock);
  // `none` switches gap checks off in verdicts; the probes still need a step: the default.
  const maxGapUs = parseMaxGap(flags.maxGap) ?? DEFAULT_MAX_GAP_US;
  const spec: PullSpec = {
    project,
    services,
    range: { startUs: range.startUs, endUs: range.endUs },
    kinds,
    coverage: flags.coverage,
    maxGapUs,
    needles: allNeedles(parsersFor(kinds)),
  };
  return { spec, clamped: range.clamped };
}


function progressText(p: PullProgress): string {
  const quota = p.quotaWaits > 0 ? `, quota waits ${p.quotaWaits} (${(p.quotaWaitMs / 1000).toFixed(1)} s)` : '';
  const rate = p.rateWaitMs > 0 ? `, rate waits ${(p.rateWaitMs / 1000).toFixed(1)} s` : '';
  return `pull: ${p.stage}: ${formatCount(p.pages)} pages, ${formatCount(p.entries)} entries, ${formatCount(p.findings)} findings, ${formatCount(p.probePoints)} probes, ${formatCount(p.requests)} requests${quota}${rate}`;
}

export function outcomeLine(spec: PullSpec, o: PullOutcome): string {
  const t = o.tally;
  const state = o.complete ? 'complete' : `INCOMPLETE (${o.incompleteReason ?? 'stopped early'})`;
  const coverage = spec.coverage === 'probe' ? `${formatCount(t.probePoints)} coverage probes (sampled, exact for max-gap ≥ ${formatDuration(spec.maxGapUs)})` : 'coverage from every entry';
  const resumed = o.resumed ? `; continued run #${o.resumed.runId} (${o.resumed.how}, ${formatCount(o.resumed.checkpointsBefore)} pages and steps done before)` : '';
  return (
    `pull: run #${o.runId} ${state}: ${spec.project} ${spec.services.join(', ')} ${formatUs(spec.range.startUs)} → ${formatUs(spec.range.endUs)}: ` +
    `${formatCount(t.entries)} entries read, ${formatCount(t.findings)} findings (${formatCount(o.newFindings)} new), ${coverage}${resumed}`
  );
}

export function requestsLine(o: PullOutcome, quotaWaits: number): string {
  return `pull: ${formatCount(o.requests)} API requests${o.tally.requests !== o.requests ? ` (${formatCount(o.tally.requests)} for the whole pull)` : ''}, ${formatCount(quotaWaits)} quota waits`;
}

function outcomeJson(spec: PullSpec, o: PullOutcome, db: string, requester: ApiRequester): Record<string, unknown> {
  return {
    runId: o.runId,
    db,
    project: spec.project,
    services: spec.services,
    range: { start: formatUs(spec.range.startUs), end: formatUs(spec.range.endUs) },
    kinds: spec.kinds,
    coverage: spec.coverage,
    maxGap: formatDuration(spec.maxGapUs),
    complete: o.complete,
    incompleteReason: o.incompleteReason,
    resumed: o.resumed,
    entries: o.tally.entries,
    findings: o.tally.findings,
    newFindings: o.newFindings,
    probePoints: o.tally.probePoints,
    firstTimestamp: o.tally.firstUs === null ? null : formatUs(o.tally.firstUs),
    lastTimestamp: o.tally.lastUs === null ? null : formatUs(o.tally.lastUs),
    pages: o.pages,
    requests: o.requests,
    requestsWholePull: o.tally.requests,
    quotaWaits: requester.stats.quotaErrors,
    quotaWaitSeconds: requester.stats.quotaWaitMs / 1000,
    rateWaitSeconds: requester.stats.rateWaitMs / 1000,
  };
}

function printPlan(plan: PlanDescription, json: boolean): void {
  if (json) {
    writeOut(JSON.stringify(plan.json, null, 2) + '\n');
    return;
  }
  writeOut(plan.text);
}

export function pullCommand(setExit: (code: number) => void): Command {
  const cmd = new Command('pull')
    .summary('read Cloud Logging into the history store')
    .description(
      'Reads a Cloud Run service\'s logs from Cloud Logging into the history store: findings (a server-side filter built' +
        "from the parsers' needles narrows what is read; the parsers decide), and coverage — proof the logs were flowing." +
        'Coverage by probes (default) costs a few one-entry queries per max-gap, whatever the volume: about 50 requests ' +
        'per service-day at 30m, at most 98 when no silence exceeds max-gap; the gaps longer than max-gap are found and ' +
        'measured exactly (counts are lower bounds). --coverage full reads EVERY entry for exact per-minute counts: one ' +
        'request per 1,000 entries (a million-entry day is 1,000 requests, about 17 minutes at the read quota). ' +
        'Every page is checkpointed with its data: an interrupted pull (Ctrl-C, kill, network loss, quota) resumes when ' +
        'run again with the same parameters (use --from/--to: --since moves with the clock), and nothing is counted twice. ' +
        'Credentials: Application Default Credentials (gcloud auth application-default login, or GOOGLE_APPLICATION_CREDENTIALS).',
    )
    .addOption(serviceOption())
    .option('--since <duration>', 'pull the last DURATION (e.g. 24h)')
    .option('--from <time>', 'range start: ISO 8601 with zone, now-2h, or a duration (= that long ago)')
    .option('--to <time>', 'range end (exclusive; default now)')
    .addOption(kindsOption())
    .addOption(dbOption())
    .option('--max-gap <duration>', 'the largest silence coverage probes must be exact for (verify with the same or a larger --max-gap)', '30m')
    .addOption(new Option('--coverage <how>', 'probe: a few queries per max-gap (sampled); full: every entry (exact counts, costly)').choices(['probe', 'full']).default('probe'))
    .option('--dry-run', 'print the filters and the planned probes; send nothing')
    .option('--json', 'print a JSON document on stdout')
    .option('-q, --quiet', 'no progress and no summary on stderr unless something is wrong');
  for (const o of cloudOptions()) cmd.addOption(o);
  return cmd
    .addHelpText(
      'after',
      `
Examples:
  $ ssot-watch pull --project netra-staging --service netra-backend-staging --since 24h
  $ ssot-watch pull --project netra-staging --service netra-backend-staging --from 2025-09-15T00:00:00Z --to 2025-09-16T00:00:00Z
  $ ssot-watch pull --project netra-staging --service api --service worker --since 6h --dry-run

Exit codes: 0 pulled completely, 3 usage error, 5 source unavailable (credentials, permission, network, quota
exhausted — the run is recorded incomplete, so a verify over its range is INCONCLUSIVE; run again to resume),
6 internal error, 130 interrupted (resumable).`,
    )
    .action(async (flags: PullFlags) => {
      const clock = clockFromEnv();
      const { spec, clamped } = pullSpecFrom(flags, clock);
      const policy = requestPolicyFrom(flags);
      if (flags.dryRun) {
        printPlan(analyzePullPlan(spec, policy), flags.json === true);
        setExit(EXIT.OK);
        return;
      }
      if (clamped && !flags.quiet) writeErr(`pull: the range ends at now (${formatUs(spec.range.endUs)}): later entries do not exist yet`);
      const api = await connectLogging(flags);
      const status = new StatusLine(process.stderr.isTTY === true && !flags.quiet);
      const requester = new ApiRequester(api, policy, realTimer, (e) => {
        if (e.type === 'quota_wait' && !flags.quiet) {
          status.clear();
          writeErr(`pull: quota exhausted; retry ${e.retry} in ${(e.ms / 1000).toFixed(1)} s`);
        }
      });
      const { store, path } = openStoreFromFlags(flags.db);
      const abort = new AbortController();
      const onSignal = (): void => abort.abort(new Error('interrupted'));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let outcome: PullOutcome;
      try {
        outcome = await pull({
          store,
          requester,
          spec,
          parsers: parsersFor(spec.kinds),
          signal: abort.signal,
          onProgress: (p) => status.update(progressText(p)),
        });
      } finally {
        status.clear();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        store.close();
        await api.close().catch(() => {});
      }
      const troubled = !outcome.complete;
      if (!flags.quiet || troubled) {
        writeErr(outcomeLine(spec, outcome));
        writeErr(requestsLine(outcome, requester.stats.quotaErrors));
      }
      if (flags.json) writeOut(JSON.stringify(outcomeJson(spec, outcome, path, requester), null, 2) + '\n');
      if (outcome.failure) throw new SourceUnavailableError(explainFailure(outcome.failure, spec.project));
      setExit(EXIT.OK);
    });
}
