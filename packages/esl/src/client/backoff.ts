// Reconnect delays: exponential, capped, with jitter so a fleet of media pods does not reconnect to a
// restarted FreeSWITCH in the same millisecond.

export interface BackoffOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
  /** 0 = no jitter; 0.5 = the delay is drawn from [50%, 100%] of the exponential value. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 100, maxDelayMs: 10_000, multiplier: 2, jitter: 0.5 };

/** Delay before reconnect attempt `attempt` (1 for the first retry). `random` returns [0, 1). */
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * options.multiplier ** exponent);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.round(ceiling * (1 - jitter * random()));
}
