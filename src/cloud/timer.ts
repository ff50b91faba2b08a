/**
 * Waiting, made replaceable: the limiter and the backoff ask this for the time and for sleeps,
 * so tests drive them without waiting for real.
 */
export interface Timer {
  /** Milliseconds, monotonic enough for rate limiting. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realTimer: Timer = {
  now: () => performance.now(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      // setTimeout cannot wait longer than 2^31-1 ms (~24.8 days): longer waits go in steps.
      const until = Date.now() + Math.max(0, ms);
      let t: NodeJS.Timeout;
      const arm = (): void => {
        t = setTimeout(() => {
          if (Date.now() < until) return arm();
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, Math.min(2 ** 31 - 1, Math.max(0, until - Date.now())));
      };
      const onAbort = (): void => {
        clearTimeout(t);
        reject(signal!.reason);
      };
      arm();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
