// parse_command() of mod_event_socket.c (1.10.12), branch by branch and in its order: what each command a
// client sends does to the connection and which reply it gets. Returns the frame to write, if any.
import { FsEvent } from '../core/fs-event.js';
import { nameEvent } from '../core/event-names.js';
import { type ClientCommand, commandHeader } from './command-reader.js';
import type { EslConnection } from './esl-connection.js';
import type { EslHost } from './esl-host.js';
import * as frames from './wire-frames.js';

const startsWithCi = (text: string, prefix: string): boolean => text.slice(0, prefix.length).toLowerCase() === prefix;
const reply = (text: string): string => frames.commandReply(text === '' ? '-ERR command not found' : text);

export async function executeCommand(conn: EslConnection, host: EslHost, command: ClientCommand): Promise<string | undefined> {
  let cmd = command.line;
  // The "cheats": a command that unloads or reloads the event socket itself is run in the background.
  if (includesCi(cmd, 'unload') && includesCi(cmd, 'mod_event_socket')) cmd = 'api bgapi unload mod_event_socket';
  else if (includesCi(cmd, 'reload') && includesCi(cmd, 'mod_event_socket')) cmd = 'api bgapi reload mod_event_socket';

  if (startsWithCi(cmd, 'exit') || cmd.startsWith('...')) {
    conn.running = false;
    return reply('+OK bye');
  }

  if (!conn.authed) {
    if (startsWithCi(cmd, 'auth ')) {
      if (cmd.slice(5) === host.password) {
        conn.authed = true;
        return reply('+OK accepted');
      }
      conn.running = false;
      return reply('-ERR invalid');
    }
    // userauth looks the user up in the XML directory; the simulator has no directory users.
    if (startsWithCi(cmd, 'userauth ')) {
      conn.running = false;
      return reply('-ERR invalid');
    }
    return reply('');
  }

  if (startsWithCi(cmd, 'filter ')) return reply(conn.subscription.filter(cmd.slice(7)));

  if (conn.sessionUuid !== undefined && startsWithCi(cmd, 'resume')) return reply('+OK');

  if (conn.sessionUuid !== undefined || startsWithCi(cmd, 'myevents ')) {
    if (startsWithCi(cmd, 'getvar')) {
      const space = cmd.indexOf(' ');
      const channel = host.locateChannel(conn.sessionUuid ?? '');
      return reply(space < 0 ? '' : (channel?.getVar(cmd.slice(space + 1)) ?? ''));
    }
    if (startsWithCi(cmd, 'myevents')) return reply(myEvents(conn, host, cmd));
  }

  if (startsWithCi(cmd, 'divert_events')) {
    if (conn.sessionUuid === undefined) return reply('-ERR not controlling a session.');
    const onOff = cmd.slice(13).replace(/^ +/, '');
    if (onOff === '') return reply('-ERR missing value.');
    return reply(onOff.toLowerCase() === 'on' ? '+OK events diverted' : '+OK events not diverted');
  }

  if (startsWithCi(cmd, 'sendmsg')) return reply(sendMsg(conn, host, cmd, command));

  if (startsWithCi(cmd, 'sendevent')) return reply(sendEvent(host, cmd, command));

  if (startsWithCi(cmd, 'api ')) {
    const { name, arg } = splitApi(cmd.slice(4));
    const outcome = await host.api({ command: name, arg, ownerUuid: conn.sessionUuid });
    const frame = frames.apiResponse(outcome.found ? outcome.output : `-ERR ${name} Command not found!\n`);
    // Events the continuation raises wait for this reply: the connection is still busy with the command.
    if (outcome.found) outcome.continuation?.();
    return frame;
  }

  if (startsWithCi(cmd, 'bgapi ')) {
    const { name, arg } = splitApi(cmd.slice(6));
    // switch_copy_string into uuid_str[SWITCH_UUID_FORMATTED_LENGTH + 1]: a longer Job-UUID is cut to 36.
    const jobUuid = (commandHeader(command, 'job-uuid') ?? host.newUuid()).slice(0, 36);
    const ownerUuid = conn.sessionUuid;
    setImmediate(() => {
      void host.api({ command: name, arg, ownerUuid }).then((outcome) => {
        const output = outcome.found ? outcome.output : `-ERR ${name} Command not found!\n`;
        host.backgroundJob({ uuid: jobUuid, ownerUuid, command: name, arg, output });
        if (outcome.found) outcome.continuation?.();
      });
    });
    return frames.commandReplyWithHeaders(`+OK Job-UUID: ${jobUuid}`, [['Job-UUID', jobUuid]]);
  }

  if (startsWithCi(cmd, 'log')) return reply(log(conn, cmd));

  if (startsWithCi(cmd, 'linger')) {
    if (conn.sessionUuid === undefined) return reply('-ERR not controlling a session');
    // `*(cmd+6) == ' ' && *(cmd+7)`: the byte after the space is at worst the command's newline, so any
    // `linger <x>` gets atoi(x) seconds and a bare `linger` lingers for ever.
    conn.lingerSeconds = cmd[6] === ' ' ? atoi(cmd.slice(7)) : -1;
    conn.linger = true;
    return reply(conn.lingerSeconds !== -1 ? `+OK will linger ${conn.lingerSeconds} seconds` : '+OK will linger');
  }

  if (startsWithCi(cmd, 'nolinger')) {
    if (conn.sessionUuid === undefined) return reply('-ERR not controlling a session');
    conn.linger = false;
    return reply('+OK will not linger');
  }

  if (startsWithCi(cmd, 'nolog')) {
    if (conn.logLevel === undefined) return reply('-ERR not loging');
    conn.logLevel = undefined;
    return reply('+OK no longer logging');
  }

  if (startsWithCi(cmd, 'event')) return reply(conn.subscription.event(wordsAfterSpace(cmd, 5)));
  if (startsWithCi(cmd, 'nixevent')) return reply(conn.subscription.nixEvent(wordsAfterSpace(cmd, 8)));
  if (startsWithCi(cmd, 'noevents')) return reply(conn.subscription.noEvents());

  return reply('');
}

function myEvents(conn: EslConnection, host: EslHost, cmd: string): string {
  if (conn.subscription.myEvents) return '-ERR aready enabled.';
  let formatText = cmd;
  if (conn.sessionUuid === undefined) {
    const rest = cmd.slice(9);
    const space = rest.indexOf(' ');
    const uuid = space < 0 ? rest : rest.slice(0, space);
    const format = space < 0 ? undefined : rest.slice(space + 1);
    if (host.locateChannel(uuid)) {
      conn.bindSession(uuid);
    } else if (format !== undefined) {
      return '-ERR invalid uuid';
    }
    // The format word was cut off the command above, so `myevents <uuid> json` keeps the current format (the
    // c4 capture shows plain events); an unknown uuid without a format binds no session at all (c5).
    conn.sessionFlag = true;
    formatText = `myevents ${uuid}`;
  }
  // `strstr(cmd, "xml")` / `"json"` on what is left of the command line.
  if (/xml|XML/.test(formatText)) conn.subscription.format = 'xml';
  if (/json|JSON/.test(formatText)) conn.subscription.format = 'json';
  conn.subscription.enableMyEvents();
  conn.subscription.boundUuid = conn.sessionUuid;
  return '+OK Events Enabled';
}

function sendMsg(conn: EslConnection, host: EslHost, cmd: string, command: ClientCommand): string {
  let uuid: string | undefined = cmd.slice(7).replace(/^ +/, '');
  if (uuid === '') uuid = commandHeader(command, 'session-id');
  if (uuid !== undefined && uuid === conn.sessionUuid) uuid = undefined;
  if ((uuid === undefined || uuid === '') && conn.sessionUuid !== undefined) {
    return host.queuePrivateEvent(conn.sessionUuid, command) ? '+OK' : '-ERR memory error';
  }
  if (uuid !== undefined && uuid !== '' && host.queuePrivateEvent(uuid, command)) return '+OK';
  return `-ERR invalid session id [${uuid ?? ''}]`;
}

function sendEvent(host: EslHost, cmd: string, command: ClientCommand): string {
  const eventUuid = host.newUuid();
  const type = nameEvent(cmd.slice(9).replace(/^[ \t]+/, '')) ?? 'CLONE';
  const subclass = type === 'CUSTOM' ? commandHeader(command, 'Event-Subclass') : undefined;
  const event = new FsEvent(type, subclass);
  // Header order as the h capture shows it: the subclass first, then the command line, the client's headers
  // and the Event-UUID parse_command adds; the core headers follow when the event is prepared for delivery.
  if (subclass !== undefined) event.add('Event-Subclass', subclass);
  event.add('Command', cmd);
  for (const [name, value] of command.headers) {
    if (subclass !== undefined && name.toLowerCase() === 'event-subclass') continue;
    event.add(name, value);
  }
  event.add('Event-UUID', eventUuid);
  if (command.body !== undefined) event.body = command.body;
  host.sendEvent(event, commandHeader(command, 'unique-id'));
  return `+OK ${eventUuid}`;
}

/** switch_log_str2level() via the `log` branch: a number is clamped, a name is looked up, nothing is DEBUG. */
function log(conn: EslConnection, cmd: string): string {
  let levelText = cmd.slice(3).replace(/^ +/, '');
  const space = levelText.indexOf(' ');
  if (space >= 0) levelText = levelText.slice(0, space);
  const level = levelText === '' ? 7 : str2level(levelText);
  if (level === undefined) return '-ERR invalid log level';
  conn.logLevel = level;
  return `+OK log level ${levelText} [${level}]`;
}

const LOG_LEVELS = ['DISABLE', 'CONSOLE', 'ALERT', 'CRIT', 'ERR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];

function str2level(text: string): number | undefined {
  if (/^[+-]?[0-9.]*$/.test(text)) {
    const value = atoi(text);
    return value > 64 ? 63 : value < 0 ? 0 : value;
  }
  const index = LOG_LEVELS.indexOf(text.toUpperCase());
  return index < 0 ? undefined : index - 1;
}

function splitApi(text: string): { name: string; arg: string | undefined } {
  const space = text.indexOf(' ');
  return space < 0 ? { name: text, arg: undefined } : { name: text.slice(0, space), arg: text.slice(space + 1) };
}

/** `cur = strchr(cmd + offset, ' ')` then words split on single spaces (empty words included). */
function wordsAfterSpace(cmd: string, offset: number): string[] {
  const space = cmd.indexOf(' ', offset);
  return space < 0 ? [] : cmd.slice(space + 1).split(' ');
}

function includesCi(text: string, needle: string): boolean {
  return text.toLowerCase().includes(needle);
}

function atoi(text: string): number {
  const match = /^\s*([+-]?\d+)/.exec(text);
  return match ? Number.parseInt(match[1]!, 10) : 0;
}
