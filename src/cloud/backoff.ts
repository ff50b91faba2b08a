/** How RESOURCE_EXHAUSTED is retried: a bounded number of attempts within a bounded time. */
export interface QuotaRetryPolicy {
  /** Retries after the first failure (default 5). */
  retries: number;
  /** Total time spent waiting on quota for one request, ms (default 2 minutes). */
  budgetMs: number;
  /** First delay before jitter, doubled each retry (default 2 s). */
  baseMs: number;
  /** Largest single delay (default 32 s: the quota is per minute, waiting longer buys nothing). */
  capMs: number;
}

export const DEFAULT_QUOTA_RETRY: QuotaRetryPolicy = Object.freeze({ retries: 5, budgetMs: 120_000, baseMs: 2_000, capMs: 32_000 });

/**
 * The wait before retry `attempt` (0-based): exponential, capped, with jitter in [50%, 100%] so
 * several pulls hitting the same project's quota do not retry in lock-step.
 */
export function backoffDelayMs(attempt: number, policy: QuotaRetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}
