// A token bucket per session: `perSecond` messages a second, bursts up to one second's worth.

export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(private readonly perSecond: number, private readonly now: () => number) {
    this.tokens = perSecond;
    this.last = now();
  }

  /** Takes `n` tokens (default one); false, taking none, when the session is over its rate. */
  take(n = 1): boolean {
    const t = this.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((t - this.last) * this.perSecond) / 1000);
    this.last = t;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}
