// The one logger factory: pino with masking built in, one child per call (tenant, campaign, attempt).
import { pino, type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger as PinoLogger, type LevelWithSilent } from 'pino';
import { maskPhonesInText, maskValue } from './mask.js';

export type Logger = PinoLogger;
export type LogLevel = LevelWithSilent;

export interface LoggerOptions {
  readonly service: string;
  readonly level?: LogLevel;
  /** Where lines go; stdout by default. Tests pass a stream to read the lines back. */
  readonly destination?: DestinationStream;
  readonly base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions): Logger {
  return maskChildBindings(pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        // Called for the root bindings and for every child logger's bindings.
        bindings: (bindings) => maskValue(bindings) as Record<string, unknown>,
        log: (object) => maskValue(object) as Record<string, unknown>,
      },
      serializers: {
        err: (error: unknown) => {
          const serialized = pino.stdSerializers.err(error as Error);
          return { ...serialized, message: maskPhonesInText(serialized.message), stack: maskPhonesInText(serialized.stack) };
        },
      },
      hooks: {
        // The message itself can carry a number ("dialing +8613812345678"): mask string arguments too.
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskPhonesInText(arg) : arg)) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
    },
    options.destination ?? pino.destination({ sync: false }),
  ));
}

// pino serialises a child's bindings once, at creation, without the `bindings` formatter: mask them
// on the way in, for children of children too.
function maskChildBindings(logger: Logger): Logger {
  const createChild = logger.child.bind(logger) as unknown as (bindings: Bindings, options?: ChildLoggerOptions) => Logger;
  const maskedChild = (bindings: Bindings, childOptions?: ChildLoggerOptions): Logger =>
    maskChildBindings(createChild(maskValue(bindings) as Bindings, childOptions));
  logger.child = maskedChild as unknown as Logger['child'];
  return logger;
}

/** A logger that drops everything, for code paths and tests that need one but read nothing. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
