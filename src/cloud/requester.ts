import { classifyApiError, type ApiFailure } from './apiErrors.js';
import { backoffDelayMs, DEFAULT_QUOTA_RETRY, type QuotaRetryPolicy } from './backoff.js';
import type { ListPage, ListRequest, LoggingApi } from './client.js';
import { DEFAULT_MAX_RPM, RollingRateLimiter } from './rateLimiter.js';
import { realTimer, type Timer } from './timer.js';

/** A ListLogEntries call that failed for good (after the quota retries, or at once for other errors). */
export class ApiRequestError extends Error {
  constructor(
    readonly failure: ApiFailure,
    /** Quota retries spent on this request before giving up. */
    readonly quotaRetries: number,
    override readonly cause: unknown,
  ) {
    super(failure.summary);
  }
}

export interface RequestPolicy {
  /** Client-side limit on ListLogEntries calls per rolling minute (default 60). */
  maxRpm: number;
  quotaRetry: QuotaRetryPolicy;
  /**
   * Deadline of one call including the client's own retries of UNAVAILABLE / DEADLINE_EXCEEDED /
   * INTERNAL (default 60 s, the client's). Past it the call fails and the pull gives up (exit 5).
   */
  callTimeoutMs: number;
}

export const DEFAULT_REQUEST_POLICY: RequestPolicy = Object.freeze({
  maxRpm: DEFAULT_MAX_RPM,
  quotaRetry: DEFAULT_QUOTA_RETRY,
  callTimeoutMs: 60_000,
});

export type RequestEvent =
  | { type: 'request'; requests: number }
  | { type: 'rate_wait'; ms: number }
  | { type: 'quota_wait'; ms: number; retry: number; summary: string };

/** Counts what was spent: the numbers every pull and gate reports. */
export interface RequestStats {
  requests: number;
  quotaErrors: number;
  quotaWaitMs: number;
  rateWaits: number;
  rateWaitMs: number;
}

/**
 * ListLogEntries with the manners the quota asks for: a rolling-minute limiter in front of every
 * call, RESOURCE_EXHAUSTED retried after a jittered backoff within a bounded budget (the client
 * does not retry it), everything counted. UNAVAILABLE is already retried inside the client, so
 * here it is final.
 */
export class ApiRequester {
  readonly stats: RequestStats = { requests: 0, quotaErrors: 0, quotaWaitMs: 0, rateWaits: 0, rateWaitMs: 0 };
  private readonly limiter: RollingRateLimiter;

  constructor(
    readonly api: LoggingApi,
    readonly policy: RequestPolicy = DEFAULT_REQUEST_POLICY,
    private readonly timer: Timer = realTimer,
    private readonly onEvent: (e: RequestEvent) => void = () => {},
    private readonly random: () => number = Math.random,
  ) {
    this.limiter = new RollingRateLimiter(policy.maxRpm, timer);
  }

  async list(req: ListRequest, signal?: AbortSignal): Promise<ListPage> {
    let retry = 0;
    let waitedMs = 0;
    for (;;) {
      signal?.throwIfAborted();
      const waited = await this.limiter.acquire(signal);
      if (waited > 0) {
        this.stats.rateWaits++;
        this.stats.rateWaitMs += waited;
        this.onEvent({ type: 'rate_wait', ms: waited });
      }
      this.stats.requests++;
      this.onEvent({ type: 'request', requests: this.stats.requests });
      try {
        return await abortable(this.api.list(req, { timeoutMs: this.policy.callTimeoutMs }), signal);
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        const failure = classifyApiError(err);
        if (failure.kind !== 'quota') throw new ApiRequestError(failure, retry, err);
        this.stats.quotaErrors++;
        const delay = backoffDelayMs(retry, this.policy.quotaRetry, this.random);
        if (retry >= this.policy.quotaRetry.retries || waitedMs + delay > this.policy.quotaRetry.budgetMs) {
          throw new ApiRequestError(failure, retry, err);
        }
        retry++;
        waitedMs += delay;
        this.stats.quotaWaitMs += delay;
        this.onEvent({ type: 'quota_wait', ms: delay, retry, summary: failure.summary });
        await this.timer.sleep(delay, signal);
      }
    }
  }
}

/** The call's result, or the signal's reason as soon as it aborts (the call itself is left to the channel's close). */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
