import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_QUOTA_RETRY } from '../../src/cloud/backoff.js';
import { RollingRateLimiter } from '../../src/cloud/rateLimiter.js';
import { InstantTimer } from './helpers.js';

describe('client-side read limiter', () => {
  it('lets 60 requests start in any rolling minute and makes the 61st wait for the oldest to leave it', async () => {
    const timer = new InstantTimer();
    const limiter = new RollingRateLimiter(60, timer);
    const waits: number[] = [];
    for (let i = 0; i < 60; i++) {
      waits.push(await limiter.acquire());
      timer.t += 100; // one request every 100 ms
    }
    expect(waits.every((w) => w === 0)).toBe(true);
    // 6 s have passed; the first start was at 0: the 61st may start at 60 s.
    expect(await limiter.acquire()).toBe(60_000 - 6_000);
    expect(timer.t).toBe(60_000);
    // And the one after waits for the second start (at 100 ms).
    expect(await limiter.acquire()).toBe(100);
  });
});

describe('quota backoff', () => {
  it('grows exponentially with jitter in [50%, 100%], capped', () => {
    const p = DEFAULT_QUOTA_RETRY;
    expect(backoffDelayMs(0, p, () => 0)).toBe(1_000);
    expect(backoffDelayMs(0, p, () => 1)).toBe(2_000);
    expect(backoffDelayMs(3, p, () => 1)).toBe(16_000);
    expect(backoffDelayMs(10, p, () => 1)).toBe(32_000);
    expect(backoffDelayMs(10, p, () => 0)).toBe(16_000);
  });
});
