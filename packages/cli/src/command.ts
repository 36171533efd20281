// What a command is: its spec (for parsing and help), which credential it presents, and its run function
// over a context that hands it the parsed arguments, the output and a lazily connected client.
import type { CommandSpec, ParsedArgs } from './args.js';
import type { RingpaceClient } from './client.js';
import type { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { Output } from './output.js';

/** Operator commands (tenants, keys) present the admin token first; everything else the API key first. */
export const Credential = { Admin: 'admin', Tenant: 'tenant' } as const;
export type Credential = (typeof Credential)[keyof typeof Credential];

export interface CommandContext {
  readonly args: ParsedArgs;
  readonly io: CliIo;
  readonly out: Output;
  /** Connects on first use, so usage errors never need a server. */
  readonly client: () => RingpaceClient;
  /** Deadline of each unary request (--timeout). */
  readonly timeoutMs: number;
}

export interface Command {
  readonly spec: CommandSpec;
  readonly credential: Credential;
  run(context: CommandContext): Promise<ExitCode>;
}

/** A command group ("campaigns") and its commands by name ("create", "list", ...). */
export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  readonly commands: Readonly<Record<string, Command>>;
}
