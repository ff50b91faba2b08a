import { Logging } from '@google-cloud/logging';
import { credentials } from '@grpc/grpc-js';
import { UsageError } from '../util/errors.js';
import type { ApiLogEntry } from './convert.js';
import type { ApiEndpoint } from './endpoint.js';

export type OrderBy = 'timestamp asc' | 'timestamp desc';

export interface ListRequest {
  resourceNames: string[];
  filter: string;
  orderBy: OrderBy;
  pageSize: number;
  pageToken?: string;
}

export interface ListPage {
  entries: ApiLogEntry[];
  /** The cursor of the next page; null after the last one. A page may be empty and still have one. */
  nextPageToken: string | null;
}

export interface SuppressionInfo {
  reason: string;
  suppressedCount: number;
}

export interface TailResponse {
  entries: ApiLogEntry[];
  suppressionInfo: SuppressionInfo[];
}

export interface TailHandlers {
  onResponse(r: TailResponse): void;
  /** Called once when the stream ends, with the error that broke it, or null for a server-side end. */
  onClose(err: unknown): void;
}

export interface TailSession {
  /** Stops following; onClose is not called after this. */
  cancel(): void;
}

/**
 * The two calls ssot-watch makes, on the GAPIC layer of `@google-cloud/logging`: it keeps
 * timestamps to the nanosecond (the `Entry` layer cuts them to milliseconds), sends filters as
 * written (no silent 24 h bound) and pages only when asked. An interface, so the pull and the
 * gate can be driven by anything that speaks it.
 */
export interface LoggingApi {
  readonly project: string;
  /** Where requests go, for messages: `logging.googleapis.com` or the loopback endpoint. */
  readonly target: string;
  /** One ListLogEntries call (`timeoutMs`: per call, including the client's own retries of UNAVAILABLE). */
  list(req: ListRequest, opts?: { timeoutMs?: number }): Promise<ListPage>;
  /** Opens a TailLogEntries stream. */
  tail(req: { resourceNames: string[]; filter: string }, handlers: TailHandlers): TailSession;
  /**
   * Loads Application Default Credentials and gets a token (never shown), so a missing or refused
   * credential is reported before any run is recorded — and not as UNAVAILABLE retried for a minute,
   * which is how gRPC surfaces a credential plugin's failure. A no-op for a loopback endpoint.
   */
  checkCredentials(): Promise<void>;
  close(): Promise<void>;
}

export interface LoggingClientConfig {
  project: string;
  /** A loopback plaintext endpoint (tests, emulators), or null for Cloud Logging itself with ADC. */
  endpoint: ApiEndpoint | null;
}

// Project ids are lower-case letters, digits and hyphens, optionally `domain.com:`-scoped; the id goes
// into a resource name (`projects/P`), so nothing that could change its meaning is let through.
const PROJECT_ID = /^(?:[a-z0-9][a-z0-9.-]*[a-z0-9]:)?[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/i;

export function checkProjectId(project: string): string {
  if (!PROJECT_ID.test(project)) {
    throw new UsageError(`--project: "${project}" is not a Google Cloud project id (letters, digits and hyphens, e.g. netra-staging)`);
  }
  return project;
}

interface TailDuplex {
  on(event: 'data', fn: (r: { entries?: ApiLogEntry[]; suppressionInfo?: SuppressionInfo[] }) => void): unknown;
  on(event: 'error', fn: (err: unknown) => void): unknown;
  on(event: 'end', fn: () => void): unknown;
  write(req: { resourceNames: string[]; filter: string }): boolean;
  cancel?(): void;
  destroy(): void;
}

interface Gapic {
  listLogEntries(req: ListRequest, opts: Record<string, unknown>): Promise<[ApiLogEntry[], unknown, { nextPageToken?: string } | undefined]>;
  tailLogEntries(): TailDuplex;
  close(): Promise<void>;
}

export function createLoggingApi(config: LoggingClientConfig): LoggingApi {
  const project = checkProjectId(config.project);
  const ep = config.endpoint;
  // `port` and `sslCreds` are gax client options the LoggingOptions typing does not list.
  const local: Record<string, unknown> | null = ep
    ? {
        projectId: project,
        // Known up front, so the client does not ask a metadata server for it.
        universeDomain: 'googleapis.com',
        apiEndpoint: ep.host,
        port: ep.port,
        sslCreds: credentials.createInsecure(),
      }
    : null;
  const logging = new Logging(local ?? { projectId: project });
  // The typings declare the class; at runtime `loggingService` is the instance the Logging object made.
  const gapic = logging.loggingService as unknown as Gapic;
  return {
    project,
    target: ep ? `${ep.host}:${ep.port} (plaintext)` : 'logging.googleapis.com',
    async list(req, opts = {}) {
      const callOptions: Record<string, unknown> = { autoPaginate: false };
      if (opts.timeoutMs !== undefined) callOptions['timeout'] = opts.timeoutMs;
      const [entries, , raw] = await gapic.listLogEntries(req, callOptions);
      const token = raw?.nextPageToken;
      return { entries: entries ?? [], nextPageToken: typeof token === 'string' && token !== '' ? token : null };
    },
    tail(req, handlers) {
      const stream = gapic.tailLogEntries();
      let closed = false;
      const close = (err: unknown): void => {
        if (closed) return;
        closed = true;
        handlers.onClose(err);
      };
      stream.on('data', (r: { entries?: ApiLogEntry[]; suppressionInfo?: SuppressionInfo[] }) => {
        if (closed) return;
        handlers.onResponse({ entries: r.entries ?? [], suppressionInfo: (r.suppressionInfo ?? []).map((s) => ({ reason: String(s.reason), suppressedCount: Number(s.suppressedCount) })) });
      });
      stream.on('error', (err: unknown) => close(err ?? new Error('tail stream failed')));
      stream.on('end', () => close(null));
      // Exactly one request per session; `bufferWindow` is left to the server's default (2 s).
      stream.write({ resourceNames: req.resourceNames, filter: req.filter });
      return {
        cancel() {
          if (closed) return;
          closed = true;
          if (typeof stream.cancel === 'function') stream.cancel();
          else stream.destroy();
        },
      };
    },
    async checkCredentials() {
      if (ep) return;
      const client = await logging.auth.getClient();
      await client.getAccessToken();
    },
    async close() {
      await gapic.close();
    },
  };
}
