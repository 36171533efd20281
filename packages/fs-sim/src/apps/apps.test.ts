import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawEslClient, type RawEvent, header } from '../testing/raw-esl-client.js';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { type FsSim, startFsSim } from '../sim/start-fs-sim.js';

// The dialplan applications run by sendmsg, and the uuid_* commands media uses, on parked gateway calls.
const scenario: ScenarioInput = {
  node: { sessionsPerSecond: 1000 },
  gateways: [{ name: 'carrier', proxy: '192.0.2.10' }],
  media: { defaultFileMs: 2000, files: { 'long.wav': 60_000 }, ttsMsPerChar: 100 },
  callees: [
    { match: '1*', behaviour: 'answer', ringMs: 100 },
    { match: '2001', behaviour: 'answer', ringMs: 100, hangupAfterMs: 1500 },
  ],
  dialplan: { default: { '9000': ['answer', 'playback menu.wav', 'hangup CALL_REJECTED'] } },
};

let sim: FsSim;
let esl: RawEslClient;

beforeAll(async () => {
  sim = await startFsSim({ password: 'pw', scenario, speed: 20 });
  esl = await RawEslClient.authed(sim.port, 'pw');
  await esl.command('event plain ALL');
});
afterAll(async () => {
  esl.close();
  await sim.stop();
});

async function parkedCall(number = '1001'): Promise<string> {
  const reply = await esl.api(`originate sofia/gateway/carrier/${number} &park()`);
  expect(reply).toMatch(/^\+OK /);
  const uuid = reply.slice(4, 40);
  await esl.waitForEvent('CHANNEL_PARK', (event) => event.headers.get('Unique-ID') === uuid);
  return uuid;
}

/** sendmsg execute with an Event-UUID; resolves with the reply text. */
async function execute(uuid: string, app: string, arg?: string): Promise<string> {
  const appUuid = crypto.randomUUID();
  const headers = `call-command: execute\nexecute-app-name: ${app}\n${arg === undefined ? '' : `execute-app-arg: ${arg}\n`}Event-UUID: ${appUuid}\n`;
  const reply = await esl.command(`sendmsg ${uuid}`, headers);
  expect(header(reply, 'Reply-Text')).toBe('+OK');
  return appUuid;
}

function completed(uuid: string, appUuid: string, timeoutMs = 5000): Promise<RawEvent> {
  return esl.waitForEvent('CHANNEL_EXECUTE_COMPLETE', (event) => event.headers.get('Unique-ID') === uuid && event.headers.get('Application-UUID') === appUuid, 0, timeoutMs);
}

function eventsOf(uuid: string, name: string): RawEvent[] {
  return esl.events().filter((event) => event.name === name && event.headers.get('Unique-ID') === uuid);
}

function destroyed(uuid: string): Promise<RawEvent> {
  return esl.waitForEvent('CHANNEL_DESTROY', (event) => event.headers.get('Unique-ID') === uuid, 0, 10_000);
}

describe('fs-sim › dialplan applications by sendmsg', () => {
  it('speak › takes ttsMsPerChar per character, between CHANNEL_EXECUTE and _COMPLETE', async () => {
    const uuid = await parkedCall();
    const startedAt = sim.clock.nowMs();
    const appUuid = await execute(uuid, 'speak', 'flite|kal|Hello there');
    await completed(uuid, appUuid);
    expect(sim.clock.nowMs() - startedAt).toBeGreaterThanOrEqual(1000);
    await esl.api(`uuid_kill ${uuid}`);
  });

  it('set and unset › the variable shows in uuid_getvar and in the next event\'s variable_ headers', async () => {
    const uuid = await parkedCall();
    await completed(uuid, await execute(uuid, 'set', 'campaign_id=42'));
    expect(await esl.api(`uuid_getvar ${uuid} campaign_id`)).toBe('42');
    const appUuid = await execute(uuid, 'unset', 'campaign_id');
    const complete = await completed(uuid, appUuid);
    expect(complete.headers.get('variable_campaign_id')).toBeUndefined();
    expect(await esl.api(`uuid_getvar ${uuid} campaign_id`)).toBe('_undef_');
    expect(await esl.api(`uuid_setvar ${uuid} lead_id 7`)).toBe('+OK\n');
    expect(await esl.api(`uuid_getvar ${uuid} lead_id`)).toBe('7');
    await esl.api(`uuid_kill ${uuid}`);
  });

  it('play_and_get_digits › the callee\'s keys end the prompt and fill the variable', async () => {
    const uuid = await parkedCall();
    const appUuid = await execute(uuid, 'play_and_get_digits', '1 4 2 5000 # menu.wav invalid.wav choice \\d+');
    await esl.waitForEvent('PLAYBACK_START', (event) => event.headers.get('Unique-ID') === uuid);
    expect(sim.sendDtmf(uuid, '42#')).toBe(true);
    const complete = await completed(uuid, appUuid);
    expect(complete.headers.get('variable_choice')).toBe('42');
    expect(complete.headers.get('variable_read_result')).toBe('success');
    expect(complete.headers.get('variable_read_terminator_used')).toBe('#');
    expect(eventsOf(uuid, 'DTMF').map((event) => event.headers.get('DTMF-Digit'))).toEqual(['4', '2', '#']);
    await esl.api(`uuid_kill ${uuid}`);
  });

  it('read › times out with no keys: read_result timeout, no variable', async () => {
    const uuid = await parkedCall();
    const complete = await completed(uuid, await execute(uuid, 'read', '1 3 silence got 3000 #'));
    expect(complete.headers.get('variable_read_result')).toBe('failure');
    expect(complete.headers.get('variable_got')).toBeUndefined();
    await esl.api(`uuid_kill ${uuid}`);
  });

  it('playback and uuid_break › PLAYBACK_STOP says break, the application completes at once', async () => {
    const uuid = await parkedCall();
    const appUuid = await execute(uuid, 'playback', 'long.wav');
    await esl.waitForEvent('PLAYBACK_START', (event) => event.headers.get('Unique-ID') === uuid);
    expect(await esl.api(`uuid_break ${uuid}`)).toBe('+OK\n');
    await completed(uuid, appUuid);
    expect(eventsOf(uuid, 'PLAYBACK_STOP').at(-1)!.headers.get('Playback-Status')).toBe('break');
    await esl.api(`uuid_kill ${uuid}`);
  });

  it('record › RECORD_START, then RECORD_STOP at the time limit with record_seconds', async () => {
    const uuid = await parkedCall();
    const complete = await completed(uuid, await execute(uuid, 'record', '/tmp/msg.wav 3'));
    expect(eventsOf(uuid, 'RECORD_START')).toHaveLength(1);
    expect(eventsOf(uuid, 'RECORD_STOP')[0]!.headers.get('Record-File-Path')).toBe('/tmp/msg.wav');
    expect(complete.headers.get('variable_record_seconds')).toBe('3');
    await esl.api(`uuid_kill ${uuid}`);
  });

  it('sleep › the application lasts its milliseconds', async () => {
    const uuid = await parkedCall();
    const startedAt = sim.clock.nowMs();
    await completed(uuid, await execute(uuid, 'sleep', '4000'));
    expect(sim.clock.nowMs() - startedAt).toBeGreaterThanOrEqual(4000);
    await esl.api(`uuid_kill ${uuid}`);
  });

  it('hangup with a cause › CHANNEL_HANGUP carries it', async () => {
    const uuid = await parkedCall();
    await execute(uuid, 'hangup', 'USER_BUSY');
    await destroyed(uuid);
    expect(eventsOf(uuid, 'CHANNEL_HANGUP')[0]!.headers.get('Hangup-Cause')).toBe('USER_BUSY');
  });

  it('transfer › the call leaves the park for the scenario dialplan\'s extension and runs it', async () => {
    const uuid = await parkedCall();
    await execute(uuid, 'transfer', '9000 XML default');
    await destroyed(uuid);
    const apps = eventsOf(uuid, 'CHANNEL_EXECUTE').map((event) => event.headers.get('Application'));
    expect(apps).toEqual(['park', 'transfer', 'answer', 'playback', 'hangup']);
    expect(eventsOf(uuid, 'CHANNEL_HANGUP')[0]!.headers.get('Hangup-Cause')).toBe('CALL_REJECTED');
  });

  it('sendmsg hangup › call-command hangup with a cause', async () => {
    const uuid = await parkedCall();
    await esl.command(`sendmsg ${uuid}`, 'call-command: hangup\nhangup-cause: NO_ANSWER\n');
    await destroyed(uuid);
    expect(eventsOf(uuid, 'CHANNEL_HANGUP')[0]!.headers.get('Hangup-Cause')).toBe('NO_ANSWER');
  });

  it('bridge › a B leg through the gateway in CS_EXCHANGE_MEDIA; when the callee hangs up, the bridge ends and the caller goes on (hangup_after_bridge unset)', async () => {
    const uuid = await parkedCall();
    const appUuid = await execute(uuid, 'bridge', 'sofia/gateway/carrier/2001');
    const bridge = await esl.waitForEvent('CHANNEL_BRIDGE', (event) => event.headers.get('Unique-ID') === uuid);
    const peer = bridge.headers.get('Bridge-B-Unique-ID')!;
    const complete = await completed(uuid, appUuid);
    expect(complete.headers.get('variable_bridge_hangup_cause')).toBe('NORMAL_CLEARING');
    expect(eventsOf(peer, 'CHANNEL_STATE').map((event) => event.headers.get('Channel-State'))).toContain('CS_EXCHANGE_MEDIA');
    expect(eventsOf(uuid, 'CHANNEL_UNBRIDGE')).toHaveLength(1);
    expect(sim.channels().map((channel) => channel.uuid)).toContain(uuid);
    await esl.api(`uuid_kill ${uuid}`);
  });

  it('bridge with hangup_after_bridge=true › when the answered callee hangs up, the caller is hung up with its cause', async () => {
    const uuid = await parkedCall();
    expect((await esl.api(`uuid_setvar ${uuid} hangup_after_bridge true`)).startsWith('+OK')).toBe(true);
    await execute(uuid, 'bridge', 'sofia/gateway/carrier/2001');
    await destroyed(uuid);
    expect(eventsOf(uuid, 'CHANNEL_UNBRIDGE')).toHaveLength(1);
    expect(eventsOf(uuid, 'CHANNEL_HANGUP')[0]!.headers.get('Hangup-Cause')).toBe('NORMAL_CLEARING');
  });

  it('bridge to a busy number › the caller hangs up with the B leg\'s cause', async () => {
    const uuid = await parkedCall();
    await execute(uuid, 'bridge', 'error/user_busy');
    await destroyed(uuid);
    expect(eventsOf(uuid, 'CHANNEL_HANGUP')[0]!.headers.get('Hangup-Cause')).toBe('USER_BUSY');
  });
});

describe('fs-sim › uuid_* commands', () => {
  it('uuid_transfer › the parked call runs the dialplan extension', async () => {
    const uuid = await parkedCall();
    expect(await esl.api(`uuid_transfer ${uuid} 9000 XML default`)).toBe('+OK\n');
    await destroyed(uuid);
    expect(eventsOf(uuid, 'CHANNEL_EXECUTE').map((event) => event.headers.get('Application'))).toEqual(['park', 'answer', 'playback', 'hangup']);
  });

  it('uuid_broadcast › the application runs on the parked call', async () => {
    const uuid = await parkedCall();
    expect(await esl.api(`uuid_broadcast ${uuid} menu.wav aleg`)).toBe('+OK Message sent\n');
    await esl.waitForEvent('PLAYBACK_STOP', (event) => event.headers.get('Unique-ID') === uuid);
    expect(eventsOf(uuid, 'CHANNEL_EXECUTE').map((event) => event.headers.get('Application'))).toEqual(['park', 'playback']);
    await esl.api(`uuid_kill ${uuid}`);
  });

  it('uuid_record start and stop › RECORD_START and RECORD_STOP with the path', async () => {
    const uuid = await parkedCall();
    expect(await esl.api(`uuid_record ${uuid} start /tmp/call.wav`)).toBe('+OK Success\n');
    await esl.waitForEvent('RECORD_START', (event) => event.headers.get('Unique-ID') === uuid);
    expect(await esl.api(`uuid_record ${uuid} stop /tmp/call.wav`)).toBe('+OK Success\n');
    const stop = await esl.waitForEvent('RECORD_STOP', (event) => event.headers.get('Unique-ID') === uuid);
    expect(stop.headers.get('Record-File-Path')).toBe('/tmp/call.wav');
    await esl.api(`uuid_kill ${uuid}`);
  });

  it('uuid_record running at hangup › RECORD_STOP comes with the hangup', async () => {
    const uuid = await parkedCall();
    await esl.api(`uuid_record ${uuid} start /tmp/call2.wav`);
    await esl.api(`uuid_kill ${uuid}`);
    await destroyed(uuid);
    expect(eventsOf(uuid, 'RECORD_STOP')).toHaveLength(1);
  });

  it('uuid_displace start and stop › answered +OK on a live call', async () => {
    const uuid = await parkedCall();
    expect(await esl.api(`uuid_displace ${uuid} start /tmp/bg.wav 0 mux`)).toBe('+OK Success\n');
    expect(await esl.api(`uuid_displace ${uuid} stop /tmp/bg.wav`)).toBe('+OK Success\n');
    await esl.api(`uuid_kill ${uuid}`);
  });

  it('uuid_send_dtmf › sent towards the callee', async () => {
    const uuid = await parkedCall();
    expect(await esl.api(`uuid_send_dtmf ${uuid} 123`)).toBe(`+OK ${uuid} sent DTMF 123.\n`);
    await esl.api(`uuid_kill ${uuid}`);
  });

  it('uuid_bridge › two parked calls joined: CHANNEL_BRIDGE, and a hangup of one ends both', async () => {
    const [a, b] = [await parkedCall(), await parkedCall('1002')];
    expect(await esl.api(`uuid_bridge ${a} ${b}`)).toBe(`+OK ${b}\n`);
    await esl.waitForEvent('CHANNEL_BRIDGE', (event) => event.headers.get('Unique-ID') === a);
    await esl.api(`uuid_kill ${b}`);
    await Promise.all([destroyed(a), destroyed(b)]);
  });

  it.each([
    ['uuid_kill', '-ERR No such channel!\n'],
    ['uuid_getvar', '-ERR No such channel!\n'],
    ['uuid_break', '-ERR No such channel!\n'],
    ['uuid_send_dtmf', '-ERR Cannot locate session!\n'],
    ['uuid_broadcast', '-ERR invalid uuid\n'],
  ])('%s of a uuid that is no channel › %j', async (command, expected) => {
    const args = command === 'uuid_getvar' ? ' x' : command === 'uuid_send_dtmf' ? ' 1' : command === 'uuid_broadcast' ? ' a.wav' : '';
    expect(await esl.api(`${command} 00000000-0000-0000-0000-000000000000${args}`)).toBe(expected);
  });

  it('hupall › every channel hangs up with the cause, and the reply names it', async () => {
    const uuids = [await parkedCall(), await parkedCall('1003')];
    expect(await esl.api('hupall MANAGER_REQUEST')).toBe('+OK hangup all channels with cause MANAGER_REQUEST\n');
    await Promise.all(uuids.map(destroyed));
    expect(sim.channels()).toEqual([]);
  });
});
