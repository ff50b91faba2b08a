import { Command, Option } from 'commander';
import { createParsers, parsersFor } from '../../parsers/registry.js';
import { countByServiceAndKind, groupByFingerprint } from '../analysis/groupFindings.js';
import { scanInputs } from '../pipeline/scan.js';
import { findingToJson, sourceToJson } from '../report/findingJson.js';
import { renderScanTable } from '../report/scanTable.js';
import { describeSource } from '../report/sourceDiagnostics.js';
import { expandInputs } from '../sources/inputs.js';
import { EXIT, InputError } from '../util/errors.js';
import { formatOption, kindsFrom, kindsOption, pickFormat, writeErr, writeOut } from './common.js';
import type { ReadReport } from '../model/index.js';

interface ScanFlags {
  format: string;
  json?: boolean;
  kinds: string;
  strict?: boolean;
  redact: boolean;
  fullParse?: boolean;
  textService?: string;
  quiet?: boolean;
}

/** Why a read makes the command fail with exit 4, or null when it is usable. */
export function inputFailure(r: ReadReport, strict: boolean): string | null {
  if (r.format === 'unknown') return `${r.name}: not a known log format (see --help for the formats read)`;
  const bad = `${r.badRecords} bad record${r.badRecords === 1 ? '' : 's'}`;
  if (r.entries === 0 && r.badRecords > 0) return `${r.name}: no entry could be read (${bad})`;
  if (strict && r.badRecords > 0) return `${r.name}: ${bad} (--strict)`;
  if (strict && !r.complete) return `${r.name}: incomplete read: ${r.incompleteReason ?? 'stopped early'} (--strict)`;
  return null;
}

export function scanCommand(setExit: (code: number) => void): Command {
  return new Command('scan')
    .summary('parse exports and list the findings in them')
    .description(
      'Reads Cloud Logging exports (files, globs, .gz, or stdin) and prints the SSOT warnings, WebSocket 1011 closes and ' +
        'WebSocket 403s in them: a table of counts per service and kind, then the findings grouped by fingerprint. ' +
        'Formats are told from the content: gcloud `logging read --format=json` arrays, JSON Lines, Python-client dumps ' +
        '(raw_logs / logs_by_severity wrappers, snake_case or camelCase), plain text lines, and gzip of any of these. ' +
        'What was read from each input (entries, bad records with positions, complete or not) goes to stderr.',
    )
    .argument('[INPUT...]', 'export files or globs; - or nothing (with a pipe) reads stdin')
    .addOption(formatOption(['table', 'json'], 'table'))
    .option('--json', 'same as --format json')
    .addOption(kindsOption())
    .option('--strict', 'any bad record or incomplete read is an error (exit 4)')
    .option('--no-redact', 'show tokens and JWTs as logged (they are redacted by default)')
    .option('--text-service <name>', 'service to attribute plain-text lines to (they name none)')
    .addOption(new Option('--full-parse', 'parse every entry instead of prefiltering raw bytes (slower; for checking)'))
    .option('-q, --quiet', 'print nothing on stderr unless something is wrong')
    .addHelpText(
      'after',
      `
Examples:
  $ ssot-watch scan samples/staging-26h.json
  $ gcloud logging read 'resource.type="cloud_run_revision"' --format=json | ssot-watch scan --json
  $ ssot-watch scan 'exports/*.json.gz' --kinds auth_403

Exit codes: 0 read (findings or not), 3 usage error, 4 input error (unreadable, unknown format,
nothing readable; with --strict also any bad record or incomplete read), 6 internal error.`,
    )
    .action(async (args: string[], flags: ScanFlags) => {
      const kinds = kindsFrom(flags.kinds);
      const parsers = parsersFor(kinds, { redact: flags.redact });
      void createParsers;
      const inputs = await expandInputs(args, process.stdin.isTTY === true);
      const result = await scanInputs(inputs, {
        parsers,
        redact: flags.redact,
        fullParse: flags.fullParse === true,
        ...(flags.textService ? { textService: flags.textService } : {}),
      });
      const failures: string[] = [];
      for (const r of result.sources) {
        const bad = inputFailure(r, flags.strict === true);
        if (bad) failures.push(bad);
        if (!flags.quiet || bad || !r.complete || r.badRecords > 0) for (const line of describeSource(r)) writeErr(line);
      }
      const format = pickFormat(flags);
      if (format === 'json') {
        writeOut(
          JSON.stringify({ findings: result.findings.map(findingToJson), sources: result.sources.map(sourceToJson) }, null, 2) + '\n',
        );
      } else {
        writeOut(
          renderScanTable({
            kinds,
            counts: countByServiceAndKind(result.findings),
            groups: groupByFingerprint(result.findings),
            entries: result.sources.reduce((s, r) => s + r.entries, 0),
            sources: result.sources.length,
          }),
        );
      }
      if (failures.length > 0) {
        for (const f of failures) writeErr(`ssot-watch: error: ${f}`);
        throw new InputError(`${failures.length} input${failures.length === 1 ? '' : 's'} could not be used`);
      }
      setExit(EXIT.OK);
    });
}
