import type { Finding, Kind } from '../model/index.js';
import type { CoverageMap, RevisionMap } from '../store/types.js';
import type { PartRead } from '../sources/readPart.js';
import type { ReadOptions } from '../sources/sink.js';
import type { Layout, Part } from '../sources/splitPlan.js';

/** What the main thread asks a part worker to do (structured-clone safe: no functions). */
export interface PartJob {
  path: string;
  name: string;
  layout: Layout;
  part: Part;
  kinds: Kind[];
  redact: boolean;
  /** Build coverage and revision spans (ingest) or only count entries (scan). */
  coverage: boolean;
  read: Omit<ReadOptions, 'onProgress'>;
}

export type PartMessage =
  | { type: 'findings'; findings: Finding[] }
  | { type: 'progress'; bytes: number }
  | {
      type: 'done';
      read: PartRead;
      /** Entries per service (maps cross threads as they are: structured clone keeps them). */
      perService: Map<string | null, number>;
      coverage: CoverageMap;
      revisions: RevisionMap;
    }
  | { type: 'error'; message: string };
