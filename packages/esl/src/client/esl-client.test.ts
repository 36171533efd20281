// The client's behaviour when things go wrong, each case driven by recorded FreeSWITCH bytes.
import { createServer } from 'node:net';
import { createLogger, silentLogger } from '@ringpace/log';
import { afterEach, describe, expect, it } from 'vitest';
import { streamOf, type CaptureRecord } from '../capture/capture-file.js';
import type { EslEvent } from '../decode/esl-event.js';
import { StreamDecoder } from '../decode/stream-decoder.js';
import { subscriptionOf } from '../testing/capture-driver.js';
import { apiResponse, commandReply as reply, fakeNode } from '../testing/fake-node.js';
import { loadCapture } from '../testing/fixtures.js';
import { startReplayServer, type ReplayScript, type ReplayServer } from '../testing/replay-server.js';
import { EslClient, type EslClientOptions } from './esl-client.js';
import type { LifecycleEvent } from './lifecycle.js';

const logger = silentLogger();
let server: ReplayServer | undefined;
let client: EslClient | undefined;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  client?.close();
  await server?.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
  client = undefined;
  server = undefined;
});

async function replay(scripts: ReplayScript[], options: Partial<EslClientOptions> = {}): Promise<{ client: EslClient; lifecycle: LifecycleEvent[]; events: EslEvent[] }> {
  server = await startReplayServer(scripts);
  client = new EslClient({ host: '127.0.0.1', port: server.port, password: 'ClueCon', logger, subscription: null, backoff: { initialDelayMs: 20, maxDelayMs: 100 }, ...options });
  const lifecycle: LifecycleEvent[] = [];
  const events: EslEvent[] = [];
  client.onLifecycle((event) => lifecycle.push(event));
  client.onEvent((event) => events.push(event));
  return { client, lifecycle, events };
}

/** Index just after the n-th record the client wrote (n from 1), to stop a replay there. */
function afterClientRecord(records: readonly CaptureRecord[], n: number): number {
  let seen = 0;
  return records.findIndex((record) => record.dir === '>' && ++seen === n) + 1;
}

describe('client › connecting and authenticating', () => {
  it('a wrong password is an EslAuthError at once, without retrying [a1]', async () => {
    const { client } = await replay([{ records: await loadCapture('a1_auth_wrong_password') }], { password: 'NotThePassword' });
    await expect(client.start(2_000)).rejects.toMatchObject({ name: 'EslAuthError', code: 'UNAUTHENTICATED', retryable: false, replyText: '-ERR invalid' });
    expect(server?.connections()).toBe(1);
  });

  it('a server that accepts but never sends auth/request fails the connect deadline', async () => {
    const { client } = await replay([{ records: await loadCapture('b_api_commands'), stopAtRecord: 0 }], { connectTimeoutMs: 150 });
    const startedAt = performance.now();
    await expect(client.start(150)).rejects.toMatchObject({ name: 'EslTimeoutError', code: 'DEADLINE_EXCEEDED', timeoutMs: 150 });
    expect(performance.now() - startedAt).toBeLessThan(1_000);
  });

  it('a port nobody listens on is a retryable EslConnectError after the start window', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    client = new EslClient({ host: '127.0.0.1', port, password: 'ClueCon', logger, backoff: { initialDelayMs: 20, maxDelayMs: 40 } });
    const lifecycle: LifecycleEvent[] = [];
    client.onLifecycle((event) => lifecycle.push(event));
    await expect(client.start(300)).rejects.toMatchObject({ name: 'EslConnectError', retryable: true });
    expect(lifecycle.filter((event) => event.type === 'reconnect-scheduled').length).toBeGreaterThanOrEqual(2);
  });
});

describe('client › deadlines', () => {
  it('a command without reply fails with EslTimeoutError; the stalled connection is then dropped and re-made', async () => {
    const records = await loadCapture('b_api_commands');
    // Replay up to `api version` (the second write), then stay silent.
    const { client, lifecycle } = await replay([{ records, stopAtRecord: afterClientRecord(records, 2) }, { records }], { staleReplyMs: 150 });
    await client.start();
    await expect(client.api('version', { timeoutMs: 100 })).rejects.toMatchObject({ name: 'EslTimeoutError', command: 'api version', timeoutMs: 100 });
    await expect.poll(() => lifecycle.find((event) => event.type === 'disconnected')).toMatchObject({ error: { name: 'EslTimeoutError', command: 'reply to api version' } });
    await expect.poll(() => lifecycle.filter((event) => event.type === 'connected').length).toBe(2);
    await expect(client.api('version')).resolves.toMatchObject({ ok: true, body: expect.stringMatching(/^FreeSWITCH Version 1\.10\.12/) as unknown });
  });

  it('a reply that comes after its deadline is dropped and the next command still gets its own reply [b, originate]', async () => {
    const records = await loadCapture('b_api_commands');
    const { client } = await replay([{ records, speed: 1 }]);
    await client.start();
    const before = ['version', 'status', 'show channels as json', 'show channels', 'show calls as json', 'sofia status', 'module_exists mod_sofia', 'module_exists mod_nonexistent', 'no_such_command arg1 arg2'];
    const more = ['uuid_kill 00000000-0000-0000-0000-000000000000', 'uuid_exists 00000000-0000-0000-0000-000000000000', 'uuid_getvar 00000000-0000-0000-0000-000000000000 foo'];
    await Promise.all([...before, ...more].map((command) => client.api(command)));
    const originate =
      'originate {origination_uuid=a7ac3071-57a6-4681-8f96-0e20f77429ef,ringpace_attempt_id=att-b-0001,ignore_early_media=true,origination_caller_id_number=15550001000,origination_caller_id_name=Ringpace}loopback/answer_park/ringpace-test &park()';
    // FreeSWITCH answered the blocking originate after ~530 ms.
    await expect(client.api(originate, { timeoutMs: 150 })).rejects.toMatchObject({ name: 'EslTimeoutError' });
    const channels = await client.api('show channels as json', { timeoutMs: 2_000 });
    expect(channels.body).toMatch(/^\{"row_count":2,"rows":\[\{"uuid":"a7ac3071/);
    expect(server?.mismatches).toEqual([]);
  });

  it('a command made while disconnected waits for the next connection, within its deadline', async () => {
    const records = await loadCapture('b_api_commands');
    const { client } = await replay([{ records, cutAfterServerBytes: 120 }, { records, stopAtRecord: 0 }, { records }], { connectTimeoutMs: 100 });
    await client.start();
    // The server drops the connection in the middle of the reply to `api version`.
    await expect(client.api('version')).rejects.toMatchObject({ name: 'EslConnectionLostError', written: true });
    expect(client.connected).toBe(false);
    await expect(client.api('version', { timeoutMs: 5_000 })).resolves.toMatchObject({ ok: true });
    await expect(client.api('status', { timeoutMs: 5_000 })).resolves.toMatchObject({ body: expect.stringMatching(/^UP 0 years/) as unknown });
  });

  it('a command made while no connection comes fails with EslTimeoutError at its deadline', async () => {
    const records = await loadCapture('b_api_commands');
    const { client, lifecycle } = await replay([{ records, cutAfterServerBytes: 120 }, { records, stopAtRecord: 0 }], { connectTimeoutMs: 1_000 });
    await client.start();
    await expect(client.api('version')).rejects.toMatchObject({ name: 'EslConnectionLostError' });
    expect(lifecycle.some((event) => event.type === 'disconnected')).toBe(true);
    await expect(client.api('version', { timeoutMs: 120 })).rejects.toMatchObject({ name: 'EslTimeoutError', timeoutMs: 120 });
  });
});

describe('client › losing the connection', () => {
  it('a disconnect in the middle of an event fails the pending bgapi, reconnects and subscribes again [d1]', async () => {
    const records = await loadCapture('d1_bgapi_originate_answer_play_plain_ALL');
    const stream = streamOf(records, '<');
    const cut = stream.indexOf('Event-Name: CHANNEL_ANSWER') + 200;
    const { subscription } = subscriptionOf(records);
    const { client, lifecycle, events } = await replay([{ records, cutAfterServerBytes: cut }, { records }], { subscription });
    await client.start();
    const dial =
      'originate {origination_uuid=94f34335-d78d-405e-9652-d92197a40b87,ringpace_attempt_id=att-d1-0001,ignore_early_media=true,origination_caller_id_number=15550001000,origination_caller_id_name=Ringpace}loopback/answer_play/ringpace-test &playback(/opt/fsbuild/prefix/share/freeswitch/sounds/ringpace/short.wav)';
    await expect(client.bgapi(dial, { timeoutMs: 5_000 })).rejects.toMatchObject({ name: 'EslConnectionLostError', written: true, retryable: false });
    expect(lifecycle.find((event) => event.type === 'disconnected')).toMatchObject({ generation: 1, error: { name: 'EslProtocolError', violation: 'truncated-frame' } });
    const eventsBeforeCut = events.length;
    expect(eventsBeforeCut).toBeGreaterThan(5);
    await expect.poll(() => lifecycle.filter((event) => event.type === 'connected').length).toBe(2);
    // The new connection was asked for `event plain ALL` again (the replay server checks every command).
    await expect(client.bgapi(dial, { timeoutMs: 5_000 })).resolves.toMatchObject({ ok: true, value: '94f34335-d78d-405e-9652-d92197a40b87' });
    expect(server?.received[1]?.slice(0, 2)).toEqual(['auth ClueCon', 'event plain ALL']);
    expect(server?.mismatches).toEqual([]);
  });

  it.each([
    ['garbage instead of a frame', Buffer.from('HTTP/1.1 400 Bad Request\n\n'), 'malformed-header'],
    ['a Content-Length over the limit', Buffer.from('Content-Type: api/response\nContent-Length: 999999999\n\n'), 'body-too-large'],
    ['invalid UTF-8 in a body', Buffer.concat([Buffer.from('Content-Type: api/response\nContent-Length: 3\n\n'), Buffer.from([0x41, 0xc3, 0x28])]), 'invalid-utf8'],
    ['endless headers', Buffer.from('X-Endless: yes\n'.repeat(5_000)), 'header-block-too-large'],
  ])('%s ends the connection with a typed, logged error and a reconnect', async (_name, bad, violation) => {
    const records = await loadCapture('b_api_commands');
    const head = records.slice(0, afterClientRecord(records, 2));
    const broken: CaptureRecord[] = [...head, { tMs: 1, dir: '<', data: bad }];
    const lines: string[] = [];
    const logged = createLogger({ service: 'test', level: 'warn', destination: { write: (line: string) => lines.push(line) } });
    const { client, lifecycle } = await replay([{ records: broken }, { records }], { limits: { maxBodyBytes: 1024 * 1024, maxHeaderBytes: 4096 }, logger: logged });
    await client.start();
    await expect(client.api('version')).rejects.toMatchObject({ name: 'EslConnectionLostError', cause: { name: 'EslProtocolError', violation } });
    expect(lifecycle.find((event) => event.type === 'disconnected')).toMatchObject({ error: { violation } });
    expect(lines.map((line) => JSON.parse(line) as { level: string; msg: string; violation?: string }).find((line) => line.msg.startsWith('esl protocol violation'))).toMatchObject({ level: 'error', violation });
    await expect.poll(() => lifecycle.filter((event) => event.type === 'connected').length).toBe(2);
    await expect(client.api('version')).resolves.toMatchObject({ ok: true });
  });
});

describe('client › replies out of order', () => {
  it('a reply nobody asked for ends the connection: replies are matched by order, so the order is lost', async () => {
    const records = await loadCapture('b_api_commands');
    const head = records.slice(0, afterClientRecord(records, 1) + 1);
    const unasked: CaptureRecord = { tMs: 1, dir: '<', data: Buffer.from('Content-Type: command/reply\nReply-Text: +OK accepted\n\n') };
    const { client, lifecycle } = await replay([{ records: [...head, unasked] }, { records }]);
    await client.start();
    await expect.poll(() => lifecycle.find((event) => event.type === 'disconnected')).toMatchObject({ error: { name: 'EslProtocolError', violation: 'unexpected-frame' } });
    await expect.poll(() => lifecycle.filter((event) => event.type === 'connected').length).toBe(2);
  });
});

describe('client › writing commands', () => {
  it('commands made in the same turn leave in one write, and each still gets its own reply in order', async () => {
    const reads: string[] = [];
    const probe = createServer((socket) => {
      socket.write('Content-Type: auth/request\n\n');
      socket.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        reads.push(text);
        for (const command of text.split('\n\n').filter((line) => line !== '')) {
          socket.write(command.startsWith('auth') ? reply('+OK accepted') : apiResponse(`answer to ${command.replace(/^api /, '')}`));
        }
      });
    });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => probe.close(() => resolve())));
    client = new EslClient({ host: '127.0.0.1', port: (probe.address() as { port: number }).port, password: 'ClueCon', logger, subscription: null });
    await client.start(2_000);
    const answers = await Promise.all(['one', 'two', 'three'].map((name) => client!.api(name)));
    expect(answers.map((answer) => answer.body)).toEqual(['answer to one', 'answer to two', 'answer to three']);
    expect(reads.slice(1)).toEqual(['api one\n\napi two\n\napi three\n\n']);
  });
});

describe('client › events, notices and sendmsg', () => {
  it('linger: the linger notice is passed on, events keep coming, then the disconnect notice and a clean close [c6]', async () => {
    const records = await loadCapture('c6_myevents_linger');
    const { client, lifecycle, events } = await replay([{ records }, { records, stopAtRecord: 0 }]);
    await client.start();
    const uuid = '187a6396-ba1f-4413-942b-3fd1ba782547';
    await client.api(`originate {origination_uuid=${uuid},ringpace_attempt_id=att-c6-0001,ignore_early_media=true}loopback/answer_park/ringpace-test &park()`);
    await expect(client.command(`myevents ${uuid}`)).resolves.toBe('+OK Events Enabled');
    await expect(client.command('linger 3')).resolves.toBe('+OK will linger 3 seconds');
    await expect(client.command('nolinger')).resolves.toBe('+OK will not linger');
    await expect(client.command('linger')).resolves.toBe('+OK will linger');
    await expect(client.api(`uuid_kill ${uuid}`)).resolves.toEqual({ ok: true, body: '+OK\n' });
    await expect(client.api('show channels count')).resolves.toEqual({ ok: true, body: '\n1 total.\n' });
    await expect(client.command('exit')).resolves.toBe('+OK bye');
    await expect.poll(() => lifecycle.some((event) => event.type === 'disconnected')).toBe(true);
    const notices = lifecycle.filter((event) => event.type === 'disconnect-notice');
    expect(notices).toEqual([
      { type: 'disconnect-notice', disposition: 'linger', controlledSessionUuid: uuid },
      { type: 'disconnect-notice', disposition: 'disconnect', controlledSessionUuid: uuid },
    ]);
    expect(events.map((event) => event.name)).toEqual(['CHANNEL_HANGUP', 'CHANNEL_UNPARK', 'CHANNEL_EXECUTE_COMPLETE', 'CHANNEL_STATE', 'CHANNEL_STATE', 'CHANNEL_HANGUP_COMPLETE']);
    expect(lifecycle.find((event) => event.type === 'disconnected')).toMatchObject({ error: undefined });
  });

  it('sendmsg execute with Event-UUID resolves on the matching CHANNEL_EXECUTE_COMPLETE [f]', async () => {
    const records = await loadCapture('f_sendmsg_call_control');
    const { subscription } = subscriptionOf(records);
    const { client } = await replay([{ records }], { subscription });
    await client.start();
    const uuid = 'a114261e-d142-4029-97c6-b43898aa762f';
    const call = await client.originate(`{origination_uuid=${uuid},ringpace_attempt_id=att-f-0001,ignore_early_media=true}loopback/answer_park/ringpace-test`, '&park()');
    expect(call).toEqual({ ok: true, callUuid: uuid });
    const played = await client.executeAndWait(uuid, 'playback', '/opt/fsbuild/prefix/share/freeswitch/sounds/ringpace/short.wav', { eventUuid: 'f-app-0001' });
    expect(played.response).toBe('FILE PLAYED');
    expect(played.event.headers.get('Application-UUID')).toBe('f-app-0001');
    expect(server?.mismatches).toEqual([]);
  });

  it('originate failures are data: the hangup cause of each BACKGROUND_JOB [e]', async () => {
    const records = await loadCapture('e_originate_failures');
    const { subscription } = subscriptionOf(records);
    const { client } = await replay([{ records }], { subscription });
    await client.start();
    await client.api('originate error/user_busy &park()');
    await client.api('originate error/no_answer &park()');
    await client.api('originate error/unallocated_number &park()');
    const results = await Promise.all(['user_busy', 'no_answer', 'unallocated_number'].map((cause) => client.originate(`{ringpace_attempt_id=att-e-${cause}}error/${cause}`, '&park()')));
    expect(results).toEqual([
      { ok: false, cause: 'USER_BUSY', error: 'USER_BUSY' },
      { ok: false, cause: 'NO_ANSWER', error: 'NO_ANSWER' },
      { ok: false, cause: 'UNALLOCATED_NUMBER', error: 'UNALLOCATED_NUMBER' },
    ]);
    expect(server?.mismatches).toEqual([]);
  });

  it('a newline in an argument is refused before anything is written', async () => {
    const records = await loadCapture('b_api_commands');
    const { client } = await replay([{ records, stopAtRecord: afterClientRecord(records, 1) + 1 }]);
    await client.start();
    await expect(client.execute('uuid\n\napi hupall', 'playback', 'x')).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(client.api('status\n\nexit')).rejects.toMatchObject({ name: 'ValidationError' });
    expect(server?.received[0]).toEqual(['auth ClueCon']);
  });

  it('close() fails a bgapi waiting for its job result at once, not at its deadline [d1]', async () => {
    const records = await loadCapture('d1_bgapi_originate_answer_play_plain_ALL');
    const { subscription } = subscriptionOf(records);
    // Replay up to the bgapi reply (`+OK Job-UUID: ...`), then go quiet: the job result never comes.
    const { client } = await replay([{ records, stopAtRecord: afterClientRecord(records, 3) + 1 }], { subscription });
    await client.start();
    let settled = false;
    const pending = client.bgapi(
      'originate {origination_uuid=94f34335-d78d-405e-9652-d92197a40b87,ringpace_attempt_id=att-d1-0001,ignore_early_media=true,origination_caller_id_number=15550001000,origination_caller_id_name=Ringpace}loopback/answer_play/ringpace-test &playback(/opt/fsbuild/prefix/share/freeswitch/sounds/ringpace/short.wav)',
      { timeoutMs: 60_000 },
    );
    pending.finally(() => (settled = true)).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe(false);
    const startedAt = performance.now();
    client.close();
    await expect(pending).rejects.toMatchObject({ name: 'EslClosedError', retryable: false });
    expect(performance.now() - startedAt).toBeLessThan(1_000);
    expect(server?.mismatches).toEqual([]);
  });

  it('a listener that throws does not stop the others', async () => {
    const records = await loadCapture('d1_bgapi_originate_answer_play_plain_ALL');
    const { subscription } = subscriptionOf(records);
    const { client, events } = await replay([{ records }], { subscription });
    client.onEvent(() => {
      throw new Error('listener bug');
    });
    await client.start();
    await client.bgapi(
      'originate {origination_uuid=94f34335-d78d-405e-9652-d92197a40b87,ringpace_attempt_id=att-d1-0001,ignore_early_media=true,origination_caller_id_number=15550001000,origination_caller_id_name=Ringpace}loopback/answer_play/ringpace-test &playback(/opt/fsbuild/prefix/share/freeswitch/sounds/ringpace/short.wav)',
    );
    expect(events.some((event) => event.name === 'BACKGROUND_JOB')).toBe(true);
  });
});

describe('client › reconciliation', () => {
  it('the fake node answers with the same bytes FreeSWITCH sent [b]', async () => {
    const stream = streamOf(await loadCapture('b_api_commands'), '<');
    expect(stream.includes(reply('+OK accepted'))).toBe(true);
    expect(stream.includes(apiResponse('{"row_count": 0}\n'))).toBe(true);
    expect(stream.includes(apiResponse('-ERR No such channel!\n'))).toBe(true);
  });

  it('after a reconnect, attempts without a channel are reported gone and unknown attempts as orphans [k4 channel list]', async () => {
    const k4 = new StreamDecoder().push(streamOf(await loadCapture('k4_show_channels_during_gateway_calls'), '<')).frames;
    const fourRows = k4.flatMap((frame) => (frame.kind === 'api-response' && frame.body.startsWith('{"row_count":4,"rows":[{"uuid"') ? [frame.body] : []))[0] ?? '';
    const attempts: Record<string, string> = { '6245b398-91b7-4a67-843d-82efa3e0c1be': 'att-k4-0001', 'e7542781-b24b-4972-bb7a-36149612b8b5': 'att-k4-0002' };
    let connections = 0;
    const { port, dropAll, close } = await fakeNode((command) => {
      if (command === 'auth ClueCon') {
        connections += 1;
        return reply('+OK accepted');
      }
      if (command.startsWith('event ')) return reply('+OK event listener enabled plain');
      if (command === 'api show channels as json') return apiResponse(fourRows);
      const getvar = /^api uuid_getvar (\S+) ringpace_attempt_id$/.exec(command);
      if (getvar !== null) return apiResponse(attempts[getvar[1] as string] ?? '_undef_');
      return reply('-ERR command not found');
    });
    cleanups.push(close);
    client = new EslClient({ host: '127.0.0.1', port, password: 'ClueCon', logger, backoff: { initialDelayMs: 20 }, liveAttempts: () => ['att-k4-0001', 'att-k4-0003'] });
    const lifecycle: LifecycleEvent[] = [];
    client.onLifecycle((event) => lifecycle.push(event));
    await client.start();
    await expect.poll(() => lifecycle.find((event) => event.type === 'reconciled')).toMatchObject({
      generation: 1,
      report: {
        live: [{ attemptId: 'att-k4-0001', channelUuids: ['6245b398-91b7-4a67-843d-82efa3e0c1be'] }],
        gone: ['att-k4-0003'],
        orphans: [{ uuid: 'e7542781-b24b-4972-bb7a-36149612b8b5', attemptId: 'att-k4-0002', name: 'sofia/internal/1009' }],
      },
    });
    // Drop every connection: the client reconnects, subscribes and reconciles again.
    dropAll();
    await expect.poll(() => lifecycle.filter((event) => event.type === 'attempt-gone').map((event) => (event.type === 'attempt-gone' ? event.generation : 0))).toEqual([1, 2]);
    expect(connections).toBe(2);
  });

  it('an attempt id used as origination_uuid is found without asking for its variable', async () => {
    const commands: string[] = [];
    const { port, close } = await fakeNode((command) => {
      commands.push(command);
      if (command === 'auth ClueCon') return reply('+OK accepted');
      if (command === 'api show channels as json') return apiResponse('{"row_count":1,"rows":[{"uuid":"5ae973bd-0330-4c44-bcc8-1824a9c95203","direction":"outbound","name":"loopback/answer_park-a","state":"CS_EXECUTE","callstate":"ACTIVE","call_uuid":"5ae973bd-0330-4c44-bcc8-1824a9c95203","created_epoch":"1795546049"}]}');
      return reply('+OK');
    });
    cleanups.push(close);
    client = new EslClient({ host: '127.0.0.1', port, password: 'ClueCon', logger, subscription: null });
    await client.start();
    const report = await client.reconcile(['5ae973bd-0330-4c44-bcc8-1824a9c95203']);
    expect(report).toMatchObject({ live: [{ attemptId: '5ae973bd-0330-4c44-bcc8-1824a9c95203' }], gone: [], orphans: [] });
    expect(commands.filter((command) => command.includes('uuid_getvar'))).toEqual([]);
  });
});
