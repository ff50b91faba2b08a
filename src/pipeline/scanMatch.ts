import type { Parser } from '../../parsers/parser.js';
import type { Finding, LogEntry } from '../model/index.js';

/** Runs every parser on one entry: one finding per kind per entry at most. */
export function matchEntry(parsers: readonly Parser[], entry: LogEntry, out: (f: Finding) => void): void {
  for (const p of parsers) {
    const f = p.match(entry);
    if (f) out(f);
  }
}
