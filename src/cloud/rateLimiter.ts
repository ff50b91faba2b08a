import type { Timer } from './timer.js';

export const DEFAULT_MAX_RPM = 60;
export const RATE_WINDOW_MS = 60_000;

/**
 * At most `max` starts in any rolling `windowMs`: Cloud Logging's read quota is about 60 requests
 * per minute per project (some projects 120), counted by the service over a rolling minute, so a
 * pull that stays under it never meets RESOURCE_EXHAUSTED on its own account.
 */
export class RollingRateLimiter {
  private readonly starts: number[] = [];

  constructor(
    readonly max: number,
    private readonly timer: Timer,
    private readonly windowMs = RATE_WINDOW_MS,
  ) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`rate limit must be a positive integer, got ${max}`);
  }

  /** Waits until a request may start, records the start, returns how long it waited (ms). */
  async acquire(signal?: AbortSignal): Promise<number> {
    let waited = 0;
    for (;;) {
      const now = this.timer.now();
      while (this.starts.length > 0 && this.starts[0]! <= now - this.windowMs) this.starts.shift();
      if (this.starts.length < this.max) {
        this.starts.push(now);
        return waited;
      }
      const wait = this.starts[0]! + this.windowMs - now;
      await this.timer.sleep(wait, signal);
      waited += wait;
    }
  }
}
