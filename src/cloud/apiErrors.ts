import { redact } from '../../parsers/redact.js';

/** gRPC status codes the pull and the gate react to. */
export const GRPC = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

export type ApiFailureKind =
  | 'quota'
  | 'unavailable'
  | 'invalid_argument'
  | 'credentials'
  | 'permission'
  | 'not_found'
  | 'cancelled'
  | 'other';

export interface ApiFailure {
  kind: ApiFailureKind;
  /** The gRPC code, when the error carried one. */
  code: number | null;
  /** One line for a human, safe to print: no token, no key material. */
  summary: string;
}

/** What to run when Application Default Credentials are missing or refused. */
export const ADC_HINT =
  'run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file ' +
  '(on Google Cloud the metadata server provides them)';

// google-auth-library's wording for "found nothing" and for a key file that is not there.
const NO_CREDENTIALS = /Could not load the default credentials|could not find default credentials|Unable to detect a Project Id/i;
const KEY_FILE = /GOOGLE_APPLICATION_CREDENTIALS|does not exist, or it is not a file|ENOENT|Unexpected token|JSON/i;
const REFUSED = /invalid_grant|invalid_rapt|reauth|unauthorized_client|invalid_client|Getting metadata from plugin failed/i;

/** The first line of an error's text, redacted and capped: library messages may quote what they were given. */
function safeLine(text: string): string {
  const line = (text.split('\n')[0] ?? '').trim();
  const capped = line.length > 300 ? `${line.slice(0, 299)}…` : line;
  return redact(capped);
}

function codeOf(err: unknown): number | null {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'number' ? c : null;
}

function detailsOf(err: unknown): string {
  const e = err as { details?: unknown; message?: unknown } | null;
  if (typeof e?.details === 'string' && e.details !== '') return e.details;
  return typeof e?.message === 'string' ? e.message : String(err);
}

/** Sorts an error from the client (gRPC status, auth library, network) into what the caller does about it. */
export function classifyApiError(err: unknown): ApiFailure {
  const code = codeOf(err);
  const text = detailsOf(err);
  const message = typeof (err as { message?: unknown })?.message === 'string' ? (err as Error).message : text;
  if (code === GRPC.RESOURCE_EXHAUSTED) return { kind: 'quota', code, summary: `RESOURCE_EXHAUSTED: ${safeLine(text)}` };
  if (code === GRPC.UNAUTHENTICATED || (code === null && (NO_CREDENTIALS.test(message) || REFUSED.test(message)))) {
    return { kind: 'credentials', code, summary: safeLine(message) };
  }
  if (code === null && KEY_FILE.test(message) && /credential|key|GOOGLE_APPLICATION/i.test(message)) {
    return { kind: 'credentials', code, summary: safeLine(message) };
  }
  if (code !== null && REFUSED.test(message)) return { kind: 'credentials', code, summary: safeLine(message) };
  if (code === GRPC.PERMISSION_DENIED) return { kind: 'permission', code, summary: `PERMISSION_DENIED: ${safeLine(text)}` };
  if (code === GRPC.NOT_FOUND) return { kind: 'not_found', code, summary: `NOT_FOUND: ${safeLine(text)}` };
  if (code === GRPC.INVALID_ARGUMENT) return { kind: 'invalid_argument', code, summary: `INVALID_ARGUMENT: ${safeLine(text)}` };
  if (code === GRPC.CANCELLED) return { kind: 'cancelled', code, summary: 'CANCELLED' };
  if (code === GRPC.UNAVAILABLE || code === GRPC.DEADLINE_EXCEEDED || code === GRPC.INTERNAL) {
    return { kind: 'unavailable', code, summary: safeLine(message) };
  }
  // Socket-level failures that never became a gRPC status.
  if (code === null && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|socket hang up|network/i.test(message)) {
    return { kind: 'unavailable', code, summary: safeLine(message) };
  }
  return { kind: 'other', code, summary: safeLine(message) };
}

/** The sentence for exit 5: what failed, and what the user can do about it. */
export function explainFailure(f: ApiFailure, project: string): string {
  switch (f.kind) {
    case 'credentials':
      return `Cloud Logging: no usable Application Default Credentials (${f.summary}); ${ADC_HINT}`;
    case 'permission':
      return `Cloud Logging refused to read project ${project} (${f.summary}); the credentials need logging.logEntries.list there (e.g. roles/logging.viewer)`;
    case 'not_found':
      return `Cloud Logging: project ${project} not found (${f.summary})`;
    case 'quota':
      return `Cloud Logging read quota exhausted (${f.summary}); wait a minute and run again (the pull resumes), or lower --max-rpm`;
    case 'unavailable':
      return `Cloud Logging unreachable after the client's own retries (${f.summary})`;
    default:
      return `Cloud Logging request failed (${f.summary})`;
  }
}
