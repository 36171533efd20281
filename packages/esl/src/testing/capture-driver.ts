// Drives an EslClient through a capture: every command the recorder sent is made through the client's
// typed API (api, bgapi, execute, hangup, sendEvent, command), in the recorded order, against a replay
// server; the outcomes can then be compared with what the recording says FreeSWITCH answered.
import type { CaptureRecord } from '../capture/capture-file.js';
import { streamOf } from '../capture/capture-file.js';
import type { EslClient } from '../client/esl-client.js';
import type { Subscription } from '../client/subscription.js';
import { subscriptionCommands } from '../client/subscription.js';
import { isEventName } from '../model/event-name.js';
import { isHangupCause } from '../model/hangup-cause.js';
import { FrameSplitter, type RawFrame } from '../protocol/frame-splitter.js';

export interface RecordedCommand {
  readonly line: string;
  readonly headers: Readonly<Record<string, string>>;
}

export type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

function recordedCommands(records: readonly CaptureRecord[]): RecordedCommand[] {
  return new FrameSplitter({ commands: true }).push(streamOf(records, '>')).frames.map((frame: RawFrame) => ({ line: frame.command ?? '', headers: { ...frame.headers } }));
}

/**
 * The subscription that makes the client write exactly the recorded `event` + `filter` lines after
 * auth, or null when the recording's first commands are something else (the client then subscribes
 * to nothing and the driver sends those lines itself).
 */
export function subscriptionOf(records: readonly CaptureRecord[]): { subscription: Subscription | null; consumed: number } {
  const commands = recordedCommands(records).slice(1);
  const first = commands[0]?.line.split(' ') ?? [];
  const [verb, format, ...names] = first;
  if (verb !== 'event' || (format !== 'plain' && format !== 'json' && format !== 'xml') || !names.every((name) => isEventName(name)) || names.includes('CUSTOM')) {
    return { subscription: null, consumed: 0 };
  }
  const filters: [string, string][] = [];
  for (const command of commands.slice(1)) {
    const match = /^filter (\S+) (.+)$/.exec(command.line);
    if (match === null || match[1] === 'delete') break;
    filters.push([match[1] as string, match[2] as string]);
  }
  const subscription: Subscription = { format, events: names.filter(isEventName), filters };
  const lines = subscriptionCommands(subscription).map((command) => command.text.trimEnd());
  const recorded = commands.slice(0, lines.length).map((command) => command.line);
  return JSON.stringify(lines) === JSON.stringify(recorded) ? { subscription, consumed: lines.length } : { subscription: null, consumed: 0 };
}

function settle(promise: Promise<unknown>): Promise<Outcome> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error: (error as Error).name }),
  );
}

/** Issues every recorded command after auth (and after the subscription the client sent itself). */
export function issueRecordedCommands(client: EslClient, records: readonly CaptureRecord[], consumed: number): { command: RecordedCommand; outcome: Promise<Outcome> }[] {
  return recordedCommands(records)
    .slice(1 + consumed)
    .map((command) => ({ command, outcome: settle(issue(client, command)) }));
}

function issue(client: EslClient, command: RecordedCommand): Promise<unknown> {
  const [verb = '', ...rest] = command.line.split(' ');
  const argument = rest.join(' ');
  const timeoutMs = 5_000;
  if (verb === 'api' && argument !== '') return client.api(argument, { timeoutMs });
  if (verb === 'bgapi') {
    const jobUuid = command.headers['Job-UUID'];
    return client.bgapi(argument, jobUuid === undefined ? { timeoutMs } : { timeoutMs, jobUuid });
  }
  if (verb === 'sendmsg') {
    const { headers } = command;
    if (headers['call-command'] === 'hangup') {
      const cause = headers['hangup-cause'] ?? '';
      if (!isHangupCause(cause)) throw new Error(`recorded hangup cause ${cause}`);
      return client.hangup(argument, cause, { timeoutMs });
    }
    return client.execute(argument, headers['execute-app-name'] ?? '', headers['execute-app-arg'], {
      timeoutMs,
      ...(headers['event-lock'] === 'true' ? { eventLock: true } : {}),
      ...(headers['Event-UUID'] === undefined ? {} : { eventUuid: headers['Event-UUID'] }),
    });
  }
  if (verb === 'sendevent' && isEventName(argument)) return client.sendEvent(argument, command.headers, { timeoutMs });
  return client.command(command.line, { timeoutMs });
}
