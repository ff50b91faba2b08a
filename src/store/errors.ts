import { CliError, EXIT } from '../util/errors.js';

/**
 * The history store cannot be used as it is (written by a newer version, not an ssot-watch
 * store, corrupt, its directory cannot be created). Exit 4: like an unreadable input, the user
 * has to fix the file or point `--db` elsewhere.
 */
export class StoreError extends CliError {
  constructor(message: string) {
    super(message, EXIT.INPUT);
  }
}
