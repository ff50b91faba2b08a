/**
 * Failures a test arms before exercising the product. Each is consumed by the calls it applies
 * to, in arrival order, so a test can say "the next two reads hit the quota" and then assert
 * what the product did about it.
 */
import { status } from '@grpc/grpc-js';

export interface InjectedStatus {
  readonly code: status;
  readonly details: string;
}

/** What the API says when the per-minute read quota is gone (the client surfaces `8 RESOURCE_EXHAUSTED: ` + this). */
export function quotaExceeded(projectNumber = '123456789012'): InjectedStatus {
  return {
    code: status.RESOURCE_EXHAUSTED,
    details:
      "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service " +
      `'logging.googleapis.com' for consumer 'project_number:${projectNumber}'.`,
  };
}

export const SERVICE_UNAVAILABLE: InjectedStatus = { code: status.UNAVAILABLE, details: 'The service is currently unavailable.' };
export const CONNECTION_DROPPED: InjectedStatus = { code: status.UNAVAILABLE, details: 'Connection reset by peer' };

export class Faults {
  private failures: InjectedStatus[] = [];
  private emptyPagesLeft = 0;
  private delay = 0;
  private pageBudget: { left: number; error: InjectedStatus } | undefined;
  private tailDrop: { afterResponses: number; error: InjectedStatus } | undefined;

  /** The next `n` ListLogEntries calls fail with `error` (after any failures already queued). */
  failListCalls(n: number, error: InjectedStatus): this {
    for (let i = 0; i < n; i++) this.failures.push(error);
    return this;
  }

  /** The next `n` ListLogEntries calls fail with RESOURCE_EXHAUSTED (code 8) and the quota message. */
  resourceExhausted(n = 1): this {
    return this.failListCalls(n, quotaExceeded());
  }

  /** The next `n` ListLogEntries calls fail with UNAVAILABLE (code 14); the client retries these itself. */
  unavailable(n = 1): this {
    return this.failListCalls(n, SERVICE_UNAVAILABLE);
  }

  /** The next `n` successful ListLogEntries calls return no entries but a token to resume from the same place. */
  emptyPages(n: number): this {
    this.emptyPagesLeft += n;
    return this;
  }

  /** Every call waits this long before it is answered (tail: before the stream is accepted). */
  delayMs(ms: number): this {
    this.delay = ms;
    return this;
  }

  /** After `pages` more answered ListLogEntries calls, every further one fails with `error` until cleared. */
  pageLimit(pages: number, error: InjectedStatus = quotaExceeded()): this {
    this.pageBudget = { left: pages, error };
    return this;
  }

  clearPageLimit(): this {
    this.pageBudget = undefined;
    return this;
  }

  /** Each tail stream opened from now on is broken with `error` after it has sent `afterResponses` responses. */
  dropTailAfter(afterResponses: number, error: InjectedStatus = CONNECTION_DROPPED): this {
    this.tailDrop = { afterResponses, error };
    return this;
  }

  reset(): this {
    this.failures = [];
    this.emptyPagesLeft = 0;
    this.delay = 0;
    this.pageBudget = undefined;
    this.tailDrop = undefined;
    return this;
  }

  // ---- consumed by the server ----

  get callDelayMs(): number {
    return this.delay;
  }

  /** The error this ListLogEntries call must fail with, if any (consumes it). */
  takeListFailure(): InjectedStatus | undefined {
    const queued = this.failures.shift();
    if (queued) return queued;
    if (this.pageBudget && this.pageBudget.left <= 0) return this.pageBudget.error;
    return undefined;
  }

  /** Records one answered page against the page limit. */
  countPage(): void {
    if (this.pageBudget) this.pageBudget.left--;
  }

  takeEmptyPage(): boolean {
    if (this.emptyPagesLeft <= 0) return false;
    this.emptyPagesLeft--;
    return true;
  }

  get tailDropRule(): { readonly afterResponses: number; readonly error: InjectedStatus } | undefined {
    return this.tailDrop;
  }
}
