// A calls-per-second budget: `ratePerSecond` tokens a second, at most one second's worth (and at least one
// call) saved up. Time is
// the caller's (the service Clock), so a scaled clock paces in simulated seconds like fs-sim's gateways.

export class TokenBucket {
  private tokens: number;
  private lastMs: number;
  private readonly capacity: number;

  constructor(
    readonly ratePerSecond: number,
    nowMs: number,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be positive, got ${ratePerSecond}`);
    this.capacity = Math.max(1, ratePerSecond);
    this.tokens = this.capacity;
    this.lastMs = nowMs;
  }

  private refill(nowMs: number): void {
    // A clock that steps back (it should not) refills nothing rather than draining the bucket.
    const elapsedMs = Math.max(0, nowMs - this.lastMs);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs * this.ratePerSecond) / 1_000);
    this.lastMs = Math.max(this.lastMs, nowMs);
  }

  /** Whole tokens available now. */
  available(nowMs: number): number {
    this.refill(nowMs);
    return Math.floor(this.tokens);
  }

  /** Takes up to `count` tokens; returns how many were taken. */
  take(count: number, nowMs: number): number {
    const taken = Math.min(Math.max(0, Math.floor(count)), this.available(nowMs));
    this.tokens -= taken;
    return taken;
  }

  /** Gives back tokens taken for calls that were not placed after all. */
  giveBack(count: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + Math.max(0, count));
  }
}
