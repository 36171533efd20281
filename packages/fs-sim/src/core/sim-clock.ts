// The simulator's time source. Structurally the Clock of @ringpace/clock, so a ScaledClock or ManualClock from
// there can be passed in; fs-sim keeps its own scaled implementation to depend only on errors and log
// (DESIGN.md, packages and their arrows).

export interface SimClock {
  nowMs(): number;
  sleep(durationMs: number, signal?: AbortSignal): Promise<void>;
}

/** Simulated milliseconds run `speed` times faster than real ones, starting at `startMs`. */
export class SpeedClock implements SimClock {
  private readonly realStartMs = performance.now();

  constructor(
    readonly speed: number,
    private readonly startMs: number = Date.now(),
  ) {
    if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`speed must be a positive number, got ${speed}`);
  }

  nowMs(): number {
    return Math.floor(this.startMs + (performance.now() - this.realStartMs) * this.speed);
  }

  sleep(durationMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, durationMs / this.speed));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
