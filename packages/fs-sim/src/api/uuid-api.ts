// The uuid_* api commands of mod_commands.c the media service uses, with FreeSWITCH's replies, usage texts
// and error strings: uuid_kill, uuid_exists, uuid_getvar, uuid_setvar(_multi), uuid_send_dtmf, uuid_break,
// uuid_transfer, uuid_answer, uuid_phone_event, uuid_dump, uuid_broadcast, hupall.
import { Site } from '../core/calling-site.js';
import { causeName, causeNumber, str2cause } from '../core/hangup-cause.js';
import { separateString } from '../core/separate-string.js';
import type { ClientCommand } from '../protocol/command-reader.js';
import { serializeEvent } from '../protocol/event-serializer.js';
import type { ApiCommand } from './sim-context.js';

const usage = (syntax: string): { output: string } => ({ output: `-USAGE: ${syntax}\n` });
const NO_SUCH_CHANNEL = { output: '-ERR No such channel!\n' };

/** kill_function(): `<uuid> [cause]`, NORMAL_CLEARING by default. */
export const uuidKill: ApiCommand = (ctx, arg) => {
  if (!arg) return usage('<uuid> [cause]');
  const space = arg.indexOf(' ');
  const uuid = space < 0 ? arg : arg.slice(0, space);
  const causeText = space < 0 ? '' : arg.slice(space + 1);
  const session = ctx.locate(uuid);
  if (!session) return NO_SUCH_CHANNEL;
  session.hangup(causeText === '' ? causeNumber('NORMAL_CLEARING') : str2cause(causeText));
  return { output: '+OK\n' };
};

export const uuidExists: ApiCommand = (ctx, arg) => ({ output: arg && ctx.locate(arg) ? 'true' : 'false' });

/** uuid_getvar_function(): the bare value, `_undef_` when unset. */
export const uuidGetvar: ApiCommand = (ctx, arg) => {
  const argv = arg ? separateString(arg, ' ', 4) : [];
  if (argv.length < 2 || !argv[0]) return usage('<uuid> <var>');
  const session = ctx.locate(argv[0]);
  if (!session) return NO_SUCH_CHANNEL;
  const name = argv[1]!;
  if (name === '') return { output: '-ERR No variable name specified!\n' };
  return { output: session.channel.getVar(name) ?? '_undef_' };
};

/** uuid_setvar_function(): `<uuid> <var> [value]`; the value is the rest of the line. */
export const uuidSetvar: ApiCommand = (ctx, arg) => {
  const argv = arg ? separateString(arg, ' ', 3) : [];
  if ((argv.length !== 2 && argv.length !== 3) || !argv[0]) return usage('<uuid> <var> [value]');
  const session = ctx.locate(argv[0]);
  if (!session) return NO_SUCH_CHANNEL;
  if (argv[1] === '') return { output: '-ERR No variable specified\n' };
  session.channel.setVar(argv[1]!, argv[2]);
  return { output: '+OK\n' };
};

/** uuid_setvar_multi_function(): `<uuid> <var>=<value>;<var>=<value>...` */
export const uuidSetvarMulti: ApiCommand = (ctx, arg) => {
  const syntax = usage('<uuid> <var>=<value>;<var>=<value>...');
  if (!arg) return syntax;
  const space = arg.indexOf(' ');
  if (space < 0) return { output: '' };
  const session = ctx.locate(arg.slice(0, space));
  if (!session) return { output: `-ERR No such channel!\n${syntax.output}` };
  let output = '';
  let set = 0;
  for (const pair of separateString(arg.slice(space + 1), ';', 64)) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (name === '') {
      output += '-ERR No variable specified\n';
    } else {
      session.channel.setVar(name, eq < 0 ? undefined : pair.slice(eq + 1));
      set++;
    }
  }
  return { output: set > 0 ? `${output}+OK\n` : `${output}${syntax.output}` };
};

/** uuid_send_dtmf_function(): the digits go to the far end (RFC 2833), so nothing shows on this leg. */
export const uuidSendDtmf: ApiCommand = (ctx, arg) => {
  const syntax = usage('<uuid> <dtmf_data>');
  const argv = arg ? separateString(arg, ' ', 2) : [];
  if (argv.length < 2 || !argv[0] || !argv[1]) return syntax;
  if (!ctx.locate(argv[0])) return { output: '-ERR Cannot locate session!\n' };
  return { output: `+OK ${argv[0]} sent DTMF ${argv[1]}.\n` };
};

/** break_function(): `<uuid> [all]` stops the current playback; `all` also drops queued sendmsgs. */
export const uuidBreak: ApiCommand = (ctx, arg) => {
  if (!arg) return usage('<uuid> [all]');
  const space = arg.indexOf(' ');
  const session = ctx.locate(space < 0 ? arg : arg.slice(0, space));
  if (!session) return NO_SUCH_CHANNEL;
  const flag = space < 0 ? '' : arg.slice(space + 1);
  if (flag.includes('all')) while (session.takePrivateEvent()) { /* switch_core_session_flush_private_events */ }
  session.breakSignal.abort();
  return { output: '+OK\n' };
};

/** transfer_function(): `<uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]`. */
export const uuidTransfer: ApiCommand = (ctx, arg) => {
  const syntax = usage('<uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]');
  if (!arg) return syntax;
  const argv = separateString(arg, ' ', 5);
  if (argv.length < 2 || argv.length > 5) return syntax;
  const session = ctx.locate(argv[0]!);
  if (!session) return NO_SUCH_CHANNEL;
  const shift = argv[1]!.startsWith('-') ? 1 : 0;
  const destination = argv[1 + shift];
  if (!destination) return { output: '-ERR\n' };
  session.pendingTransfer = { destination, dialplan: argv[2 + shift] ?? 'XML', context: argv[3 + shift] ?? 'default' };
  session.interrupt();
  return { output: '+OK\n' };
};

/** outgoing_answer_function(): marks an outbound channel answered. */
export const uuidAnswer: ApiCommand = (ctx, arg) => {
  if (!arg) return usage('<uuid>');
  const session = ctx.locate(arg);
  if (!session) return NO_SUCH_CHANNEL;
  if (session.channel.direction !== 'outbound') return { output: '-ERR Not an outbound channel!\n' };
  session.markAnswered();
  return { output: '+OK\n' };
};

export const uuidPhoneEvent: ApiCommand = (ctx, arg) => {
  const argv = arg ? separateString(arg, ' ', 2) : [];
  if (argv.length < 1) return { output: `-USAGE: <uuid>\n-ERR Operation failed\n` };
  return { output: ctx.locate(argv[0]!) ? '+OK Success\n' : '-ERR Operation failed\n' };
};

/** uuid_dump_function(): a CHANNEL_DATA event serialized as txt (URL-encoded), plain, json or xml. */
export const uuidDump: ApiCommand = (ctx, arg) => {
  const argv = arg ? separateString(arg, ' ', 2) : [];
  if (!argv[0]) return usage('<uuid> [format]');
  const session = ctx.locate(argv[0]);
  if (!session) return NO_SUCH_CHANNEL;
  const format = (argv[1] ?? 'txt').toLowerCase();
  const event = ctx.core.createEvent('CHANNEL_DATA', Site.channelData);
  session.channel.eventData(event);
  if (format === 'xml') return { output: serializeEvent(event, 'xml') };
  if (format === 'json') return { output: serializeEvent(event, 'json') };
  if (format === 'plain') {
    return { output: event.headers.map(([name, value]) => `${name}: [${value}]\n`).join('') + '\n' };
  }
  return { output: serializeEvent(event, 'plain') };
};

/** uuid_broadcast_function() → switch_ivr_broadcast(): a queued `execute` of playback (or `app::args`). */
export const uuidBroadcast: ApiCommand = (ctx, arg) => {
  const argv = arg ? separateString(arg, ' ', 4) : [];
  if (argv.length < 2) return usage('<uuid> <path> [aleg|bleg|holdb|both]');
  const session = ctx.locate(argv[0]!);
  if (!session) return { output: '-ERR invalid uuid\n' };
  let path = argv[1]!;
  let app = 'playback';
  const split = path.indexOf('::');
  if (split >= 0) {
    app = path.slice(0, split);
    path = path.slice(split + 2);
  }
  const command: ClientCommand = {
    line: '',
    headers: [['call-command', 'execute'], ['execute-app-name', app], ['execute-app-arg', path], ['event-lock', 'true'], ['lead-frames', '5']],
    body: undefined,
  };
  session.queuePrivateEvent(command);
  return { output: '+OK Message sent\n' };
};

/** hupall_api_function(): `[cause] [var value]...`, MANAGER_REQUEST by default. */
export const hupall: ApiCommand = (ctx, arg) => {
  const argv = arg ? separateString(arg, ' ', 11) : [];
  let cause = causeNumber('MANAGER_REQUEST');
  const matches: Array<[string, string]> = [];
  if (argv.length > 0) {
    cause = str2cause(argv[0]);
    if (cause === 0) cause = causeNumber('MANAGER_REQUEST');
    for (let i = 1; i < argv.length - 1; i += 2) {
      if (argv[i] && argv[i + 1]) matches.push([argv[i]!, argv[i + 1]!]);
    }
  }
  for (const session of [...ctx.sessions.values()]) {
    if (session.channel.isDown) continue;
    if (matches.length > 0 && !matches.every(([name, value]) => session.channel.getVar(name) === value)) continue;
    session.hangup(cause);
  }
  const name = causeName(cause);
  if (matches.length === 0) return { output: `+OK hangup all channels with cause ${name}\n` };
  const suffix = matches.length === 1 ? '' : '...';
  return { output: `+OK hangup all channels matching [${argv[1]}]=[${argv[2]}]${suffix} with cause: ${name}\n` };
};
