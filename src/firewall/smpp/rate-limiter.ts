// A token bucket per session: `perSecond` messages a second, bursts up to one second's worth.

export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(private readonly perSecond: number, private readonly now: () => number) {
    this.tokens = perSecond;
    this.last = now();
  }

  /** Takes one token; false when the session is over its rate. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Takes `n` tokens whatever is left: the bucket may go below zero, and later messages wait until it refills. */
  owe(n: number): void {
    this.refill();
    this.tokens -= n;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((t - this.last) * this.perSecond) / 1000);
    this.last = t;
  }
}
