import { z } from 'zod';
import { KindSchema } from './kinds.js';
import { SeveritySchema } from './severity.js';
import { EntrySourceSchema } from './logEntry.js';

export const SsotDetailsSchema = z.object({
  /** Which family of LOG-FORMATS.md §2.1 the line belongs to, e.g. `F1a`. */
  family: z.string(),
  /** The warning's subject: the text before the class list, e.g. `SSOT WARNING: Found other WebSocket Manager classes`. */
  subject: z.string(),
  /** Items of the Python list repr, in logged order (empty when the line carries no list). */
  classes: z.array(z.string()),
});

export const Ws1011DetailsSchema = z.object({
  code: z.literal(1011),
  /** Close reason as logged (redacted), e.g. `Internal error`, `keepalive ping timeout`, or `` when none. */
  reason: z.string(),
  /** `received` / `sent` (python websockets wording), `legacy` (websockets < 10), `backend` (app log). */
  direction: z.enum(['received', 'sent', 'legacy', 'backend']),
});

export const Auth403DetailsSchema = z.object({
  /** A1..A4 of LOG-FORMATS.md §4.2. */
  rule: z.enum(['A1', 'A2', 'A3', 'A4']),
  method: z.string(),
  /** Path without query string; `` when the line does not name one (A3, A4). */
  path: z.string(),
  origin: z.enum(['request_log', 'app_log']),
  reason: z.string().optional(),
});

export const FindingDetailsSchema = z.union([SsotDetailsSchema, Ws1011DetailsSchema, Auth403DetailsSchema]);

export const FindingSchema = z.object({
  /** Stable: hash of kind + insertId, or of kind + logName + timestamp + payload when there is no insertId. */
  id: z.string(),
  kind: KindSchema,
  timestamp: z.string().nullable(),
  timestampUs: z.number().int().nullable(),
  service: z.string().nullable(),
  revision: z.string().nullable(),
  instance: z.string().nullable().optional(),
  severity: SeveritySchema,
  /** Same problem, same fingerprint, across runs and machines. */
  fingerprint: z.string(),
  /** The matched text, redacted. */
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  insertId: z.string().nullable(),
  logName: z.string().nullable(),
  source: EntrySourceSchema.optional(),
});
export type Finding = z.infer<typeof FindingSchema>;
export type SsotDetails = z.infer<typeof SsotDetailsSchema>;
export type Ws1011Details = z.infer<typeof Ws1011DetailsSchema>;
export type Auth403Details = z.infer<typeof Auth403DetailsSchema>;
