/**
 * A token bucket that refills continuously: `perSecond` tokens a second, holding at most `perSecond`
 * (so a burst of `perSecond` calls passes, then calls pass at the refill rate). Zero throttles everything.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(private readonly perSecond: number, private readonly now: () => number = Date.now) {
    this.tokens = Math.max(0, perSecond);
    this.refilledAt = now();
  }

  /** Takes one token; false when none is left. */
  take(): boolean {
    const t = this.now();
    const capacity = Math.max(0, this.perSecond);
    this.tokens = Math.min(capacity, this.tokens + ((t - this.refilledAt) / 1000) * capacity);
    this.refilledAt = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}
