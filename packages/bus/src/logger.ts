// The slice of a logger the bus writes to; a pino logger (from @ringpace/log) fits it as is.
export interface BusLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const silentBusLogger: BusLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
