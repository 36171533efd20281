// The bytes of every command the client writes, exactly as the captures show them sent ("Sent (in order)"
// in fixtures/captures/UPSTREAM-README.md): a command line, optional `Name: value` lines, an empty line.
// Arguments are checked here, once (a ValidationError is thrown): a newline inside one would let a
// caller inject a second command.
import { invalidArgument } from '../errors.js';
import type { EventName } from '../model/event-name.js';
import type { HangupCause } from '../model/hangup-cause.js';

export interface Command {
  /** What goes on the wire, ending in the empty line. */
  readonly text: string;
  /** How logs and errors name it (the password is not in it). */
  readonly label: string;
}

export const SubscriptionFormat = { Plain: 'plain', Json: 'json', Xml: 'xml' } as const;
export type SubscriptionFormat = (typeof SubscriptionFormat)[keyof typeof SubscriptionFormat];

function check(field: string, value: string, allowEmpty = false): void {
  if (/[\n\r]/.test(value)) throw invalidArgument(field, 'must not contain a line break');
  if (!allowEmpty && value.trim() === '') throw invalidArgument(field, 'must not be empty');
}

function command(line: string, headers: readonly (readonly [string, string])[] = [], label = line): Command {
  let text = `${line}\n`;
  for (const [name, value] of headers) text += `${name}: ${value}\n`;
  return { text: `${text}\n`, label };
}

export function authCommand(password: string): Command {
  check('password', password);
  return command(`auth ${password}`, [], 'auth ******');
}

export function apiCommand(api: string): Command {
  check('command', api);
  return command(`api ${api}`);
}

/** `Job-UUID:` chosen by us, so the result can be awaited before the reply arrives [h_controller_misc]. */
export function bgapiCommand(api: string, jobUuid: string): Command {
  check('command', api);
  check('jobUuid', jobUuid);
  return command(`bgapi ${api}`, [['Job-UUID', jobUuid]], `bgapi ${api}`);
}

/**
 * `event <format> <names...> [CUSTOM <subclasses...>]`: after the CUSTOM keyword every word is a
 * subclass, so names come first [h_controller_misc: `... CHANNEL_HANGUP_COMPLETE CUSTOM ringpace::test`].
 */
export function eventCommand(format: SubscriptionFormat, names: readonly EventName[], subclasses: readonly string[] = []): Command {
  for (const subclass of subclasses) {
    check('subclass', subclass);
    if (/\s/.test(subclass)) throw invalidArgument('subclass', 'must be one word');
  }
  const words: string[] = names.filter((name) => name !== 'CUSTOM');
  if (subclasses.length > 0 || names.includes('CUSTOM')) words.push('CUSTOM', ...subclasses);
  if (words.length === 0) throw invalidArgument('names', 'subscribe to at least one event');
  return command(`event ${format} ${words.join(' ')}`);
}

export function noEventsCommand(): Command {
  return command('noevents');
}

/** `filter <header> <value>`; the value may be a `/regex/` (mod_event_socket) [k1, k2, k4]. */
export function filterCommand(header: string, value: string): Command {
  check('header', header);
  check('value', value);
  if (/\s/.test(header)) throw invalidArgument('header', 'must be one word');
  return command(`filter ${header} ${value}`);
}

export function filterDeleteCommand(header: string, value?: string): Command {
  check('header', header);
  if (value !== undefined) check('value', value);
  return command(value === undefined ? `filter delete ${header}` : `filter delete ${header} ${value}`);
}

export function myEventsCommand(uuid: string): Command {
  check('uuid', uuid);
  return command(`myevents ${uuid}`);
}

export function lingerCommand(seconds?: number): Command {
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 1)) throw invalidArgument('seconds', 'must be a whole number of seconds, at least 1');
  return command(seconds === undefined ? 'linger' : `linger ${seconds}`);
}

/** `sendevent <name>` and its headers [h_controller_misc: `sendevent CUSTOM` + `Event-Subclass: ringpace::test`]. */
export function sendEventCommand(name: EventName, headers: readonly (readonly [string, string])[]): Command {
  for (const [header, value] of headers) {
    check('header', header);
    if (/[\s:]/.test(header)) throw invalidArgument('header', 'must be one word without a colon');
    check('value', value, true);
  }
  return command(`sendevent ${name}`, headers);
}

export function exitCommand(): Command {
  return command('exit');
}

export interface ExecuteOptions {
  /** Run after the previous app finishes instead of interrupting it: `event-lock: true` [f, `read`]. */
  readonly eventLock?: boolean;
  /** Comes back as `Application-UUID` on CHANNEL_EXECUTE / CHANNEL_EXECUTE_COMPLETE [f]. */
  readonly eventUuid?: string;
  readonly loops?: number;
}

/** `sendmsg <uuid>` with `call-command: execute`, in the header order of f_sendmsg_call_control. */
export function executeCommand(uuid: string, app: string, arg: string | undefined, options: ExecuteOptions = {}): Command {
  check('uuid', uuid);
  check('app', app);
  if (/\s/.test(app)) throw invalidArgument('app', 'must be one word');
  const headers: [string, string][] = [
    ['call-command', 'execute'],
    ['execute-app-name', app],
  ];
  if (arg !== undefined) {
    check('arg', arg, true);
    headers.push(['execute-app-arg', arg]);
  }
  if (options.loops !== undefined) {
    if (!Number.isInteger(options.loops) || options.loops < 1) throw invalidArgument('loops', 'must be a whole number, at least 1');
    headers.push(['loops', String(options.loops)]);
  }
  if (options.eventLock === true) headers.push(['event-lock', 'true']);
  if (options.eventUuid !== undefined) {
    check('eventUuid', options.eventUuid);
    headers.push(['Event-UUID', options.eventUuid]);
  }
  return command(`sendmsg ${uuid}`, headers, `sendmsg ${uuid} execute ${app}`);
}

/** `sendmsg <uuid>` with `call-command: hangup` and a cause [f: `hangup-cause: USER_BUSY`]. */
export function hangupCommand(uuid: string, cause: HangupCause): Command {
  check('uuid', uuid);
  return command(`sendmsg ${uuid}`, [['call-command', 'hangup'], ['hangup-cause', cause]], `sendmsg ${uuid} hangup ${cause}`);
}
