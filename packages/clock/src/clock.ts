// Time as an input (DESIGN.md, "Time"): the wall clock in production, a scaled clock for the demo and
// benchmarks (matching fs-sim's --speed), a manual clock for tests. Business code never calls Date.now().

export interface Clock {
  /** Current business time in epoch milliseconds. */
  nowMs(): number;
  now(): Date;
  /** Resolves after `durationMs` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(durationMs: number, signal?: AbortSignal): Promise<void>;
}

function abortable(signal: AbortSignal | undefined, start: (done: () => void) => () => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      cancel();
      reject(signal?.reason as Error);
    };
    const cancel = start(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class SystemClock implements Clock {
  nowMs(): number {
    return Date.now();
  }
  now(): Date {
    return new Date(this.nowMs());
  }
  sleep(durationMs: number, signal?: AbortSignal): Promise<void> {
    return abortable(signal, (done) => {
      const timer = setTimeout(done, Math.max(0, durationMs));
      return () => clearTimeout(timer);
    });
  }
}

export interface ScaledClockOptions {
  /** Simulated time at the moment the clock is created, epoch ms. Defaults to the real time. */
  readonly startMs?: number;
  /**
   * A shared origin: the real time (epoch ms) at which simulated time equalled real time. Processes given
   * the same origin and speed agree on the simulated time whenever each of them started; `startMs` is
   * then ignored.
   */
  readonly originMs?: number;
  /** Simulated milliseconds per real millisecond; 20 runs twenty simulated minutes in one real minute. */
  readonly speed: number;
  /** Source of real time, for tests of the clock itself. */
  readonly realNowMs?: () => number;
}

export class ScaledClock implements Clock {
  readonly speed: number;
  private readonly realStartMs: number;
  private readonly simStartMs: number;
  private readonly realNowMs: () => number;

  constructor(options: ScaledClockOptions) {
    if (!Number.isFinite(options.speed) || options.speed <= 0) throw new RangeError(`speed must be a positive number, got ${options.speed}`);
    this.speed = options.speed;
    this.realNowMs = options.realNowMs ?? (() => performance.timeOrigin + performance.now());
    if (options.originMs !== undefined) {
      if (!Number.isFinite(options.originMs)) throw new RangeError(`originMs must be a finite number, got ${options.originMs}`);
      this.realStartMs = options.originMs;
      this.simStartMs = options.originMs;
    } else {
      this.realStartMs = this.realNowMs();
      this.simStartMs = options.startMs ?? Date.now();
    }
  }

  nowMs(): number {
    return Math.floor(this.simStartMs + (this.realNowMs() - this.realStartMs) * this.speed);
  }
  now(): Date {
    return new Date(this.nowMs());
  }
  sleep(durationMs: number, signal?: AbortSignal): Promise<void> {
    return abortable(signal, (done) => {
      const timer = setTimeout(done, Math.max(0, durationMs / this.speed));
      return () => clearTimeout(timer);
    });
  }
}

interface Sleeper {
  readonly wakeAtMs: number;
  readonly done: () => void;
}

/** A clock that moves only when told: `advance` and `set` wake every sleeper whose time has come, in order. */
export class ManualClock implements Clock {
  private currentMs: number;
  private sleepers: Sleeper[] = [];

  constructor(startMs: number | Date = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.currentMs = typeof startMs === 'number' ? startMs : startMs.getTime();
  }

  nowMs(): number {
    return this.currentMs;
  }
  now(): Date {
    return new Date(this.currentMs);
  }
  sleep(durationMs: number, signal?: AbortSignal): Promise<void> {
    return abortable(signal, (done) => {
      const sleeper: Sleeper = { wakeAtMs: this.currentMs + Math.max(0, durationMs), done };
      this.sleepers.push(sleeper);
      this.sleepers.sort((a, b) => a.wakeAtMs - b.wakeAtMs);
      return () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
      };
    });
  }

  advance(durationMs: number): void {
    this.set(this.currentMs + durationMs);
  }

  set(time: number | Date): void {
    const targetMs = typeof time === 'number' ? time : time.getTime();
    if (targetMs < this.currentMs) throw new RangeError('a manual clock never goes backwards');
    this.currentMs = targetMs;
    const due = this.sleepers.filter((s) => s.wakeAtMs <= targetMs);
    this.sleepers = this.sleepers.filter((s) => s.wakeAtMs > targetMs);
    for (const sleeper of due) sleeper.done();
  }

  /** How many sleepers are waiting: lets a test know a loop has parked before it advances time. */
  get pendingSleepers(): number {
    return this.sleepers.length;
  }
}

export const systemClock: Clock = new SystemClock();
