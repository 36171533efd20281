// The client against every capture: a TCP server plays FreeSWITCH's recorded bytes while the client
// makes the recorded commands through its typed API. The client must write the same commands and get
// the outcome the recording shows for each: the api output, the bgapi job result, +OK or a typed error.
import { silentLogger } from '@ringpace/log';
import { afterEach, describe, expect, it } from 'vitest';
import { streamOf, type CaptureRecord } from '../capture/capture-file.js';
import type { EslEvent } from '../decode/esl-event.js';
import type { DecodedFrame } from '../decode/frame-decoder.js';
import { StreamDecoder } from '../decode/stream-decoder.js';
import { issueRecordedCommands, subscriptionOf, type Outcome } from '../testing/capture-driver.js';
import { captureNames, loadCapture } from '../testing/fixtures.js';
import { startReplayServer, type ReplayServer } from '../testing/replay-server.js';
import { EslClient } from './esl-client.js';
import type { LifecycleEvent } from './lifecycle.js';

/** What the recording says each command got, in command order (replies are FIFO). */
function expectedOutcomes(records: readonly CaptureRecord[], skip: number, lines: readonly string[]): Outcome[] {
  const frames: DecodedFrame[] = new StreamDecoder().push(streamOf(records, '<')).frames;
  const replies = frames.filter((frame) => frame.kind === 'command-reply' || frame.kind === 'api-response').slice(1 + skip);
  const jobs = new Map(frames.flatMap((frame) => (frame.kind === 'event' && frame.event.name === 'BACKGROUND_JOB' ? [[frame.event.headers.get('Job-UUID'), frame.event.body] as const] : [])));
  return replies.map((reply, index): Outcome => {
    if (reply.kind === 'api-response') return { ok: true, value: { ok: !reply.body.startsWith('-'), body: reply.body } };
    if (!reply.ok) return { ok: false, error: 'EslCommandError' };
    // execute and hangup resolve with nothing once FreeSWITCH queued them.
    if (lines[index]?.startsWith('sendmsg ') === true) return { ok: true, value: undefined };
    const jobUuid = reply.headers['Job-UUID'];
    if (jobUuid === undefined) return { ok: true, value: reply.replyText };
    const body = jobs.get(jobUuid);
    // A job whose result the recording never shows is still pending when the server closes.
    return body === undefined ? { ok: false, error: 'EslConnectionLostError' } : { ok: true, value: expect.objectContaining({ jobUuid, body }) as unknown };
  });
}

function eventCount(records: readonly CaptureRecord[]): number {
  return new StreamDecoder().push(streamOf(records, '<')).frames.filter((frame) => frame.kind === 'event').length;
}

let server: ReplayServer | undefined;
let client: EslClient | undefined;

afterEach(async () => {
  client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

// a1 (wrong password) and a2 (a command before auth) are not flows this client produces; they have their own tests.
const driven = captureNames.filter((name) => !name.startsWith('a1_') && !name.startsWith('a2_'));

describe('client › replays every capture through its typed API', () => {
  it.each(driven.map((name) => [name]))('%s: same commands written, same outcomes, every event delivered', async (name) => {
    const records = await loadCapture(name);
    const { subscription, consumed } = subscriptionOf(records);
    server = await startReplayServer([{ records }, { records, stopAtRecord: 0 }]);
    const lifecycle: LifecycleEvent[] = [];
    const events: EslEvent[] = [];
    client = new EslClient({ host: '127.0.0.1', port: server.port, password: 'ClueCon', logger: silentLogger(), subscription, backoff: { initialDelayMs: 50 } });
    client.onLifecycle((event) => lifecycle.push(event));
    client.onEvent((event) => events.push(event));
    await client.start();

    const issued = issueRecordedCommands(client, records, consumed);
    const outcomes = await Promise.all(issued.map((entry) => entry.outcome));
    await expect.poll(() => lifecycle.some((event) => event.type === 'disconnected')).toBe(true);

    expect(server.mismatches).toEqual([]);
    expect(outcomes).toEqual(expectedOutcomes(records, consumed, issued.map((entry) => entry.command.line)));
    expect(events).toHaveLength(eventCount(records));
    expect(lifecycle.find((event) => event.type === 'disconnected')).toMatchObject({ generation: 1 });
  });
});
