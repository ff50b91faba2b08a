import { z } from 'zod';

export const FORMATS = [
  'gcloud-array',
  'jsonl',
  'json-stream',
  'wrapper-raw-logs',
  'wrapper-by-severity',
  'wrapper-entries',
  'text',
  'empty',
  'unknown',
  'cloud-logging',
] as const;
export const FormatSchema = z.enum(FORMATS);
export type Format = z.infer<typeof FormatSchema>;

export const BadRecordSchema = z.object({
  /** 0-based record index where known. */
  index: z.number().int().nonnegative().optional(),
  /** Byte offset in the decompressed input. */
  offset: z.number().int().nonnegative().optional(),
  line: z.number().int().positive().optional(),
  message: z.string(),
});
export type BadRecord = z.infer<typeof BadRecordSchema>;

/** What one read of one input produced; the verdict's "was the read complete" rests on it. */
export const ReadReportSchema = z.object({
  name: z.string(),
  format: FormatSchema,
  gzip: z.boolean(),
  entries: z.number().int().nonnegative(),
  /** Bytes read from the input as stored (compressed size for .gz). */
  bytes: z.number().int().nonnegative(),
  /** Bytes after decompression. */
  decodedBytes: z.number().int().nonnegative(),
  badRecords: z.number().int().nonnegative(),
  /** The first bad records with their positions (the count above is the total). */
  badRecordSamples: z.array(BadRecordSchema),
  /** True only when the input was read to its end and its structure closed properly. */
  complete: z.boolean(),
  incompleteReason: z.string().optional(),
  /** sha256 of the bytes as stored, hex; null when not computed. */
  contentHash: z.string().nullable(),
  firstTimestamp: z.string().nullable(),
  lastTimestamp: z.string().nullable(),
  /** Entries whose time is unknown (text lines without a timestamp). */
  untimedEntries: z.number().int().nonnegative(),
  /** Things the user should know that are not errors, e.g. "exactly 1000 entries: a --limit cut?". */
  notes: z.array(z.string()),
});
export type ReadReport = z.infer<typeof ReadReportSchema>;
