import { Command, Option } from 'commander';
import { DEFAULT_WINDOW_LIMIT, windowsFromStore } from '../pipeline/windows.js';
import { windowsToJson } from '../report/windowsJson.js';
import { renderWindowsText } from '../report/windowsText.js';
import { parseDuration } from '../time/duration.js';
import { parseMaxGap } from '../time/maxGap.js';
import { parseFromArg, parseToArg } from '../time/parseTime.js';
import { EXIT } from '../util/errors.js';
import { formatOption, kindsFrom, kindsOption, pickFormat, writeOut } from './common.js';
import { openHistory, parsePositiveInt, terminalWidth } from './historyFlags.js';
import { clockFromEnv, dbOption, tzOption, zoneFrom } from './options.js';

interface WindowsFlags {
  db?: string;
  service?: string;
  kinds: string;
  from?: string;
  to: string;
  min?: string;
  maxGap: string;
  bucket?: string;
  limit: string;
  tz?: string;
  format: string;
  json?: boolean;
}

/** `--min`: a duration, or 0 to list every window. */
function parseMin(text: string): number {
  return text.trim() === '0' ? 0 : parseDuration(text, { what: '--min', allowZero: true });
}

export function windowsCommand(setExit: (code: number) => void): Command {
  return new Command('windows')
    .summary('clean windows in the history: streak, longest, a timeline of findings and gaps')
    .description(
      'Lists the clean windows of a service in a range — the maximal half-open intervals with no finding of the ' +
        'selected kinds — with what proves each one (entries, largest gap, proven or not), the current streak (time since ' +
        'the last finding, and whether it is proven), the longest proven window, and a timeline: one character per hour ' +
        '(or --bucket) where findings (X), unproven stretches (~) and missing data (?) show at a glance. "Proven" means ' +
        'what verify means by CLEAN: covered by entries with no gap over --max-gap, and read completely. Reads the history ' +
        'store (see ingest).',
    )
    .addOption(dbOption())
    .option('--service <name>', 'the Cloud Run service (required when the history holds more than one)')
    .addOption(kindsOption())
    .option('--from <time>', "range start: ISO 8601 with Z or an offset, now-7d, or 7d (= 7 days ago); default: the service's first entry, at most 7d before --to")
    .addOption(new Option('--to <time>', 'range end (exclusive): ISO 8601, now, now-2h').default('now'))
    .option('--min <duration>', 'list only windows at least this long (0: all); default: one timeline cell (--bucket)')
    .addOption(new Option('--max-gap <duration>', 'longest stretch without entries that still counts as covered; none to turn off').default('30m'))
    .option('--bucket <duration>', 'timeline cell (at least 1m); default 1h, larger when the range needs more than 1000 cells')
    .addOption(new Option('--limit <n>', 'list at most this many windows (the most recent)').default(String(DEFAULT_WINDOW_LIMIT)))
    .addOption(tzOption())
    .addOption(formatOption(['table', 'json'], 'table'))
    .option('--json', 'same as --format json')
    .addHelpText(
      'after',
      `
Examples:
  $ ssot-watch ingest samples/staging-26h.json
  $ SSOT_WATCH_NOW=2025-09-15T22:00:00Z ssot-watch windows
  $ ssot-watch windows --service netra-backend-staging --kinds ssot_warning --from 2025-09-14T20:00:00Z --to 2025-09-15T22:00:00Z
  $ ssot-watch windows --from 30d --bucket 6h --min 24h --json | jq '.longestWindow'

The timeline is UTC and wraps to the terminal ($COLUMNS when output is not a terminal, else 120 columns).
Findings without a time (plain-text lines before any timestamp) cannot be placed; they are counted, not drawn.

Exit codes: 0 listed (windows or none), 3 usage error (bad flag, unknown service or kind, several services and no
--service), 4 input error (no history store, or an empty one), 6 internal error.`,
    )
    .action((flags: WindowsFlags) => {
      const clock = clockFromEnv();
      const nowUs = clock();
      const fixed = (): number => nowUs;
      const zone = zoneFrom(flags.tz);
      const kinds = kindsFrom(flags.kinds);
      const toUs = parseToArg(flags.to, fixed);
      const fromUs = flags.from !== undefined ? parseFromArg(flags.from, fixed) : undefined;
      const maxGapUs = parseMaxGap(flags.maxGap);
      const minUs = flags.min !== undefined ? parseMin(flags.min) : undefined;
      const bucketUs = flags.bucket !== undefined ? parseDuration(flags.bucket, { what: '--bucket' }) : undefined;
      const limit = parsePositiveInt(flags.limit, '--limit');
      const format = pickFormat(flags);

      const store = openHistory(flags.db);
      try {
        const outcome = windowsFromStore(store, {
          kinds,
          toUs,
          maxGapUs,
          limit,
          ...(flags.service !== undefined ? { service: flags.service } : {}),
          ...(fromUs !== undefined ? { fromUs } : {}),
          ...(minUs !== undefined ? { minUs } : {}),
          ...(bucketUs !== undefined ? { bucketUs } : {}),
        });
        if (format === 'json') writeOut(JSON.stringify(windowsToJson(outcome, zone), null, 2) + '\n');
        else writeOut(renderWindowsText(outcome, { zone, width: terminalWidth() }));
      } finally {
        store.close();
      }
      setExit(EXIT.OK);
    });
}
