// `ringpace trunks …`: trunk groups, the carrier gateways a tenant's campaigns dial through. Operators
// create them and disable or enable a trunk (admin token); a tenant lists and reads its own.
import { CallerIdMode, type Trunk, type TrunkGroup, type TrunkSpec } from '@ringpace/proto';
import { Credential, type Command, type CommandGroup } from '../command.js';
import { enumLabel, enumOption } from '../enum-names.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { formatTime, type Cell, type Output } from '../output.js';

const TRUNK_FORMAT = 'NODE:GATEWAY:CHANNELS:CPS';

/** "fs1:carrier-a:120:10" → TrunkSpec; the server checks names and ranges, this only the shape. */
export function parseTrunkOption(text: string, command: string): TrunkSpec {
  const parts = text.split(':');
  const [nodeId, gateway, channels, cps] = parts;
  if (parts.length !== 4 || nodeId === undefined || gateway === undefined || channels === undefined || cps === undefined) {
    throw new UsageError(`--trunk takes ${TRUNK_FORMAT}, e.g. fs1:carrier-a:120:10 (got "${text}")`, command);
  }
  const whole = (value: string, what: string): number => {
    if (!/^\d{1,9}$/.test(value)) throw new UsageError(`--trunk "${text}": ${what} must be a whole number (got "${value}")`, command);
    return Number(value);
  };
  return { nodeId, gateway, channels: whole(channels, 'CHANNELS'), callsPerSecond: whole(cps, 'CPS') };
}

function modeLabel(mode: CallerIdMode): string {
  return enumLabel(mode, 'CALLER_ID_MODE_');
}

function trunkState(trunk: Trunk): string {
  return trunk.disabled ? 'disabled' : 'enabled';
}

const groupColumns = [
  { header: 'GROUP' },
  { header: 'NAME' },
  { header: 'CALLER ID' },
  { header: 'TRUNK' },
  { header: 'NODE' },
  { header: 'GATEWAY' },
  { header: 'CHANNELS', right: true },
  { header: 'CPS', right: true },
  { header: 'STATE' },
] as const;

/** One row per trunk; a group's own columns are written on its first trunk only. */
function groupRows(groups: readonly TrunkGroup[]): Cell[][] {
  return groups.flatMap((group) => {
    const head: Cell[] = [group.id, group.name, modeLabel(group.callerIdMode)];
    if (group.trunks.length === 0) return [[...head, '', '', '', '', '', '']];
    return group.trunks.map((trunk, index) => [...(index === 0 ? head : ['', '', '']), trunk.id, trunk.nodeId, trunk.gateway, trunk.channels, trunk.callsPerSecond, trunkState(trunk)]);
  });
}

function printGroup(out: Output, group: TrunkGroup | undefined): void {
  out.result({ trunkGroup: group }, () => {
    if (group === undefined) return;
    out.fields([['id', group.id], ['tenant', group.tenantId], ['name', group.name], ['caller id', modeLabel(group.callerIdMode)], ['created', formatTime(group.createdAt)]]);
    out.line();
    out.table(groupColumns.slice(3), group.trunks.map((trunk) => [trunk.id, trunk.nodeId, trunk.gateway, trunk.channels, trunk.callsPerSecond, trunkState(trunk)]));
  });
}

const create: Command = {
  credential: Credential.Admin,
  spec: {
    name: 'trunks create',
    summary: 'create a trunk group for a tenant (operator); prints the group with its trunk ids',
    synopsis: '',
    positionals: { min: 0, max: 0 },
    options: {
      tenant: { type: 'string', value: 'ID', help: 'tenant id (required)' },
      name: { type: 'string', value: 'NAME', help: 'group name, unique within the tenant (required)' },
      'caller-id-mode': { type: 'string', value: 'MODE', help: 'rotate (default) or region: how a call picks among the campaign caller IDs' },
      trunk: { type: 'string', multiple: true, value: TRUNK_FORMAT, help: 'a gateway on a FreeSWITCH node with its channel and calls-per-second budget (at least one)' },
    },
    examples: ['ringpace trunks create --tenant 7c0e… --name carriers --trunk fs1:carrier-a:120:10 --trunk fs2:carrier-a:120:10'],
  },
  async run({ args, out, client }) {
    const tenantId = args.requireString('tenant');
    const name = args.requireString('name');
    const modeText = args.string('caller-id-mode');
    const callerIdMode = modeText === undefined ? CallerIdMode.ROTATE : enumOption(modeText, CallerIdMode, 'CALLER_ID_MODE_', 'caller-id-mode', 'trunks create');
    const trunkTexts = args.strings('trunk');
    if (trunkTexts.length === 0) throw new UsageError(`--trunk ${TRUNK_FORMAT} is required (repeat it for each trunk)`, 'trunks create');
    const trunks = trunkTexts.map((text) => parseTrunkOption(text, 'trunks create'));
    const { trunkGroup } = await client().createTrunkGroup({ tenantId, name, callerIdMode, trunks });
    printGroup(out, trunkGroup);
    return ExitCode.Ok;
  },
};

const list: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'trunks list',
    summary: "list trunk groups and their trunks: the API key's tenant, or --tenant with the admin token",
    synopsis: '',
    positionals: { min: 0, max: 0 },
    options: { tenant: { type: 'string', value: 'ID', help: 'tenant id (with the admin token)' } },
    examples: ['ringpace trunks list', 'ringpace trunks list --tenant 7c0e… --admin-token "$TOKEN"'],
  },
  async run({ args, out, client }) {
    const { trunkGroups } = await client().listTrunkGroups({ tenantId: args.string('tenant') ?? '' });
    out.result({ trunkGroups }, () => {
      if (trunkGroups.length === 0) out.line('no trunk groups');
      else out.table(groupColumns, groupRows(trunkGroups));
    });
    return ExitCode.Ok;
  },
};

const get: Command = {
  credential: Credential.Tenant,
  spec: {
    name: 'trunks get',
    summary: 'show one trunk group with its trunks',
    synopsis: 'ID',
    positionals: { min: 1, max: 1 },
    options: {},
    examples: ['ringpace trunks get 0b7d…'],
  },
  async run({ args, out, client }) {
    const { trunkGroup } = await client().getTrunkGroup({ id: args.positional(0) });
    printGroup(out, trunkGroup);
    return ExitCode.Ok;
  },
};

function setDisabled(disabled: boolean): Command {
  const name = disabled ? 'trunks disable' : 'trunks enable';
  return {
    credential: Credential.Admin,
    spec: {
      name,
      summary: disabled ? 'stop dialing through a trunk (operator); calls in progress finish' : 'dial through a disabled trunk again (operator)',
      synopsis: 'TRUNK_ID',
      positionals: { min: 1, max: 1 },
      options: {},
      examples: [`ringpace ${name} 5d1f…`],
    },
    async run({ args, out, client }) {
      const { trunk } = await client().setTrunkDisabled({ trunkId: args.positional(0), disabled });
      out.result({ trunk }, () => {
        if (trunk !== undefined) out.fields([['id', trunk.id], ['node', trunk.nodeId], ['gateway', trunk.gateway], ['channels', trunk.channels], ['cps', trunk.callsPerSecond], ['state', trunkState(trunk)]]);
      });
      return ExitCode.Ok;
    },
  };
}

export const trunksGroup: CommandGroup = {
  name: 'trunks',
  summary: 'trunk groups: carrier gateways campaigns dial through (create, disable and enable need the admin token)',
  commands: { create, list, get, disable: setDisabled(true), enable: setDisabled(false) },
};
