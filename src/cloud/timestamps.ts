import { timestampUsOf } from '../sources/normalize.js';
import type { ApiLogEntry } from './convert.js';

/** An API entry's timestamp in µs (nanoseconds cut, as exports' readers cut them), or null. */
export function timestampUsOfApi(e: ApiLogEntry): number | null {
  return timestampUsOf(e['timestamp']);
}
