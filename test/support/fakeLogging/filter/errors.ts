/**
 * A filter the fake cannot or will not evaluate. The server answers it with INVALID_ARGUMENT,
 * so a test notices when the product sends something outside the supported subset instead of
 * silently getting a wrong answer.
 */
export class FilterError extends Error {
  constructor(
    message: string,
    /** 0-based character offset into the filter, when the problem has a place. */
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at character ${offset})`);
    this.name = 'FilterError';
  }
}
