// The budget of one leased trunk: free channels (channels − open attempts) and the CPS token bucket. The
// open count starts from the database when the lease is taken and then follows this pod's claims, refused
// originates and ended calls; a periodic recount corrects for calls whose end another pod handled.
import { TokenBucket } from './token-bucket.js';
import type { Trunk } from './trunk.js';

export class TrunkPacer {
  private bucket: TokenBucket | undefined;
  private openCalls: number;

  constructor(
    private current: Trunk,
    openAttempts: number,
    nowMs: number,
  ) {
    this.openCalls = openAttempts;
    this.bucket = current.cps > 0 ? new TokenBucket(current.cps, nowMs) : undefined;
  }

  get trunk(): Trunk {
    return this.current;
  }

  get open(): number {
    return this.openCalls;
  }

  /** Takes a new definition of the trunk (channels, CPS or caller ID mode changed). */
  update(trunk: Trunk, nowMs: number): void {
    if (trunk.cps !== this.current.cps) this.bucket = trunk.cps > 0 ? new TokenBucket(trunk.cps, nowMs) : undefined;
    this.current = trunk;
  }

  /** How many calls may start now: free channels, capped by the CPS budget. */
  budget(nowMs: number): number {
    const free = Math.max(0, this.current.channels - this.openCalls);
    if (this.bucket === undefined) return 0;
    return Math.min(free, this.bucket.available(nowMs));
  }

  /** Calls were claimed for this trunk: they hold channels and spend CPS tokens. */
  started(count: number, nowMs: number): void {
    this.openCalls += count;
    this.bucket?.take(count, nowMs);
  }

  /** A claimed call ended, or never started (refused originate). */
  ended(count = 1): void {
    this.openCalls = Math.max(0, this.openCalls - count);
  }

  /** The count of open attempts as the database sees it. */
  resync(openAttempts: number): void {
    this.openCalls = openAttempts;
  }
}
