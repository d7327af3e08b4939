// Token-bucket rate limits keyed by caller (API key, reporter pseudonym). In memory, per process, bounded: when
// the table is full the oldest buckets are dropped (they were idle longest, so they would be full anyway).

export interface RateLimit {
  /** Sustained rate, tokens per second. */
  perSecond: number;
  /** Bucket size: how many may come at once. */
  burst: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes `cost` tokens for `key` at time `now` (ms); returns 0 when allowed, else the ms to wait. */
  take(key: string, now: number, cost = 1): number {
    let b = this.buckets.get(key);
    if (b) {
      b.tokens = Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond);
      b.at = now;
      this.buckets.delete(key); // re-insert: Map order is the idle order
    } else {
      b = { tokens: this.limit.burst, at: now };
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    }
    this.buckets.set(key, b);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return 0;
    }
    return Math.ceil(((cost - b.tokens) / this.limit.perSecond) * 1000);
  }
}
