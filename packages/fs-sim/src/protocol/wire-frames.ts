// The frames mod_event_socket.c (1.10.12) writes itself, with their header order: auth/request and
// command/reply in listener_run(), api/response in api_exec(), text/disconnect-notice in send_disconnect()
// and read_packet() (linger), log/data in read_packet(), event frames in read_packet().
import type { EventFormat } from './event-serializer.js';

export const GOODBYE = 'Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n';

/** parse_command() writes replies into `char reply[512]` with switch_snprintf, which keeps 511 bytes. */
export const REPLY_MAX_BYTES = 511;

export function authRequest(): string {
  return 'Content-Type: auth/request\n\n';
}

export function commandReply(replyText: string): string {
  return `Content-Type: command/reply\nReply-Text: ${truncateBytes(replyText, REPLY_MAX_BYTES)}\n\n`;
}

/** The `~` replies of parse_command (bgapi): extra headers after Reply-Text, written raw. */
export function commandReplyWithHeaders(replyText: string, headers: ReadonlyArray<readonly [string, string]>): string {
  let raw = `Reply-Text: ${replyText}\n`;
  for (const [name, value] of headers) raw += `${name}: ${value}\n`;
  return `Content-Type: command/reply\n${truncateBytes(`${raw}\n`, REPLY_MAX_BYTES)}`;
}

/** api_exec(): an empty output becomes `-ERR no reply\n`. */
export function apiResponse(output: string): string {
  const body = output === '' ? '-ERR no reply\n' : output;
  return `Content-Type: api/response\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`;
}

export function eventFrame(serialized: string, format: EventFormat): string {
  return `Content-Length: ${Buffer.byteLength(serialized)}\nContent-Type: text/event-${format}\n\n${serialized}`;
}

/** send_disconnect(): with a controlled session (myevents <uuid>) the notice names it. */
export function disconnectNotice(message: string, controlledSessionUuid?: string): string {
  const length = Buffer.byteLength(message);
  if (controlledSessionUuid !== undefined) {
    return (
      'Content-Type: text/disconnect-notice\n' +
      `Controlled-Session-UUID: ${controlledSessionUuid}\n` +
      'Content-Disposition: disconnect\n' +
      `Content-Length: ${length}\n\n${message}`
    );
  }
  return `Content-Type: text/disconnect-notice\nContent-Length: ${length}\n\n${message}`;
}

/** read_packet(): the notice of a lingering session-bound listener when its channel goes down. */
export function lingerNotice(sessionUuid: string, channelName: string, lingerSeconds: number): string {
  return (
    'Content-Type: text/disconnect-notice\n' +
    `Controlled-Session-UUID: ${sessionUuid}\n` +
    'Content-Disposition: linger\n' +
    `Channel-Name: ${channelName}\n` +
    `Linger-Time: ${lingerSeconds}\n` +
    'Content-Length: 0\n\n'
  );
}

export interface LogLine {
  readonly level: number;
  readonly channel: number;
  readonly file: string;
  readonly func: string;
  readonly line: number;
  readonly userData: string;
  readonly data: string;
}

export function logData(log: LogLine): string {
  return (
    'Content-Type: log/data\n' +
    `Content-Length: ${Buffer.byteLength(log.data)}\n` +
    `Log-Level: ${log.level}\n` +
    `Text-Channel: ${log.channel}\n` +
    `Log-File: ${log.file}\n` +
    `Log-Func: ${log.func}\n` +
    `Log-Line: ${log.line}\n` +
    `User-Data: ${log.userData}\n\n${log.data}`
  );
}

function truncateBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= maxBytes ? text : bytes.subarray(0, maxBytes).toString('utf8');
}
