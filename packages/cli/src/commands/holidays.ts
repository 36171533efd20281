// `ringpace holidays …`: the tenant's holidays (no calls on these days, in every campaign), set from a
// YAML file and shown.
import { ValidationError } from '@ringpace/errors';
import type { Holiday } from '@ringpace/proto';
import { Credential, type Command, type CommandGroup } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { readHolidays } from '../plan-file.js';
import { ShapeReader } from '../shape.js';
import { YamlSource } from '../yaml-source.js';

/** The file is a list of holidays, or a mapping with a `holidays:` list (the same shape as in campaign.yaml). */
export function readHolidayFile(source: YamlSource): { holidays: Holiday[]; prefix: string } {
  const reader = new ShapeReader();
  const wrapped = source.value !== null && typeof source.value === 'object' && !Array.isArray(source.value);
  const list = wrapped ? reader.map(source.value, [], ['holidays'])?.holidays : source.value;
  const holidays = readHolidays(reader, list ?? [], wrapped ? ['holidays'] : []);
  if (reader.problems.length > 0) throw source.fail(reader.problems);
  return { holidays, prefix: wrapped ? 'holidays' : '' };
}

function print(out: Output, holidays: readonly Holiday[]): void {
  out.result({ holidays }, () => {
    if (holidays.length === 0) out.line('no holidays');
    else out.table([{ header: 'DATE' }, { header: 'NAME' }], holidays.map((holiday) => [holiday.date, holiday.name]));
  });
}

const set: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'holidays set',
    summary: "replace the tenant's holidays with those of a YAML file",
    synopsis: 'FILE',
    positionals: { min: 1, max: 1 },
    options: {},
    examples: ['ringpace holidays set holidays-2026.yaml'],
  },
  async run({ args, io, out, client }) {
    const file = args.positional(0);
    const source = YamlSource.parse(await io.files.readText(file), file);
    const { holidays, prefix } = readHolidayFile(source);
    let response;
    try {
      response = await client().setTenantHolidays({ holidays });
    } catch (error) {
      // The server says "holidays[2].date"; a bare list in the file has no "holidays" key.
      if (error instanceof ValidationError) throw source.fail(error.violations, (field) => (prefix === '' ? field.replace(/^holidays\.?/, '') : field), error);
      throw error;
    }
    print(out, response.holidays);
    return ExitCode.Ok;
  },
};

const get: Command = {
  credential: Credential.Tenant,
  spec: { name: 'holidays get', summary: "show the tenant's holidays", synopsis: '', positionals: { min: 0, max: 0 }, options: {}, examples: ['ringpace holidays get --json'] },
  async run({ out, client }) {
    const response = await client().getTenantHolidays({});
    print(out, response.holidays);
    return ExitCode.Ok;
  },
};

export const holidaysGroup: CommandGroup = {
  name: 'holidays',
  summary: "the tenant's holidays",
  commands: { set, get },
};
