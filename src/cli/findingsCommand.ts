import { Command, Option } from 'commander';
import { GROUP_BY, type GroupBy } from '../analysis/groupBy.js';
import { KINDS, parseKinds, type Kind } from '../model/index.js';
import { findingGroups, findingsNewestFirst, planFindingsQuery, type FindingsRequest } from '../pipeline/findings.js';
import { findingExportJson, findingsCsvChunks, groupExportJson, groupsCsvChunks, jsonArrayChunks } from '../report/findingsExport.js';
import { renderFindingsTable, renderGroupsTable } from '../report/findingsTable.js';
import { formatUtc } from '../time/format.js';
import { parseFromArg, parseToArg } from '../time/parseTime.js';
import { EXIT, UsageError } from '../util/errors.js';
import { formatOption, pickFormat, writeErr, writeOut } from './common.js';
import { collectList, openHistory, parsePositiveInt, terminalWidth, writeChunks } from './historyFlags.js';
import { clockFromEnv, dbOption, tzOption, zoneFrom } from './options.js';

interface FindingsFlags {
  db?: string;
  kind?: string[];
  kinds?: string[];
  service?: string[];
  revision?: string[];
  fingerprint?: string[];
  from?: string;
  to?: string;
  groupBy?: GroupBy;
  limit?: string;
  format: string;
  json?: boolean;
  tz?: string;
}

/** The table shows this many rows unless --limit says otherwise; json and csv are complete by default. */
export const DEFAULT_TABLE_LIMIT = 50;

function kindsOf(flags: FindingsFlags): Kind[] {
  const named = [...(flags.kind ?? []), ...(flags.kinds ?? [])];
  if (named.length === 0) return [];
  try {
    return parseKinds(named.join(','));
  } catch (err) {
    throw new UsageError(`--kind: ${(err as Error).message}`);
  }
}

/** The filters in words, for the table's first line and the "no findings match" line. */
function describeFilters(req: FindingsRequest, flags: FindingsFlags): string {
  const parts: string[] = [];
  if (req.kinds.length) parts.push(`kind ${req.kinds.join(', ')}`);
  if (req.services.length) parts.push(`service ${req.services.join(', ')}`);
  if (req.revisions.length) parts.push(`revision ${req.revisions.join(', ')}`);
  if (req.fingerprints.length) parts.push(`fingerprint ${req.fingerprints.join(', ')}`);
  if (req.fromUs !== undefined) parts.push(`from ${formatUtc(req.fromUs)}${flags.from && flags.from !== formatUtc(req.fromUs) ? ` (${flags.from})` : ''}`);
  if (req.toUs !== undefined) parts.push(`before ${formatUtc(req.toUs)}${flags.to && flags.to !== formatUtc(req.toUs) ? ` (${flags.to})` : ''}`);
  return parts.join('; ');
}

export function findingsCommand(setExit: (code: number) => void): Command {
  return new Command('findings')
    .summary('query the history: findings by kind, service, revision, fingerprint and time, or grouped')
    .description(
      'Lists the findings in the history store that match every filter given (a filter given several values matches any ' +
        'of them), newest first — as gcloud logging read lists entries. With --group-by: one row per fingerprint, ' +
        'revision, hour or kind with its count and first and last seen, computed by the store. Reads the history store ' +
        '(see ingest).',
    )
    .addOption(dbOption())
    .option('--kind <kind>', `only this kind (${KINDS.join(', ')}); repeat or separate with commas`, collectList)
    .option('-k, --kinds <list>', 'same as --kind, comma-separated', collectList)
    .option('--service <name>', 'only this service; repeat or separate with commas', collectList)
    .option('--revision <name>', 'only this revision (full name); repeat or separate with commas', collectList)
    .option('--fingerprint <fp>', 'only this fingerprint: kind:hash, or the hash the table shows; repeat or separate with commas', collectList)
    .option('--from <time>', 'findings at or after: ISO 8601 with Z or an offset, now-24h, or 24h (= 24 hours ago)')
    .option('--to <time>', 'findings before (exclusive): ISO 8601, now, now-1h')
    .addOption(new Option('--group-by <key>', 'one row per group, with count, first and last seen').choices([...GROUP_BY]))
    .option('--limit <n>', `at most this many findings (the newest) or groups; default ${DEFAULT_TABLE_LIMIT} for the table, all for json and csv`)
    .addOption(formatOption(['table', 'json', 'csv'], 'table'))
    .option('--json', 'same as --format json')
    .addOption(tzOption())
    .addHelpText(
      'after',
      `
Examples:
  $ ssot-watch ingest samples/staging-26h.json
  $ ssot-watch findings --kind ws_1011 --limit 5
  $ ssot-watch findings --group-by revision
  $ ssot-watch findings --kinds ssot_warning,auth_403 --from 2025-09-14T22:00:00Z --to 2025-09-15T00:00:00Z --tz Europe/Berlin
  $ ssot-watch findings --group-by fingerprint --format csv > fingerprints.csv

Formats: table (default; times cut to the second), json (an array of findings as scan --format json prints them,
or of groups; [] when nothing matches), csv (RFC 4180: a header row, CRLF line ends, quoted fields; a cell that
starts with = + - @, tab or CR gets a leading ' so that spreadsheets show it as text instead of running it).

Exit codes: 0 listed (also when nothing matches), 3 usage error (bad flag, unknown kind or service), 4 input error
(no history store), 6 internal error.`,
    )
    .action(async (flags: FindingsFlags) => {
      const clock = clockFromEnv();
      const nowUs = clock();
      const fixed = (): number => nowUs;
      const zone = zoneFrom(flags.tz);
      const format = pickFormat(flags);
      const limit = flags.limit !== undefined ? parsePositiveInt(flags.limit, '--limit') : format === 'table' ? DEFAULT_TABLE_LIMIT : undefined;
      const req: FindingsRequest = {
        kinds: kindsOf(flags),
        services: flags.service ?? [],
        revisions: flags.revision ?? [],
        fingerprints: flags.fingerprint ?? [],
        ...(flags.from !== undefined ? { fromUs: parseFromArg(flags.from, fixed) } : {}),
        ...(flags.to !== undefined ? { toUs: parseToArg(flags.to, fixed) } : {}),
        ...(flags.groupBy !== undefined ? { groupBy: flags.groupBy } : {}),
        ...(limit !== undefined ? { limit } : {}),
      };
      const filters = describeFilters(req, flags);

      const store = openHistory(flags.db);
      try {
        const plan = planFindingsQuery(store, req);
        if (plan.total === 0 && plan.unknownRevisions.length > 0) {
          const known = plan.knownRevisions.length ? plan.knownRevisions.join(', ') : 'none';
          writeErr(`ssot-watch: note: no revision named ${plan.unknownRevisions.join(', ')} in the history (it knows: ${known})`);
        }
        if (req.groupBy !== undefined) {
          const { rows, groups } = findingGroups(store, plan, req.groupBy, limit);
          const by = req.groupBy;
          if (format === 'json') await writeChunks(jsonArrayChunks(rows, (r) => groupExportJson(r, by, zone)));
          else if (format === 'csv') await writeChunks(groupsCsvChunks(rows, by, zone));
          else writeOut(renderGroupsTable({ by, rows, groups, total: plan.total, filters, zone, width: terminalWidth() }));
          if (format !== 'table' && rows.length < groups) writeErr(`ssot-watch: note: the first ${rows.length} of ${groups} groups (--limit)`);
        } else {
          const findings = findingsNewestFirst(store, plan, limit);
          if (format === 'json') await writeChunks(jsonArrayChunks(findings, (f) => findingExportJson(f, zone)));
          else if (format === 'csv') await writeChunks(findingsCsvChunks(findings, zone));
          else writeOut(renderFindingsTable({ findings: [...findings], total: plan.total, filters, zone, width: terminalWidth() }));
          const shown = limit === undefined ? plan.total : Math.min(limit, plan.total);
          if (format !== 'table' && shown < plan.total) writeErr(`ssot-watch: note: the newest ${shown} of ${plan.total} matching findings (--limit)`);
        }
        if (format !== 'table' && plan.total === 0) writeErr(`ssot-watch: no findings match${filters ? ` (${filters})` : ''}`);
      } finally {
        store.close();
      }
      setExit(EXIT.OK);
    });
}
