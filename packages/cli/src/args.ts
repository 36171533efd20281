// Command-line parsing on node:util parseArgs: each command declares its options and positionals, the
// global options are accepted anywhere, and every mistake becomes a UsageError naming the command.
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Placeholder shown in help, for example "FILE". */
  readonly value?: string;
  readonly help: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec {
  /** "campaigns create". */
  readonly name: string;
  readonly summary: string;
  /** Positionals as shown in help, for example "ID" or "NUMBER...". */
  readonly synopsis: string;
  readonly positionals: { readonly min: number; readonly max: number };
  readonly options: OptionSpecs;
  /** Usage examples shown in help. */
  readonly examples?: readonly string[];
}

export const globalOptions = {
  address: { type: 'string', value: 'HOST:PORT', help: 'server address (env RINGPACE_ADDRESS, default 127.0.0.1:50051)' },
  key: { type: 'string', value: 'KEY', help: 'tenant API key (env RINGPACE_API_KEY)' },
  'admin-token': { type: 'string', value: 'TOKEN', help: 'operator token for tenants and keys (env RINGPACE_ADMIN_TOKEN)' },
  json: { type: 'boolean', help: 'print one JSON document on stdout instead of tables' },
  timeout: { type: 'string', value: 'MS', help: 'deadline of each request in milliseconds (default 10000)' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
} as const satisfies OptionSpecs;

/** Values of the parsed options, read through typed accessors that enforce the spec. */
export class ParsedArgs {
  constructor(
    readonly command: string,
    private readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>,
    readonly positionals: readonly string[],
  ) {}

  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  requireString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw new UsageError(`--${name} is required`, this.command);
    return value;
  }

  strings(name: string): string[] {
    const value = this.values[name];
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
    return typeof value === 'string' ? [value] : [];
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  /** A whole number within [min, max], or undefined when the option is absent. */
  integer(name: string, min: number, max: number): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new UsageError(`--${name} must be a whole number between ${min} and ${max} (got "${text}")`, this.command);
    }
    return value;
  }

  /** Repeated KEY=VALUE options as a record; the first "=" splits. */
  pairs(name: string): Record<string, string> {
    const result: Record<string, string> = {};
    for (const item of this.strings(name)) {
      const equals = item.indexOf('=');
      if (equals <= 0) throw new UsageError(`--${name} takes KEY=VALUE (got "${item}")`, this.command);
      result[item.slice(0, equals)] = item.slice(equals + 1);
    }
    return result;
  }

  positional(index: number): string {
    const value = this.positionals[index];
    if (value === undefined) throw new UsageError(`missing argument ${index + 1}`, this.command);
    return value;
  }
}

const valueTakingGlobals = new Set(Object.entries(globalOptions).filter(([, spec]) => spec.type === 'string').map(([name]) => `--${name}`));

/**
 * Finds the command words (group and command) among the arguments, skipping global options and their
 * values, so `ringpace --json campaigns list` and `ringpace campaigns list --json` mean the same.
 */
export function splitCommandWords(argv: readonly string[]): { words: string[]; rest: string[] } {
  const words: string[] = [];
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index]!;
    if (token === '--') {
      rest.push(...argv.slice(index));
      break;
    }
    if (words.length < 2 && !token.startsWith('-')) {
      words.push(token);
      continue;
    }
    rest.push(token);
    if (words.length < 2 && valueTakingGlobals.has(token) && index + 1 < argv.length) {
      index += 1;
      rest.push(argv[index]!);
    }
  }
  return { words, rest };
}

function toParseArgsOptions(specs: OptionSpecs) {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, { type: spec.type, ...(spec.short === undefined ? {} : { short: spec.short }), ...(spec.multiple === true ? { multiple: true } : {}) }]),
  );
}

export function parseCommandArgs(spec: CommandSpec, tokens: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...tokens], options: toParseArgsOptions({ ...globalOptions, ...spec.options }), strict: true, allowPositionals: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(message, spec.name);
  }
  const args = new ParsedArgs(spec.name, parsed.values, parsed.positionals);
  if (args.flag('help')) return args;
  const count = parsed.positionals.length;
  if (count < spec.positionals.min) throw new UsageError(`missing ${spec.synopsis.split(' ').slice(count)[0] ?? 'argument'}`, spec.name);
  if (count > spec.positionals.max) throw new UsageError(`unexpected argument "${parsed.positionals[spec.positionals.max]}"`, spec.name);
  return args;
}
