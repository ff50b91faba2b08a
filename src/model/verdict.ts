import { z } from 'zod';
import { FindingSchema } from './finding.js';
import { GapSchema } from './coverage.js';
import { KindSchema } from './kinds.js';
import { FormatSchema } from './readReport.js';

export const VERDICTS = ['CLEAN', 'DIRTY', 'INCONCLUSIVE'] as const;
export const VerdictNameSchema = z.enum(VERDICTS);
export type VerdictName = z.infer<typeof VerdictNameSchema>;

/** A source that fed a window: an ingested file or a pulled range, as the store remembers it. */
export const SourceRefSchema = z.object({
  /** The store's ingest-run id (0 for sources not stored). */
  runId: z.number().int().nonnegative(),
  kind: z.enum(['file', 'stdin', 'pull', 'tail']),
  name: z.string(),
  format: FormatSchema,
  contentHash: z.string().nullable(),
  entries: z.number().int().nonnegative(),
  badRecords: z.number().int().nonnegative(),
  complete: z.boolean(),
  incompleteReason: z.string().nullable(),
  /** First and last entry time read. */
  firstUs: z.number().int().nullable(),
  lastUs: z.number().int().nullable(),
  /**
   * The time range this source speaks for: for a pull, the range it was asked to read; for a
   * file, its first..last entry. An incomplete source casts doubt on this range.
   */
  rangeStartUs: z.number().int().nullable(),
  rangeEndUs: z.number().int().nullable(),
  /** Coverage came from sampling (probes) rather than reading every entry: counts are lower bounds. */
  sampled: z.boolean(),
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

/** Why a verdict is what it is; machine-readable code plus the sentence a human reads. */
export const ReasonSchema = z.object({
  code: z.enum([
    'findings',
    'gap',
    'no_entries',
    'incomplete_source',
    'bad_records',
    'revision_too_young',
    'revision_unknown',
    'untimed_findings',
    'window_in_future',
    'clean',
  ]),
  message: z.string(),
});
export type Reason = z.infer<typeof ReasonSchema>;

export const VerdictSchema = z.object({
  verdict: VerdictNameSchema,
  startUs: z.number().int(),
  endUs: z.number().int(),
  service: z.string(),
  kinds: z.array(KindSchema),
  findings: z.array(FindingSchema),
  entries: z.number().int().nonnegative(),
  gaps: z.array(GapSchema),
  sources: z.array(SourceRefSchema),
  reasons: z.array(ReasonSchema),
});
export type Verdict = z.infer<typeof VerdictSchema>;

/** Exit code of a verdict: 0 CLEAN, 1 DIRTY, 2 INCONCLUSIVE. */
export function verdictExitCode(v: VerdictName): number {
  return v === 'CLEAN' ? 0 : v === 'DIRTY' ? 1 : 2;
}

/** The worst of several verdicts: DIRTY (proven bad) over INCONCLUSIVE over CLEAN. */
export function worstVerdict(vs: readonly VerdictName[]): VerdictName {
  if (vs.includes('DIRTY')) return 'DIRTY';
  if (vs.includes('INCONCLUSIVE') || vs.length === 0) return 'INCONCLUSIVE';
  return 'CLEAN';
}
