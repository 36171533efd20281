// The informational api commands of mod_commands.c and mod_sofia (version_function, status_function,
// hostname_api_function, uuid generation, global_getvar_function, eval_function, module_exists_function,
// reloadxml, `sofia status`), answered as FreeSWITCH 1.10.12 words them.
import { FREESWITCH_VERSION, upTimeText } from '../core/switch-core.js';
import { separateString } from '../core/separate-string.js';
import type { ApiCommand, SimContext } from './sim-context.js';

const VERSION_HUMAN = '1.10.12-release git a88d069 2024-08-02 21:02:27Z 64bit';
const VERSION_REVISION = 'git a88d069 2024-08-02 21:02:27Z 64bit';

/** The modules the simulated switch has loaded (module_exists answers for these). */
const LOADED_MODULES = new Set([
  'mod_console', 'mod_logfile', 'mod_event_socket', 'mod_sofia', 'mod_commands', 'mod_dptools', 'mod_dialplan_xml',
  'mod_sndfile', 'mod_native_file', 'mod_tone_stream',
]);

export const version: ApiCommand = (_ctx, arg) => {
  const first = arg ? separateString(arg, ' ', 2)[0] : undefined;
  if (first && first.toLowerCase().includes('short')) return { output: '1.10.12\n' };
  return { output: `FreeSWITCH Version ${FREESWITCH_VERSION} (${VERSION_REVISION})\n` };
};

export function statusText(ctx: SimContext): string {
  const stats = ctx.core.stats();
  return (
    `UP ${upTimeText(stats.uptimeMs)}\n` +
    `FreeSWITCH (Version ${VERSION_HUMAN}) is ready\n` +
    `${stats.sessionsSinceStartup} session(s) since startup\n` +
    `${stats.sessionCount} session(s) - peak ${stats.sessionsPeak}, last 5min ${stats.sessionsPeak} \n` +
    `${stats.spsLast} session(s) per Sec out of max ${stats.sessionsPerSecond}, peak ${stats.spsPeak}, last 5min ${stats.spsPeak} \n` +
    `${stats.maxSessions} session(s) max\n` +
    'min idle cpu 0.00/99.00\n' +
    'Current Stack Size/Max 240K/8192K\n'
  );
}

export const status: ApiCommand = (ctx) => ({ output: statusText(ctx) });

export const hostname: ApiCommand = (ctx) => ({ output: ctx.core.identity.hostname });

export const createUuid: ApiCommand = (ctx) => ({ output: ctx.core.rng.uuid() });

/** global_getvar_function(): the value with no newline; an unknown variable is empty (`-ERR no reply`). */
export const globalGetvar: ApiCommand = (ctx, arg) => {
  if (!arg) return { output: [...globalVariables(ctx)].map(([k, v]) => `${k}=${v}\n`).join('') };
  return { output: globalVariables(ctx).get(arg) ?? '' };
};

/** eval_function(): expands `${var}` against the global variables; an unknown one expands to nothing. */
export const evalApi: ApiCommand = (ctx, arg) => {
  const globals = globalVariables(ctx);
  return { output: (arg ?? '').replace(/\$\$?\{([^}]*)\}/g, (_match, name: string) => globals.get(name) ?? '') };
};

export const moduleExists: ApiCommand = (_ctx, arg) => (arg ? { output: LOADED_MODULES.has(arg) ? 'true' : 'false' } : { output: '' });

/** reloadxml logs its timezone reload (switch_time.c) at INFO, as the c2 capture shows. */
export const reloadXml: ApiCommand = (ctx) => {
  ctx.log({ level: 6, file: 'switch_time.c', func: 'switch_load_timezones', line: 1436, text: 'Timezone reloaded 597 definitions\n' });
  return { output: '+OK [Success]\n' };
};

/** cmd_status() of mod_sofia.c: each profile with its IP alias, and its gateways (never registering). */
export const sofia: ApiCommand = (ctx, arg) => {
  const argv = arg ? separateString(arg, ' ', 10) : [];
  if (argv[0]?.toLowerCase() !== 'status' || argv.length > 1) return { output: '-ERR Usage: sofia status\n' };
  const line = '='.repeat(97);
  const row = (name: string, type: string, data: string, state: string): string =>
    `${name.padStart(25)}\t${type}\t  ${data.padStart(40)}\t${state}\n`;
  let out = row('Name', '   Type', 'Data', 'State') + `${line}\n`;
  let profiles = 0;
  let aliases = 0;
  for (const [name, profile] of Object.entries(ctx.profiles)) {
    if (profile.ip !== name) {
      aliases++;
      out += row(profile.ip, '  alias', name, 'ALIASED');
    }
    profiles++;
    out += row(name, 'profile', `sip:mod_sofia@${profile.ip}:${profile.port}`, 'RUNNING (0)');
    for (const gateway of ctx.gateways.all()) {
      if (gateway.profile.name !== name) continue;
      out += row(`${name}::${gateway.spec.name}`, 'gateway', `sip:${gateway.spec.username}@${gateway.spec.proxy}`, 'NOREG');
    }
  }
  out += `${line}\n${profiles} profile${profiles === 1 ? '' : 's'} ${aliases} alias${aliases === 1 ? '' : 'es'}\n`;
  return { output: out };
};

function globalVariables(ctx: SimContext): Map<string, string> {
  const firstProfile = Object.values(ctx.profiles)[0];
  const id = ctx.core.identity;
  return new Map([
    ['hostname', id.hostname],
    ['local_ip_v4', firstProfile?.ip ?? '127.0.0.1'],
    ['local_ip_v6', id.ipv6],
    ['core_uuid', ctx.core.coreUuid],
  ]);
}
