import type { Needle } from '../../parsers/parser.js';
import type { LogEntry } from '../model/index.js';

/** What a read hands on: every entry cheaply, and in full those that may hold a finding. */
export interface EntrySink {
  /** Called for every entry; coverage needs only these three facts. */
  summary(tsUs: number | null, service: string | null, revision: string | null): void;
  /** Called for entries whose bytes contain a needle (every entry with `fullParse`). */
  entry(entry: LogEntry): void;
}

export interface ReadOptions {
  needles: readonly Needle[];
  /** Parse every entry, bypassing the byte prefilter (to check the fast path, or to debug). */
  fullParse?: boolean;
  /** Largest single entry accepted; Cloud Logging's own limit is 256 KiB per entry. */
  maxRecordBytes?: number;
  /** Service to attribute plain-text lines to (they carry none). */
  textService?: string;
  /** Bad records kept with their positions in the report (all of them are counted). */
  maxBadSamples?: number;
  /** Called between window refills with the stored bytes read so far (progress bars). */
  onProgress?: (rawBytes: number) => void;
}

export const DEFAULT_MAX_RECORD = 16 << 20;
export const INITIAL_WINDOW = 4 << 20;
