// Originates nobody hears of again (their reply lost, the node restarted before the channel existed),
// watched by one sweep per node rather than a timer, a promise and an AbortController per call: a call
// is heard of within milliseconds of its originate, and leaves the watch at the next sweep.
import type { Clock } from '@ringpace/clock';

export interface WatchedOriginate {
  /** Nothing heard of the call yet: no channel event, no failed job result, not ended. */
  readonly unheardOf: boolean;
  /** Its time is up while still unheard of: the call finds out what became of it. */
  overdue(): void;
}

export class OriginateWatch {
  private readonly dueAtMs = new Map<WatchedOriginate, number>();

  /** `sweepMs`: business time between sweeps, how late a due originate may be looked at. */
  constructor(
    private readonly clock: Clock,
    private readonly sweepMs: number,
  ) {}

  /** Calls watched now (left ones included until the next sweep). */
  get size(): number {
    return this.dueAtMs.size;
  }

  /** Watches the call for `afterMs` of business time from now. */
  add(call: WatchedOriginate, afterMs: number): void {
    this.dueAtMs.set(call, this.clock.nowMs() + afterMs);
  }

  /** Sweeps every sweepMs until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.clock.sleep(this.sweepMs, signal);
      } catch {
        return;
      }
      this.sweep();
    }
  }

  /** Drops the calls heard of, and tells each unheard-of call whose time is up. */
  sweep(): void {
    const nowMs = this.clock.nowMs();
    const overdue: WatchedOriginate[] = [];
    for (const [call, dueAtMs] of this.dueAtMs) {
      if (!call.unheardOf) this.dueAtMs.delete(call);
      else if (nowMs >= dueAtMs) {
        this.dueAtMs.delete(call);
        overdue.push(call);
      }
    }
    for (const call of overdue) call.overdue();
  }
}
