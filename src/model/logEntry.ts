import { z } from 'zod';
import { SeveritySchema } from './severity.js';

/** Where an entry came from, precise enough for an error message a user can act on. */
export const EntrySourceSchema = z.object({
  /** File path as given, `-` for stdin, or `cloud-logging:<project>` for the API. */
  name: z.string(),
  /** 0-based index of the entry within its source, in read order. */
  index: z.number().int().nonnegative(),
  /** Byte offset of the entry's first byte in the (decompressed) input, when known. */
  offset: z.number().int().nonnegative().optional(),
  /** 1-based line number, when the format is line oriented (JSONL, text). */
  line: z.number().int().positive().optional(),
});
export type EntrySource = z.infer<typeof EntrySourceSchema>;

export const HttpRequestSchema = z.object({
  requestMethod: z.string().optional(),
  requestUrl: z.string().optional(),
  status: z.number().int().optional(),
  latency: z.string().optional(),
  protocol: z.string().optional(),
  remoteIp: z.string().optional(),
  serverIp: z.string().optional(),
  userAgent: z.string().optional(),
  requestSize: z.string().optional(),
  responseSize: z.string().optional(),
});
export type HttpRequest = z.infer<typeof HttpRequestSchema>;

export const ResourceSchema = z.object({
  type: z.string(),
  labels: z.record(z.string(), z.string()),
});
export type Resource = z.infer<typeof ResourceSchema>;

/**
 * One Cloud Logging entry, whatever shape it arrived in (gcloud camelCase, the Python
 * client's snake_case, a plain text line). Timestamps are UTC with microseconds; an entry
 * whose time is unknown (a text line without one) has `timestamp: null` and proves nothing
 * about coverage.
 */
export const LogEntrySchema = z.object({
  insertId: z.string().optional(),
  logName: z.string().optional(),
  /** ISO 8601 UTC, microseconds, `Z`: `2025-09-07T13:34:00.733023Z`. */
  timestamp: z.string().nullable(),
  /** The same instant as microseconds since the Unix epoch (exact in a double until year 2255). */
  timestampUs: z.number().int().nullable(),
  receiveTimestamp: z.string().optional(),
  severity: SeveritySchema,
  resource: ResourceSchema,
  labels: z.record(z.string(), z.string()),
  textPayload: z.string().optional(),
  jsonPayload: z.record(z.string(), z.unknown()).optional(),
  protoPayload: z.record(z.string(), z.unknown()).optional(),
  httpRequest: HttpRequestSchema.optional(),
  trace: z.string().optional(),
  spanId: z.string().optional(),
  source: EntrySourceSchema,
});
export type LogEntry = z.infer<typeof LogEntrySchema>;

export function serviceOf(e: Pick<LogEntry, 'resource'>): string | null {
  return e.resource.labels['service_name'] || null;
}

export function revisionOf(e: Pick<LogEntry, 'resource'>): string | null {
  return e.resource.labels['revision_name'] || null;
}

export function instanceOf(e: Pick<LogEntry, 'labels'>): string | null {
  return e.labels['instanceId'] || null;
}
