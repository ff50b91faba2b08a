import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from '../util/errors.js';
import { scanCommand } from './scanCommand.js';
import { ingestCommand } from './ingestCommand.js';
import { verifyCommand } from './verifyCommand.js';
import { windowsCommand } from './windowsCommand.js';
import { findingsCommand } from './findingsCommand.js';
import { pullCommand } from './pullCommand.js';
import { gateCommand } from './gateCommand.js';
import { writeErr } from './common.js';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('ssot-watch')
    .description(
      'Turns Cloud Run logs into evidence: finds SSOT warnings, WebSocket 1011 closes and WebSocket 403s, ' +
        'keeps their history, and answers "has this service been clean for N hours?" with CLEAN, DIRTY or ' +
        'INCONCLUSIVE — never "clean" when the logs needed to prove it are missing.',
    )
    .version(version())
    .addHelpText(
      'after',
      `
A first run:
  $ ssot-watch scan samples/staging-26h.json                      what an export holds
  $ ssot-watch verify samples/staging-26h.json --clean 24h --at 2025-09-15T22:00:00Z
  $ ssot-watch ingest 'exports/*.json.gz' && ssot-watch windows    history, streak, timeline
  $ ssot-watch verify --project P --service S --clean 24h         straight from Cloud Logging

Exit codes: 0 CLEAN (or success), 1 DIRTY, 2 INCONCLUSIVE, 3 usage error, 4 input error,
5 source unavailable, 6 internal error.
Environment: SSOT_WATCH_DB (the history store), SSOT_WATCH_NOW (pin "now"), SSOT_WATCH_API_ENDPOINT
(a loopback Cloud Logging), SSOT_WATCH_THREADS (threads for large files; 1 = off).`,
    )
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  program.addCommand(scanCommand(setExit));
  program.addCommand(ingestCommand(setExit));
  program.addCommand(verifyCommand(setExit));
  program.addCommand(windowsCommand(setExit));
  program.addCommand(findingsCommand(setExit));
  program.addCommand(pullCommand(setExit));
  program.addCommand(gateCommand(setExit));
  program.exitOverride();
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Runs the CLI; resolves to the exit code. Never lets an unexpected error exit 0 or 1. */
export async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    if (err instanceof CliError) {
      writeErr(`ssot-watch: error: ${err.message}`);
      return err.exitCode;
    }
    writeErr(`ssot-watch: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return EXIT.INTERNAL;
  }
}
