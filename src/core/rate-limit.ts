// Token-bucket rate limits keyed by caller (API key, reporter pseudonym). In memory, per process, bounded: when
// the table is full the buckets idle longest are dropped (they would be full again anyway).
import { BoundedCache } from './bounded-cache.js';

export interface RateLimit {
  /** Sustained rate, tokens per second. */
  perSecond: number;
  /** Bucket size: how many may come at once. */
  burst: number;
}

export class RateLimiter {
  private readonly buckets: BoundedCache<string, { tokens: number; at: number }>;

  constructor(
    private readonly limit: RateLimit,
    maxKeys = 100_000,
  ) {
    this.buckets = new BoundedCache(maxKeys);
  }

  /** Takes `cost` tokens for `key` at time `now` (ms); returns 0 when allowed, else the ms to wait. */
  take(key: string, now: number, cost = 1): number {
    let b = this.buckets.get(key);
    if (b) {
      b.tokens = Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond);
      b.at = now;
    } else {
      b = { tokens: this.limit.burst, at: now };
      this.buckets.set(key, b);
    }
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return 0;
    }
    return Math.ceil(((cost - b.tokens) / this.limit.perSecond) * 1000);
  }
}
