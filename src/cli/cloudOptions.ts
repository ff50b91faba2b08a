import { Option } from 'commander';
import { classifyApiError, explainFailure } from '../cloud/apiErrors.js';
import { DEFAULT_QUOTA_RETRY } from '../cloud/backoff.js';
import type { LoggingApi } from '../cloud/client.js';
import { API_ENDPOINT_ENV, resolveApiEndpoint } from '../cloud/endpoint.js';
import { DEFAULT_REQUEST_POLICY, type RequestPolicy } from '../cloud/requester.js';
import { parseDuration } from '../time/duration.js';
import { SourceUnavailableError, UsageError } from '../util/errors.js';

/** The flags every command that reads Cloud Logging shares. */
export interface CloudFlags {
  project?: string;
  apiEndpoint?: string;
  maxRpm: string;
  quotaRetries: string;
  quotaBudget: string;
  callTimeout: string;
}

export function cloudOptions(): Option[] {
  return [
    new Option('--project <id>', 'Google Cloud project to read (required)'),
    new Option(
      '--api-endpoint <host:port>',
      `plaintext gRPC endpoint of a local Cloud Logging (tests, emulators; loopback only; also $${API_ENDPOINT_ENV}). ` +
        'Without it: logging.googleapis.com over TLS with Application Default Credentials',
    ),
    new Option('--max-rpm <n>', 'at most this many ListLogEntries calls per rolling minute (the read quota is ~60/min/project)').default(
      String(DEFAULT_REQUEST_POLICY.maxRpm),
    ),
    new Option('--quota-retries <n>', 'on RESOURCE_EXHAUSTED, retry this many times with jittered backoff').default(String(DEFAULT_QUOTA_RETRY.retries)),
    new Option('--quota-budget <duration>', 'at most this long waiting on quota for one request; then exit 5').default('2m'),
    // For tests: bounds the client's own retries of UNAVAILABLE (60 s by default, the client's).
    new Option('--call-timeout <duration>', 'deadline of one API call including the client\'s own retries').default('60s').hideHelp(),
  ];
}

function positiveInt(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${what}: expected a whole number ≥ 0, got "${text}"`);
  return n;
}

export function requestPolicyFrom(flags: CloudFlags): RequestPolicy {
  const maxRpm = positiveInt(flags.maxRpm, '--max-rpm');
  if (maxRpm < 1) throw new UsageError('--max-rpm: must be at least 1');
  return {
    maxRpm,
    quotaRetry: {
      ...DEFAULT_QUOTA_RETRY,
      retries: positiveInt(flags.quotaRetries, '--quota-retries'),
      budgetMs: Math.floor(parseDuration(flags.quotaBudget, { what: '--quota-budget' }) / 1000),
    },
    callTimeoutMs: Math.max(1, Math.floor(parseDuration(flags.callTimeout, { what: '--call-timeout' }) / 1000)),
  };
}

export function projectFrom(flags: CloudFlags): string {
  if (!flags.project) throw new UsageError('--project is required (the Google Cloud project whose logs to read)');
  return flags.project;
}

/**
 * The client for --project / --api-endpoint, with its credentials checked: a missing or refused
 * Application Default Credential is exit 5 with what to run, before anything is recorded.
 */
export async function connectLogging(flags: CloudFlags): Promise<LoggingApi> {
  const project = projectFrom(flags);
  const endpoint = resolveApiEndpoint(flags.apiEndpoint);
  // Loaded here, not at start-up: the client and gRPC take ~0.4 s to load, and only the commands
  // that read Cloud Logging need them.
  const { createLoggingApi } = await import('../cloud/client.js');
  const api = createLoggingApi({ project, endpoint });
  try {
    await api.checkCredentials();
  } catch (err) {
    await api.close().catch(() => {});
    const f = classifyApiError(err);
    // Nothing but the credentials has been asked yet: unless the network failed, it is about them.
    const failure = f.kind === 'unavailable' ? f : { ...f, kind: 'credentials' as const };
    throw new SourceUnavailableError(explainFailure(failure, project));
  }
  return api;
}
