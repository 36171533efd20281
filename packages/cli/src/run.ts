// The whole CLI as a function: argv in, exit code out, every effect through `io` and the client factory.
// bin/ringpace.ts is the only caller that touches the process.
import { parseCommandArgs, splitCommandWords } from './args.js';
import type { ClientFactory, RingpaceClient } from './client.js';
import { Credential, type CommandContext, type CommandGroup } from './command.js';
import { blacklistGroup } from './commands/blacklist.js';
import { campaignsGroup } from './commands/campaigns.js';
import { contactsGroup } from './commands/contacts.js';
import { flowsGroup } from './commands/flows.js';
import { holidaysGroup } from './commands/holidays.js';
import { keysGroup, tenantsGroup } from './commands/tenants.js';
import { trunksGroup } from './commands/trunks.js';
import { UsageError, describeFailure, formatViolation } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { commandHelp, groupHelp, rootHelp } from './help.js';
import type { CliIo } from './io.js';
import { Output, toJsonText } from './output.js';
import { closest } from './shape.js';

export const DEFAULT_ADDRESS = '127.0.0.1:50051';
export const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_TIMEOUT_MS = 3_600_000;

export const commandGroups: readonly CommandGroup[] = [tenantsGroup, keysGroup, trunksGroup, flowsGroup, campaignsGroup, contactsGroup, blacklistGroup, holidaysGroup];

function unknownWord(kind: string, word: string, known: readonly string[], command?: string): UsageError {
  const suggestion = closest(word, known);
  return new UsageError(`unknown ${kind} "${word}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`, command);
}

function report(error: unknown, io: CliIo, json: boolean): ExitCode {
  const failure = describeFailure(error);
  if (json) {
    io.stdout.write(
      toJsonText({ error: { code: failure.code, message: failure.message, exitCode: failure.exitCode, ...(failure.file === undefined ? {} : { file: failure.file }), violations: failure.violations } }),
    );
  }
  const lines = [`error: ${failure.message}`, ...failure.violations.map((violation) => `  ${formatViolation(violation, failure.file)}`)];
  if (error instanceof UsageError) lines.push(`Run "ringpace ${error.command ?? ''}${error.command === undefined ? '' : ' '}--help" for usage.`);
  io.stderr.write(`${lines.join('\n')}\n`);
  return failure.exitCode;
}

export async function run(argv: readonly string[], io: CliIo, clientFactory: ClientFactory): Promise<ExitCode> {
  const { words, rest } = splitCommandWords(argv);
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  const json = rest.includes('--json');
  let client: RingpaceClient | undefined;
  try {
    const [groupName, commandName] = words[0] === 'help' ? words.slice(1).concat(rest.filter((token) => !token.startsWith('-'))) : words;
    const helpAsked = wantsHelp || words[0] === 'help';
    if (groupName === undefined) {
      if (helpAsked) {
        io.stdout.write(rootHelp(commandGroups));
        return ExitCode.Ok;
      }
      io.stderr.write(rootHelp(commandGroups));
      return ExitCode.Usage;
    }
    const group = commandGroups.find((candidate) => candidate.name === groupName);
    if (group === undefined) throw unknownWord('command', groupName, commandGroups.map((candidate) => candidate.name));
    if (commandName === undefined) {
      if (helpAsked) {
        io.stdout.write(groupHelp(group));
        return ExitCode.Ok;
      }
      io.stderr.write(groupHelp(group));
      return ExitCode.Usage;
    }
    const command = group.commands[commandName];
    if (command === undefined) throw unknownWord(`${group.name} command`, commandName, Object.keys(group.commands), group.name);
    if (helpAsked) {
      io.stdout.write(commandHelp(command.spec));
      return ExitCode.Ok;
    }

    const args = parseCommandArgs(command.spec, rest);
    const timeoutMs = args.integer('timeout', 1, MAX_TIMEOUT_MS) ?? DEFAULT_TIMEOUT_MS;
    const address = args.string('address') ?? io.env.address ?? DEFAULT_ADDRESS;
    const apiKey = args.string('key') ?? io.env.apiKey;
    const adminToken = args.string('admin-token') ?? io.env.adminToken;
    const credential = command.credential === Credential.Admin ? (adminToken ?? apiKey) : (apiKey ?? adminToken);
    const context: CommandContext = {
      args,
      io,
      out: new Output(io.stdout, io.stderr, json),
      timeoutMs,
      client: () => {
        client ??= clientFactory({ address, credential, timeoutMs });
        return client;
      },
    };
    return await command.run(context);
  } catch (error) {
    return report(error, io, json);
  } finally {
    client?.close();
  }
}
