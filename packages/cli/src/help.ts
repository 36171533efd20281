// Help text, generated from the command specs so it cannot drift from what the parser accepts.
import { globalOptions, type CommandSpec, type OptionSpecs } from './args.js';
import type { CommandGroup } from './command.js';
import { formatTable } from './output.js';

function optionRows(options: OptionSpecs): string[][] {
  return Object.entries(options).map(([name, spec]) => [
    `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}${spec.value === undefined ? '' : ` ${spec.value}`}${spec.multiple === true ? ' ...' : ''}`,
    spec.help,
  ]);
}

function indentedTable(rows: string[][]): string {
  const text = formatTable([{ header: '' }, { header: '' }], rows);
  // Drop the empty header line the table helper always writes.
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => `  ${line}`)
    .join('\n');
}

export const EXIT_CODES_HELP = `Exit codes:
  0 ok                        1 usage error
  2 invalid argument          3 not found
  4 unauthenticated / denied  5 failed precondition (wrong state, already exists)
  6 unavailable / timed out   7 import finished with rejected rows
  10 internal error`;

export function commandLine(spec: CommandSpec): string {
  const options = Object.keys(spec.options).length > 0 ? ' [options]' : '';
  return `ringpace ${spec.name}${spec.synopsis === '' ? '' : ` ${spec.synopsis}`}${options}`;
}

export function rootHelp(groups: readonly CommandGroup[]): string {
  const rows = groups.flatMap((group) => Object.values(group.commands).map((command) => [commandLine(command.spec).replace(/^ringpace /, ''), command.spec.summary]));
  return `ringpace: operate campaigns, flows, contacts and blacklists of a ringpace installation over gRPC.

Usage: ringpace GROUP COMMAND [arguments] [options]
       ringpace GROUP COMMAND --help

Commands:
${indentedTable(rows)}

Global options (anywhere on the line):
${indentedTable(optionRows(globalOptions))}

${EXIT_CODES_HELP}
`;
}

export function groupHelp(group: CommandGroup): string {
  const rows = Object.values(group.commands).map((command) => [commandLine(command.spec).replace(/^ringpace /, ''), command.spec.summary]);
  return `ringpace ${group.name}: ${group.summary}

Commands:
${indentedTable(rows)}

Run "ringpace ${group.name} COMMAND --help" for the options of one command.
`;
}

export function commandHelp(spec: CommandSpec): string {
  const sections = [`Usage: ${commandLine(spec)}`, '', spec.summary];
  if (Object.keys(spec.options).length > 0) sections.push('', 'Options:', indentedTable(optionRows(spec.options)));
  sections.push('', 'Global options:', indentedTable(optionRows(globalOptions)));
  if (spec.examples !== undefined && spec.examples.length > 0) sections.push('', 'Examples:', ...spec.examples.map((example) => `  ${example}`));
  return `${sections.join('\n')}\n`;
}
