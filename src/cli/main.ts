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
      'Turns Cloud Run logs into evidence: finds SSOT warnings, WebSocket 1011 closes and WebSocket 403s,\n' +
        'keeps their history, and answers "has this service been clean for N hours?" with CLEAN, DIRTY or\n' +
        'INCONCLUSIVE — never "clean" when the logs needed to prove it are missing.',
    )
    .version(version())
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
