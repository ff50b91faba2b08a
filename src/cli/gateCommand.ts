import { Command, Option } from 'commander';
import { parsersFor } from '../../parsers/registry.js';
import { latestRevisionOf } from '../cloud/latestRevision.js';
import { ApiRequester, ApiRequestError } from '../cloud/requester.js';
import { realTimer } from '../cloud/timer.js';
import { explainFailure } from '../cloud/apiErrors.js';
import { KINDS, verdictExitCode } from '../model/index.js';
import { describeWatch, gate, type GateEvent } from '../pipeline/gate.js';
import { shellWord } from '../report/escape.js';
import { formatDuration, parseDuration } from '../time/duration.js';
import { formatUtc } from '../time/format.js';
import { parseMaxGap } from '../time/maxGap.js';
import { CliError, EXIT, SourceUnavailableError, UsageError } from '../util/errors.js';
import { cloudOptions, connectLogging, requestPolicyFrom, type CloudFlags } from './cloudOptions.js';
import { formatOption, kindsFrom, kindsOption, pickFormat, writeErr, writeOut } from './common.js';
import { renderGateOutput } from './gateOutput.js';
import { clockFromEnv, dbOption, openStoreFromFlags, tzOption, zoneFrom } from './options.js';
import { StatusLine } from './statusLine.js';
import { formatCount } from '../analysis/words.js';

interface GateFlags extends CloudFlags {
  grace: string;
  service?: string;
  for?: string;
  kinds: string;
  revision?: string;
  maxGap: string;
  format: string;
  json?: boolean;
  tz?: string;
  db?: string;
  quiet?: boolean;
}


export function gateCommand(setExit: (code: number) => void): Command {
  const cmd = new Command('gate')
    .summary('live post-deploy watch: follow a service for --for, fail on the first finding')
    .description(
      'Follows a Cloud Run service live (Cloud Logging tail) for --for and judges the window [start, start + for) ' +
        'like verify: DIRTY at the first finding — printed, exit 1 at once; CLEAN only when entries kept arriving (no ' +
        'silence longer than --max-gap, measured on entry timestamps, from the start to the end of the window) and ' +
        'nothing was lost (no entries suppressed by the stream, every dropped stream reopened and the interval read ' +
        'back with ListLogEntries, and a final findings query over the window); otherwise INCONCLUSIVE with the ' +
        'reasons. What it saw is stored in the history (a run of kind tail).',
    )
    .addOption(new Option('-s, --service <name>', 'the Cloud Run service to watch (required)'))
    .addOption(new Option('--for <duration>', 'how long to watch, e.g. 30m (required)'))
    .addOption(kindsOption())
    .option('--revision <rev>', 'only this revision; latest = the revision of the service\'s newest entry when the gate starts')
    .addOption(new Option('--max-gap <duration>', 'longest silence that still counts as covered; none to turn off').default('30m'))
    .addOption(formatOption(['table', 'json', 'markdown', 'junit'], 'table'))
    .option('--json', 'same as --format json')
    .addOption(tzOption())
    .addOption(dbOption())
    .option('-q, --quiet', 'no progress on stderr')
    // For tests: how long to wait after the window for entries stamped inside it (default 5s).
    .addOption(new Option('--grace <duration>', 'wait this long after the window for late entries').default('5s').hideHelp());
  for (const o of cloudOptions()) cmd.addOption(o);
  return cmd
    .addHelpText(
      'after',
      `
Examples:
  $ ssot-watch gate --project netra-staging --service netra-backend-staging --for 30m --revision latest
  $ ssot-watch gate --project netra-staging --service api --for 15m --kinds ws_1011 --format junit > gate.xml

Exit codes: 0 CLEAN, 1 DIRTY (at the first finding), 2 INCONCLUSIVE, 3 usage error, 5 source unavailable
(credentials, permission), 6 internal error.`,
    )
    .action(async (flags: GateFlags) => {
      if (!flags.service) throw new UsageError('--service is required (the Cloud Run service to watch)');
      if (!flags.for) throw new UsageError('--for is required (how long to watch, e.g. 30m)');
      const service = flags.service;
      const forUs = parseDuration(flags.for, { what: '--for' });
      const maxGapUs = parseMaxGap(flags.maxGap);
      const kinds = kindsFrom(flags.kinds);
      const format = pickFormat(flags);
      const zone = zoneFrom(flags.tz);
      const clock = clockFromEnv();
      const policy = requestPolicyFrom(flags);
      const api = await connectLogging(flags);
      const status = new StatusLine(process.stderr.isTTY === true && !flags.quiet);
      const requester = new ApiRequester(api, policy, realTimer);
      const abort = new AbortController();
      const onSignal = (): void => abort.abort(new Error('interrupted'));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const { store, path } = openStoreFromFlags(flags.db);
      try {
        let revision: string | null = flags.revision ?? null;
        if (revision === 'latest') {
          try {
            revision = await latestRevisionOf(requester, service, clock(), abort.signal);
          } catch (err) {
            if (err instanceof ApiRequestError) throw new SourceUnavailableError(explainFailure(err.failure, api.project));
            throw err;
          }
          if (revision === null) {
            throw new CliError(`--revision latest: service ${service} logged nothing in the last 24 h, so its latest revision is unknown`, EXIT.INCONCLUSIVE);
          }
          if (!flags.quiet) writeErr(`gate: latest revision of ${service}: ${revision}`);
        }
        const startUs = clock();
        // Advances in real time from "now" (also from a pinned SSOT_WATCH_NOW): the drop times the backfills start from.
        const wallStartMs = Date.now();
        const watchClock = (): number => startUs + (Date.now() - wallStartMs) * 1000;
        if (!flags.quiet) writeErr(`gate: watching ${service}${revision ? ` revision ${revision}` : ''} ${describeWatch(startUs, forUs)}`);
        let received = 0;
        let found = 0;
        let drops = 0;
        const onEvent = (e: GateEvent): void => {
          if (e.type === 'finding') {
            status.clear();
            const f = e.finding;
            writeErr(`gate: FINDING ${f.kind} at ${f.timestamp ?? '(no time)'}${f.revision ? ` in ${f.revision}` : ''}: ${f.message}`);
            found++;
          } else if (e.type === 'entries') received = e.entries;
          else if (e.type === 'dropped') {
            drops++;
            status.clear();
            if (!flags.quiet) writeErr(`gate: the live stream dropped (${e.reason}); reconnecting in ${(e.reconnectInMs / 1000).toFixed(1)} s`);
          } else if (e.type === 'suppressed') {
            status.clear();
            writeErr(`gate: the stream suppressed ${formatCount(e.count)} entries (${e.reason}): the verdict cannot be CLEAN`);
          } else if (e.type === 'backfill' && !flags.quiet) {
            status.clear();
            writeErr(`gate: read back ${formatCount(e.entries)} entries from ${formatUtc(e.fromUs)} after the reconnect`);
          }
          status.update(`gate: ${formatCount(received)} entries, ${formatCount(found)} findings, ${formatCount(drops)} drops, ${formatCount(requester.stats.requests)} requests`);
        };
        const outcome = await gate({
          api,
          requester,
          store,
          service,
          revision,
          kinds,
          parsers: parsersFor(kinds),
          forUs,
          maxGapUs,
          clock: watchClock,
          startUs,
          timer: realTimer,
          graceMs: Math.floor(parseDuration(flags.grace, { what: '--grace', allowZero: true }) / 1000),
          signal: abort.signal,
          onEvent,
        });
        status.clear();
        const note =
          `gate: ${formatCount(outcome.entries)} entries received, ${formatCount(outcome.tailSessions)} stream session${outcome.tailSessions === 1 ? '' : 's'}, ` +
          `${formatCount(outcome.drops)} drops, ${formatCount(outcome.suppressed)} suppressed, ${formatCount(outcome.requests)} ListLogEntries requests; run #${outcome.runId} in ${path}`;
        if (!flags.quiet) writeErr(note);
        const reproduce = [
          'ssot-watch', 'verify', '--db', path, '--service', service, '--clean', formatDuration(forUs).replace(/\s+/g, ''),
          '--at', formatUtc(startUs + forUs),
          ...(flags.kinds !== KINDS.join(',') ? ['--kinds', flags.kinds] : []),
          ...(flags.maxGap !== '30m' ? ['--max-gap', flags.maxGap] : []),
        ].map(shellWord).join(' ');
        writeOut(renderGateOutput(outcome, format, { zone, checkedAtUs: clock(), reproduce, note }));
        setExit(verdictExitCode(outcome.verdict.verdict));
      } finally {
        status.clear();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        store.close();
        await api.close().catch(() => {});
      }
    });
}
