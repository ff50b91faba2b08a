/** Every call the server received, in arrival order, for assertions on counts, budget and exact filter text. */

export type MethodName = 'ListLogEntries' | 'TailLogEntries';

export interface RecordedRequest {
  readonly resourceNames: readonly string[];
  /** Exactly as received ('' when absent). */
  readonly filter: string;
  readonly orderBy: string;
  /** 0 when absent (the server then uses 50). */
  readonly pageSize: number;
  readonly pageToken: string;
  /** TailLogEntries only; absent when the client did not send one (the Node client never does). */
  readonly bufferWindow?: { seconds: string | number; nanos?: number };
}

export interface CallOutcome {
  /** gRPC status code: 0 OK. */
  readonly code: number;
  readonly details?: string;
  /** ListLogEntries: entries returned. */
  readonly entries?: number;
  readonly nextPageToken?: string;
}

export interface RecordedCall {
  readonly method: MethodName;
  readonly time: Date;
  readonly request: RecordedRequest;
  /** Request headers (e.g. `x-goog-api-client`, `x-goog-request-params`). */
  readonly metadata: Readonly<Record<string, string>>;
  /** Filled in when the call is answered (for a tail: when it is accepted or refused). */
  outcome?: CallOutcome;
}

interface RawRequest {
  resourceNames?: string[];
  filter?: string;
  orderBy?: string;
  pageSize?: number;
  pageToken?: string;
  bufferWindow?: { seconds: string | number; nanos?: number };
}

export function recordedRequest(raw: RawRequest): RecordedRequest {
  return {
    resourceNames: [...(raw.resourceNames ?? [])],
    filter: raw.filter ?? '',
    orderBy: raw.orderBy ?? '',
    pageSize: raw.pageSize ?? 0,
    pageToken: raw.pageToken ?? '',
    ...(raw.bufferWindow ? { bufferWindow: raw.bufferWindow } : {}),
  };
}

export type { RawRequest };
