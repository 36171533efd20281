// How a service process ends: SIGTERM/SIGINT handlers go in before start-up (a signal that arrives while
// the service is still starting is honoured as soon as start-up finishes, instead of killing the process
// mid-way), the first signal runs the service's drain once, and the exit code says whether it drained.

/** What the life cycle logs; a pino logger fits. */
export interface StopLog {
  info(fields: object, message: string): void;
  flush?(): void;
}

export interface StopSignalOptions {
  readonly log: StopLog;
  /** Where the handlers go; the process by default. */
  readonly signals?: { on(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown };
  /** Ends the process; process.exit by default. */
  readonly exit?: (code: number) => void;
}

/** Drains the service (stops work, closes connections); resolves to whether everything in flight finished. */
export type Drain = () => Promise<boolean>;

/**
 * Installs the handlers now; call the returned function with the drain once the service has started.
 * Exits 0 when the drain finished its work, 1 when it had to cut something off or failed.
 */
export function handleStopSignals(options: StopSignalOptions): (drain: Drain) => void {
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let requested: string | undefined;
  let drain: Drain | undefined;
  let stopping = false;

  const stop = (signal: string, run: Drain) => {
    if (stopping) return;
    stopping = true;
    options.log.info({ signal }, 'draining');
    run().then(
      (drained) => {
        options.log.info({ drained }, 'stopped');
        options.log.flush?.();
        exit(drained ? 0 : 1);
      },
      (error: unknown) => {
        options.log.info({ err: error, drained: false }, 'stopped');
        options.log.flush?.();
        exit(1);
      },
    );
  };
  const onSignal = (signal: string) => {
    if (drain === undefined) requested ??= signal;
    else stop(signal, drain);
  };
  signals.on('SIGTERM', () => onSignal('SIGTERM'));
  signals.on('SIGINT', () => onSignal('SIGINT'));

  return (started) => {
    drain = started;
    if (requested !== undefined) stop(requested, started);
  };
}
