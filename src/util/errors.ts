/** Exit codes: the contract scripts and CI depend on (see README). */
export const EXIT = {
  CLEAN: 0,
  OK: 0,
  DIRTY: 1,
  INCONCLUSIVE: 2,
  USAGE: 3,
  INPUT: 4,
  SOURCE_UNAVAILABLE: 5,
  INTERNAL: 6,
} as const;

/** A failure the user can fix, carrying the exit code it maps to. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Bad flags or arguments: exit 3. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.USAGE);
  }
}

/** Input that cannot be read or understood: exit 4. */
export class InputError extends CliError {
  constructor(message: string) {
    super(message, EXIT.INPUT);
  }
}

/** Auth, network or quota trouble with a remote source: exit 5. */
export class SourceUnavailableError extends CliError {
  constructor(message: string) {
    super(message, EXIT.SOURCE_UNAVAILABLE);
  }
}
