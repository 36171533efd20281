// The api commands the simulated switch knows, by name (switch_api_execute's lookup). Anything else is
// `-ERR <name> Command not found!`.
import { uuidBridge } from './bridge-api.js';
import * as info from './info-api.js';
import { uuidDisplace, uuidRecord } from './media-api.js';
import { originate } from './originate.js';
import { show } from './show.js';
import type { ApiCommand } from './sim-context.js';
import * as uuid from './uuid-api.js';

/** The simulator's own control command, under a name FreeSWITCH does not use. */
export const SIM_COMMAND = 'fs_sim';

export const API_COMMANDS: ReadonlyMap<string, ApiCommand> = new Map<string, ApiCommand>([
  ['version', info.version],
  ['status', info.status],
  ['hostname', info.hostname],
  ['create_uuid', info.createUuid],
  ['global_getvar', info.globalGetvar],
  ['eval', info.evalApi],
  ['module_exists', info.moduleExists],
  ['reloadxml', info.reloadXml],
  ['sofia', info.sofia],
  ['show', (ctx, arg) => ({ output: show(ctx.channelsTable, arg, () => info.statusText(ctx)) })],
  ['originate', originate],
  ['uuid_kill', uuid.uuidKill],
  ['uuid_exists', uuid.uuidExists],
  ['uuid_getvar', uuid.uuidGetvar],
  ['uuid_setvar', uuid.uuidSetvar],
  ['uuid_setvar_multi', uuid.uuidSetvarMulti],
  ['uuid_send_dtmf', uuid.uuidSendDtmf],
  ['uuid_break', uuid.uuidBreak],
  ['uuid_transfer', uuid.uuidTransfer],
  ['uuid_answer', uuid.uuidAnswer],
  ['uuid_phone_event', uuid.uuidPhoneEvent],
  ['uuid_dump', uuid.uuidDump],
  ['uuid_broadcast', uuid.uuidBroadcast],
  ['uuid_record', uuidRecord],
  ['uuid_displace', uuidDisplace],
  ['uuid_bridge', uuidBridge],
  ['hupall', uuid.hupall],
  [SIM_COMMAND, async (ctx, arg) => ({ output: await ctx.simCommand(arg) })],
]);
