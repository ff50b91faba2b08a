import type { GEntry, HttpRequestJson, JsonObject, Severity } from './model.js';

/**
 * LogEntry builders, one per envelope of LOG-FORMATS.md §1. They take every variable part as a
 * ready string, so the same builder serves the samples (real values) and the benchmark
 * templates (placeholders filled in on the hot path).
 */

export interface Where {
  project: string;
  location: string;
  service: string;
  revision: string;
  /** Absent for audit entries and requests that never reached an instance. */
  instanceId?: string;
  /** Service labels Cloud Run copies onto every entry (`vpc-connectivity`, `migration-run`). */
  serviceLabels: Record<string, string>;
}

export interface Stamp {
  timestamp: string;
  receiveTimestamp: string;
  insertId: string;
}

export function runLogName(project: string, log: 'stdout' | 'stderr' | 'requests' | 'varlog%2Fsystem'): string {
  return `projects/${project}/logs/run.googleapis.com%2F${log}`;
}

function resourceOf(w: Where): GEntry['resource'] {
  return {
    type: 'cloud_run_revision',
    labels: {
      configuration_name: w.service,
      location: w.location,
      project_id: w.project,
      revision_name: w.revision,
      service_name: w.service,
    },
  };
}

function labelsOf(w: Where, extra?: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (w.instanceId !== undefined) out['instanceId'] = w.instanceId;
  Object.assign(out, w.serviceLabels, extra);
  return out;
}

function base(w: Where, s: Stamp, logName: string, extraLabels?: Record<string, string>): GEntry {
  return {
    insertId: s.insertId,
    logName,
    timestamp: s.timestamp,
    receiveTimestamp: s.receiveTimestamp,
    resource: resourceOf(w),
    labels: labelsOf(w, extraLabels),
  };
}

/** In the corpus request logs are INFO below 400, WARNING for 4xx, ERROR for 5xx (§1.5). */
export function severityForStatus(status: number): Severity {
  if (status >= 500) return 'ERROR';
  if (status >= 400) return 'WARNING';
  return 'INFO';
}

export interface RequestParts {
  http: HttpRequestJson;
  trace: string;
  spanId: string;
  traceSampled?: boolean;
  /** Cloud Run adds one to some failed requests ("The request failed because ..."). */
  textPayload?: string;
}

/** §1.5 request log: no payload, full httpRequest, trace and spanId. */
export function requestLog(w: Where, s: Stamp, p: RequestParts): GEntry {
  const e = base(w, s, runLogName(w.project, 'requests'));
  e.severity = severityForStatus(p.http.status);
  e.httpRequest = p.http;
  e.trace = `projects/${w.project}/traces/${p.trace}`;
  e.spanId = p.spanId;
  if (p.traceSampled) e.traceSampled = true;
  if (p.textPayload !== undefined) e.textPayload = p.textPayload;
  return e;
}

export interface ShapeAParts {
  logger: string;
  message: string;
  severity: Severity;
  /** `jsonPayload.timestamp`, `error.timestamp`, `validation.validated_at` (µs apart in real data). */
  payloadTs: string;
  errorTs: string;
  validatedAt: string;
  /** `message_length`; the formatter counts Python characters. */
  messageLength: number;
}

/**
 * §1.1 shape A (stdout, unified_logging_ssot): the message twice (`message`, `textPayload`), a
 * `validation` object, and the bogus `error` object saying ERROR on every entry.
 */
export function shapeA(w: Where, s: Stamp, p: ShapeAParts): GEntry {
  const e = base(w, s, runLogName(w.project, 'stdout'));
  e.severity = p.severity;
  const payload: JsonObject = {
    error: { message: 'Missing field', severity: 'ERROR', timestamp: p.errorTs, traceback: '', type: 'str' },
    logger: p.logger,
    message: p.message,
    service: 'netra-service',
    textPayload: p.message,
    timestamp: p.payloadTs,
    validation: { message_length: p.messageLength, severity: p.severity, validated_at: p.validatedAt, zero_empty_guarantee: true },
  };
  // Module loggers carry `name`; records relayed from `logging` or the SSOT logger do not.
  if (p.logger.startsWith('netra_backend')) payload['name'] = p.logger;
  e.jsonPayload = payload;
  return e;
}

export interface ShapeBParts {
  module: string;
  fn: string;
  line: string;
  /** `context.name` (`api` for request logging); absent on records relayed from `logging`. */
  contextName?: string;
  message: string;
  severity: Severity;
  /** `+00:00` form. */
  payloadTs: string;
  error?: { type: string; value: string; traceback: string | null };
}

/** §1.2 shape B (stderr, netra_backend's GCP JSON formatter). */
export function shapeB(w: Where, s: Stamp, p: ShapeBParts): GEntry {
  const e = base(w, s, runLogName(w.project, 'stderr'));
  e.severity = p.severity;
  const payload: JsonObject = {
    labels: { function: p.fn, line: p.line, module: p.module },
    message: p.message,
    timestamp: p.payloadTs,
  };
  if (p.contextName !== undefined) payload['context'] = { name: p.contextName };
  if (p.error) payload['error'] = { ...p.error };
  e.jsonPayload = payload;
  return e;
}

/** §1.3 a plain line: no severity unless Cloud Run recognised a traceback (§1.4). */
export function textLine(
  w: Where,
  s: Stamp,
  stream: 'stdout' | 'stderr',
  text: string,
  opts: { severity?: Severity; errorGroupId?: string } = {},
): GEntry {
  const e = base(w, s, runLogName(w.project, stream));
  if (opts.severity) e.severity = opts.severity;
  e.textPayload = text;
  if (opts.errorGroupId) e.errorGroups = [{ id: opts.errorGroupId }];
  return e;
}

/** §1.6 platform lines (`varlog/system`). */
export function varlogLine(w: Where, s: Stamp, text: string, severity: Severity, extraLabels?: Record<string, string>): GEntry {
  const e = base(w, s, runLogName(w.project, 'varlog%2Fsystem'), extraLabels);
  e.severity = severity;
  e.textPayload = text;
  return e;
}

export interface AuditParts {
  project: string;
  location: string;
  service: string;
  principal: string;
  callerIp: string;
  userAgent: string;
  requestTime: string;
  newRevision: string;
  generation: number;
  /** Scale-to-zero services say "0". */
  minScale: string;
}

/**
 * §1.6 audit entry (`cloudaudit.googleapis.com%2Factivity`, NOTICE, empty revision): a deploy.
 * Trimmed to the fields a reader uses; the real request object is ~8 KB.
 */
export function auditReplaceService(s: Stamp, p: AuditParts): GEntry {
  const svcPath = `namespaces/${p.project}/services/${p.service}`;
  return {
    insertId: s.insertId,
    logName: `projects/${p.project}/logs/cloudaudit.googleapis.com%2Factivity`,
    timestamp: s.timestamp,
    receiveTimestamp: s.receiveTimestamp,
    resource: {
      type: 'cloud_run_revision',
      labels: { configuration_name: '', location: p.location, project_id: p.project, revision_name: '', service_name: p.service },
    },
    severity: 'NOTICE',
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      authenticationInfo: {
        principalEmail: p.principal,
        principalSubject: `serviceAccount:${p.principal}`,
      },
      requestMetadata: {
        callerIp: p.callerIp,
        callerSuppliedUserAgent: p.userAgent,
        requestAttributes: { time: p.requestTime, auth: {} },
        destinationAttributes: {},
      },
      serviceName: 'run.googleapis.com',
      methodName: 'google.cloud.run.v1.Services.ReplaceService',
      authorizationInfo: [
        { resource: svcPath, permission: 'run.services.update', granted: true, resourceAttributes: {}, permissionType: 'ADMIN_WRITE' },
      ],
      resourceName: svcPath,
      request: {
        '@type': 'type.googleapis.com/google.cloud.run.v1.ReplaceServiceRequest',
        name: svcPath,
        service: {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Service',
          metadata: { name: p.service, generation: p.generation, labels: { 'cloud.googleapis.com/location': p.location } },
          spec: {
            template: {
              metadata: {
                name: p.newRevision,
                annotations: { 'autoscaling.knative.dev/minScale': p.minScale, 'autoscaling.knative.dev/maxScale': '20' },
              },
              spec: { containerConcurrency: 80, timeoutSeconds: 600 },
            },
            traffic: [{ latestRevision: true, percent: 100 }],
          },
        },
      },
      resourceLocation: { currentLocations: [p.location] },
    },
  };
}
