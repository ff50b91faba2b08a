/**
 * LogEntry builders for tests. Each fills what a normalized entry always has (resource, labels,
 * source, timestamps) and validates the result against the model, so a test entry is one the
 * source layer could really produce. The unparsed object is returned: zod would strip fields a
 * lenient reader must still cope with (the wrappers' reduced `httpRequest{method, url}`).
 */
import type { LogEntry, Severity } from '../../src/model/index.js';
import { LogEntrySchema, parseTimestampUs } from '../../src/model/index.js';

export const SERVICE = 'netra-backend-staging';
export const REVISION = 'netra-backend-staging-00083-5xw';
export const INSTANCE =
  '0069c7a988cfdf862ecf067b8b5cad04024b192ef22630d559d1f8f6cafd04d65ff243afd610a2590637f4570eb765fe4f9ad7f5c3be612e42eeb9d29100331e673e6011cf911fd830988a098df2';
export const LOG = {
  stdout: 'projects/netra-staging/logs/run.googleapis.com%2Fstdout',
  stderr: 'projects/netra-staging/logs/run.googleapis.com%2Fstderr',
  requests: 'projects/netra-staging/logs/run.googleapis.com%2Frequests',
} as const;

let counter = 0;

/** A test entry: `partial` over defaults. Pass `insertId: undefined` explicitly to have none. */
export function makeEntry(partial: Partial<LogEntry> & Record<string, unknown> = {}): LogEntry {
  counter += 1;
  const timestamp = partial.timestamp === undefined ? '2025-09-07T13:34:00.739537Z' : partial.timestamp;
  const entry = {
    insertId: `test${String(counter).padStart(6, '0')}`,
    logName: LOG.stderr,
    timestamp,
    timestampUs: timestamp === null ? null : parseTimestampUs(timestamp),
    severity: 'DEFAULT' as Severity,
    resource: {
      type: 'cloud_run_revision',
      labels: {
        configuration_name: SERVICE,
        location: 'us-central1',
        project_id: 'netra-staging',
        revision_name: REVISION,
        service_name: SERVICE,
      },
    },
    labels: { instanceId: INSTANCE },
    source: { name: 'test', index: counter },
    ...partial,
  } as LogEntry;
  const checked = LogEntrySchema.safeParse(entry);
  if (!checked.success) throw new Error(`makeEntry built an invalid LogEntry: ${checked.error.message}`);
  return entry;
}

/**
 * Shape A (LOG-FORMATS §1.1): stdout JSON from unified_logging_ssot — the message twice, a
 * `validation` object and the `error: {message: "Missing field", severity: "ERROR"}` placeholder.
 */
export function shapeA(message: string, severity: Severity, logger = 'netra_backend.app.websocket_core.websocket_manager'): LogEntry {
  return makeEntry({
    logName: LOG.stdout,
    severity,
    jsonPayload: {
      error: { message: 'Missing field', severity: 'ERROR', timestamp: '2025-09-15T22:48:41.433529Z', traceback: '', type: 'str' },
      logger,
      message,
      name: logger,
      service: 'netra-service',
      textPayload: message,
      timestamp: '2025-09-15T22:48:41.433479Z',
      validation: { message_length: message.length, severity, validated_at: '2025-09-15T22:48:41.433544Z', zero_empty_guarantee: true },
    },
  });
}

/** Shape B (LOG-FORMATS §1.2): stderr JSON from netra_backend's GCP formatter. */
export function shapeB(
  message: string,
  severity: Severity,
  where: { module?: string; function?: string; line?: string; error?: Record<string, unknown> } = {},
): LogEntry {
  const module = where.module ?? 'netra_backend.app.routes.websocket';
  return makeEntry({
    logName: LOG.stderr,
    severity,
    jsonPayload: {
      context: { name: module },
      labels: { function: where.function ?? 'websocket_endpoint', line: where.line ?? '169', module },
      message,
      timestamp: '2025-09-07T13:47:27.328659+00:00',
      ...(where.error ? { error: where.error } : {}),
    },
  });
}

/** A plain text line (LOG-FORMATS §1.3): `textPayload`, usually without a severity. */
export function textLine(text: string, severity: Severity = 'DEFAULT', logName: string = LOG.stderr): LogEntry {
  return makeEntry({ logName, severity, textPayload: text });
}

/** A Cloud Run request log (LOG-FORMATS §1.5): no payload, full httpRequest, trace and span. */
export function requestLog(method: string, url: string, status: number, severity?: Severity): LogEntry {
  return makeEntry({
    logName: LOG.requests,
    severity: severity ?? (status >= 500 ? 'ERROR' : status >= 400 ? 'WARNING' : 'INFO'),
    timestamp: '2025-09-07T13:34:00.733023Z',
    httpRequest: {
      latency: '0.002852s',
      protocol: 'HTTP/1.1',
      remoteIp: '68.5.230.82',
      requestMethod: method,
      requestSize: '2499',
      requestUrl: url,
      responseSize: '95',
      serverIp: '34.54.41.44',
      status,
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.6783.78 Safari/537.36',
    },
    trace: 'projects/netra-staging/traces/13bbeb5f9e710737c2effe1b2255a08c',
    spanId: 'da2633fc31c88abf',
  });
}

/**
 * A request entry as the Python-client wrappers keep it (LOG-FORMATS §1.5, corpus README): the
 * reduced `{method, url, status, userAgent, latency}`, no logName, sometimes a textPayload.
 */
export function wrapperRequestLog(method: string, url: string, status: number, textPayload?: string): LogEntry {
  const entry = makeEntry({
    severity: status >= 400 ? 'WARNING' : 'INFO',
    httpRequest: { status, userAgent: 'python-httpx/0.28.1', latency: '37.886544876s' },
    ...(textPayload === undefined ? {} : { textPayload }),
  });
  delete (entry as { logName?: string }).logName;
  Object.assign(entry.httpRequest as object, { method, url });
  return entry;
}
