// Decoding, table-driven, with every expectation taken from the recorded FreeSWITCH 1.10.12 traffic.
import { beforeAll, describe, expect, it } from 'vitest';
import { streamOf } from '../capture/capture-file.js';
import { FrameSplitter } from '../protocol/frame-splitter.js';
import { captureNames, loadCapture } from '../testing/fixtures.js';
import type { EslEvent } from './esl-event.js';
import type { DecodedFrame } from './frame-decoder.js';
import { StreamDecoder } from './stream-decoder.js';

const frames = new Map<string, DecodedFrame[]>();
const commandsSent = new Map<string, string[]>();

beforeAll(async () => {
  for (const name of captureNames) {
    const records = await loadCapture(name);
    const decoder = new StreamDecoder();
    const result = decoder.push(streamOf(records, '<'));
    if (result.error !== undefined) throw result.error;
    frames.set(name, result.frames);
    const commands = new FrameSplitter({ commands: true }).push(streamOf(records, '>'));
    commandsSent.set(name, commands.frames.map((frame) => frame.command ?? ''));
  }
});

function framesOf(name: string): DecodedFrame[] {
  const list = frames.get(name);
  if (list === undefined) throw new Error(`no capture ${name}`);
  return list;
}

function eventsOf(name: string): EslEvent[] {
  return framesOf(name).flatMap((frame) => (frame.kind === 'event' ? [frame.event] : []));
}

function apiBodies(name: string): string[] {
  return framesOf(name).flatMap((frame) => (frame.kind === 'api-response' ? [frame.body] : []));
}

interface Exchange {
  readonly command: string;
  readonly reply: DecodedFrame | undefined;
}

/** Commands the recorder wrote, paired in order with the replies (command/reply or api/response): point 5 of the README. */
function exchangesOf(name: string): Exchange[] {
  const commands = commandsSent.get(name) ?? [];
  const replies = framesOf(name).filter((frame) => frame.kind === 'command-reply' || frame.kind === 'api-response');
  return commands.map((command, index) => ({ command, reply: replies[index] }));
}

function replyTo(name: string, command: string): DecodedFrame | undefined {
  const exchange = exchangesOf(name).find((candidate) => candidate.command === command);
  if (exchange === undefined) throw new Error(`${name}: no command ${command}`);
  return exchange.reply;
}

describe('decoding › each command is answered in order by a command/reply or an api/response', () => {
  it.each(captureNames.map((name) => [name]))('%s has one reply per command sent', (name) => {
    expect(exchangesOf(name).every((exchange) => exchange.reply !== undefined)).toBe(true);
  });

  it.each([
    ['api show channels as json', '{"row_count": 0}\n'],
    ['api show channels', '\n0 total.\n'],
    ['api module_exists mod_sofia', 'true'],
    ['api module_exists mod_nonexistent', 'false'],
    ['api no_such_command arg1 arg2', '-ERR no_such_command Command not found!\n'],
    ['api uuid_kill 00000000-0000-0000-0000-000000000000', '-ERR No such channel!\n'],
    ['api uuid_exists 00000000-0000-0000-0000-000000000000', 'false'],
    ['api uuid_getvar 00000000-0000-0000-0000-000000000000 foo', '-ERR No such channel!\n'],
    ['api show channels count', '\n2 total.\n'],
    ['api uuid_exists a7ac3071-57a6-4681-8f96-0e20f77429ef', 'true'],
    ['api global_getvar local_ip_v4', '127.0.0.1'],
    ['api eval ${switchname}', '-ERR no reply\n'],
    ['api hostname', 'vm'],
  ])('[b] %s -> %j (bodies kept byte for byte, with or without a final LF)', (command, body) => {
    expect(replyTo('b_api_commands', command)).toMatchObject({ kind: 'api-response', body });
  });

  it('[b] create_uuid answers a bare uuid without LF; originate answers +OK <uuid>\\n', () => {
    expect(replyTo('b_api_commands', 'api create_uuid')).toMatchObject({ body: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) as unknown });
    expect(exchangesOf('b_api_commands').find((exchange) => exchange.command.startsWith('api originate'))?.reply).toMatchObject({ body: '+OK a7ac3071-57a6-4681-8f96-0e20f77429ef\n' });
  });

  it.each([
    ['a1_auth_wrong_password', 'auth NotThePassword', '-ERR invalid'],
    ['a2_command_before_auth_then_auth_ok', 'api status', '-ERR command not found'],
    ['a2_command_before_auth_then_auth_ok', 'auth ClueCon', '+OK accepted'],
    ['a2_command_before_auth_then_auth_ok', 'exit', '+OK bye'],
    ['b_api_commands', 'api', '-ERR command not found'],
    ['c1_event_subscription_commands', 'event plain ALL', '+OK event listener enabled plain'],
    ['c1_event_subscription_commands', 'event json ALL', '+OK event listener enabled json'],
    ['c1_event_subscription_commands', 'event xml CHANNEL_CREATE CHANNEL_DESTROY', '+OK event listener enabled xml'],
    ['c1_event_subscription_commands', 'event bogusformat ALL', '+OK event listener enabled plain'],
    ['c1_event_subscription_commands', 'event plain', '-ERR no keywords supplied'],
    ['c1_event_subscription_commands', 'filter Event-Name CHANNEL_CREATE', '+OK filter added. [Event-Name]=[CHANNEL_CREATE]'],
    ['c1_event_subscription_commands', 'filter delete Event-Name NO_SUCH_FILTER', '+OK filter deleted. [Event-Name][NO_SUCH_FILTER]'],
    ['c1_event_subscription_commands', 'nixevent CHANNEL_CREATE', '+OK events nixed'],
    ['c2_log_linger_exit', 'log 7', '+OK log level 7 [7]'],
    ['c2_log_linger_exit', 'log bogus', '-ERR invalid log level'],
    ['c2_log_linger_exit', 'linger', '-ERR not controlling a session'],
    ['c2_log_linger_exit', 'divert_events on', '-ERR not controlling a session.'],
    ['c5_myevents_unknown_uuid_quirk', 'myevents 00000000-0000-0000-0000-000000000000 json', '-ERR invalid uuid'],
    ['c5_myevents_unknown_uuid_quirk', 'myevents 00000000-0000-0000-0000-000000000000', '+OK Events Enabled'],
    ['c6_myevents_linger', 'linger 3', '+OK will linger 3 seconds'],
    ['c6_myevents_linger', 'nolinger', '+OK will not linger'],
    ['c6_myevents_linger', 'linger', '+OK will linger'],
    ['f_sendmsg_call_control', 'sendmsg 00000000-0000-0000-0000-000000000000', '-ERR invalid session id [00000000-0000-0000-0000-000000000000]'],
    ['h_controller_misc', 'bgapi status', '+OK Job-UUID: 7f4db78a-3f41-4b7e-8e8c-000000000001'],
  ])('[%s] %s -> %j', (name, command, replyText) => {
    expect(replyTo(name, command)).toMatchObject({ kind: 'command-reply', replyText, ok: replyText.startsWith('+') });
  });

  it('[c1] the second noevents is refused; the second myevents is refused (sic) [c3]', () => {
    const noevents = exchangesOf('c1_event_subscription_commands').filter((exchange) => exchange.command === 'noevents').map((exchange) => exchange.reply);
    expect(noevents.slice(0, 2)).toMatchObject([{ replyText: '+OK no longer listening for events' }, { replyText: '-ERR not listening for events' }]);
    const myevents = exchangesOf('c3_myevents_uuid_plain').filter((exchange) => exchange.command.startsWith('myevents')).map((exchange) => exchange.reply);
    expect(myevents).toMatchObject([{ replyText: '+OK Events Enabled' }, { replyText: '-ERR aready enabled.' }]);
  });

  it('[h] bgapi replies carry the Job-UUID twice: in Reply-Text and as a header', () => {
    expect(replyTo('h_controller_misc', 'bgapi status')).toMatchObject({ headers: { 'Job-UUID': '7f4db78a-3f41-4b7e-8e8c-000000000001' } });
  });

  it('[h] two commands pipelined in one write get their replies in order', () => {
    expect(replyTo('h_controller_misc', 'api version')).toMatchObject({ body: expect.stringMatching(/^FreeSWITCH Version 1\.10\.12/) as unknown });
    expect(replyTo('h_controller_misc', 'api show channels count')).toMatchObject({ body: '\n0 total.\n' });
  });
});

describe('decoding › events in the three formats', () => {
  it.each([
    ['d1_bgapi_originate_answer_play_plain_ALL', 'plain', '+OK 94f34335-d78d-405e-9652-d92197a40b87\n'],
    ['d2_bgapi_originate_answer_play_json_ALL', 'json', '+OK 2daa8f65-0923-4a54-b4b1-8aca61513f72\n'],
  ])('BACKGROUND_JOB in %s has its result as the event body', (name, format, body) => {
    const job = eventsOf(name).find((event) => event.name === 'BACKGROUND_JOB');
    expect(job).toMatchObject({ format, body });
    expect(job?.headers.get('Job-Command')).toBe('originate');
    expect(job?.headers.get('Job-Command-Arg')).toMatch(/^\{origination_uuid=[0-9a-f-]{36},ringpace_attempt_id=att-d[12]-0001,.*\}loopback\/answer_play\/ringpace-test &playback\(/);
  });

  it('BACKGROUND_JOB in all three formats decodes to the same shape [c1]', () => {
    const jobs = eventsOf('c1_event_subscription_commands').filter((event) => event.name === 'BACKGROUND_JOB');
    expect(jobs.map((job) => job.format)).toEqual(['plain', 'json', 'xml']);
    for (const job of jobs) {
      expect(job.body).toMatch(/^\+OK [0-9a-f-]{36}\n$/);
      expect(job.headers.get('Content-Length')).toBe('41');
      expect(job.headers.get('Job-Command-Arg')).toContain('}loopback/answer_hangup/ringpace-test &park()');
    }
  });

  it('plain and json deliver the same header names for the same call flow [d1, d2]', () => {
    const names = (file: string, eventName: string) => (eventsOf(file).find((event) => event.name === eventName)?.headers.names() ?? []).sort();
    for (const eventName of ['CHANNEL_ORIGINATE', 'CHANNEL_ANSWER', 'CHANNEL_HANGUP_COMPLETE', 'BACKGROUND_JOB']) {
      expect(names('d2_bgapi_originate_answer_play_json_ALL', eventName)).toEqual(names('d1_bgapi_originate_answer_play_plain_ALL', eventName));
    }
  });

  it('plain header values are URL-decoded, losing a literal %41 that FreeSWITCH passed through unencoded [h]', () => {
    const hangup = eventsOf('h_controller_misc').find((event) => event.name === 'CHANNEL_HANGUP_COMPLETE');
    // Set as `hello world=1&x=%41 café "q" <b>`; on the wire `hello%20world%3D1%26x%3D%41%20caf%C3%A9...`.
    expect(hangup?.headers.get('variable_ringpace_note')).toBe('hello world=1&x=A café "q" <b>');
  });

  it('the same value in a JSON body (uuid_dump json) is lossless [h]', () => {
    const dump = apiBodies('h_controller_misc').find((body) => body.startsWith('{"Event-Name":"CHANNEL_DATA"'));
    expect((JSON.parse(dump ?? '{}') as Record<string, string>).variable_ringpace_note).toBe('hello world=1&x=%41 café "q" <b>');
  });

  it('DTMF digits are URL-decoded (%23 is #) [f, k1]', () => {
    const digits = (name: string) => eventsOf(name).filter((event) => event.name === 'DTMF').map((event) => event.headers.get('DTMF-Digit'));
    expect(digits('f_sendmsg_call_control').join('')).toContain('1234#');
    expect(eventsOf('k1_gateway_answer_dtmf_plain').filter((event) => event.name === 'DTMF').map((event) => [event.headers.get('DTMF-Digit'), event.headers.get('DTMF-Source'), event.headers.get('DTMF-Duration')])).toEqual([
      ['1', 'RTP', '2080'],
      ['#', 'RTP', '2080'],
    ]);
  });

  it('CUSTOM events carry their subclass, decoded [g, h]', () => {
    expect(new Set(eventsOf('g_conference').filter((event) => event.name === 'CUSTOM').map((event) => event.subclass))).toEqual(new Set(['conference::maintenance']));
    const custom = eventsOf('h_controller_misc').find((event) => event.name === 'CUSTOM');
    expect(custom?.subclass).toBe('ringpace::test');
    expect(custom?.headers.get('X-Ringpace-Note')).toBe('hello world');
  });

  it('myevents <uuid> json still delivers plain events [c4]', () => {
    expect(eventsOf('c4_myevents_uuid_json').map((event) => [event.name, event.format])).toEqual([['CHANNEL_HANGUP', 'plain']]);
  });

  it('origination_uuid: CODEC events precede CHANNEL_UUID with the first uuid, which CHANNEL_UUID renames [d1]', () => {
    const events = eventsOf('d1_bgapi_originate_answer_play_plain_ALL');
    const renamed = events.find((event) => event.name === 'CHANNEL_UUID');
    expect(renamed?.uniqueId).toBe('94f34335-d78d-405e-9652-d92197a40b87');
    const oldUuid = renamed?.headers.get('Old-Unique-ID');
    expect(oldUuid).toMatch(/^[0-9a-f-]{36}$/);
    const before = events.slice(0, events.indexOf(renamed as EslEvent));
    expect(before.some((event) => event.name === 'CODEC' && event.uniqueId === oldUuid)).toBe(true);
    const aLeg = events.filter((event) => event.uniqueId === '94f34335-d78d-405e-9652-d92197a40b87');
    expect(aLeg.every((event) => event.headers.get('Channel-Call-UUID') === '94f34335-d78d-405e-9652-d92197a40b87')).toBe(true);
  });
});

describe('decoding › notices and logs', () => {
  it('a wrong password ends with a disconnect notice without disposition [a1]', () => {
    expect(framesOf('a1_auth_wrong_password').at(-1)).toMatchObject({
      kind: 'disconnect-notice',
      disposition: undefined,
      body: 'Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n',
    });
  });

  it('linger: a Content-Length 0 linger notice, events keep coming, then a disconnect notice [c6]', () => {
    const notices = framesOf('c6_myevents_linger').filter((frame) => frame.kind === 'disconnect-notice');
    expect(notices).toMatchObject([
      { disposition: 'linger', controlledSessionUuid: '187a6396-ba1f-4413-942b-3fd1ba782547', body: '', headers: { 'Linger-Time': '-1', 'Channel-Name': 'loopback/answer_park-a' } },
      { disposition: 'disconnect', controlledSessionUuid: '187a6396-ba1f-4413-942b-3fd1ba782547' },
    ]);
    const kinds = framesOf('c6_myevents_linger').map((frame) => (frame.kind === 'event' ? frame.event.name : frame.kind));
    const linger = kinds.indexOf('disconnect-notice');
    expect(kinds.slice(linger + 1, linger + 6)).toEqual(['CHANNEL_UNPARK', 'CHANNEL_EXECUTE_COMPLETE', 'CHANNEL_STATE', 'CHANNEL_STATE', 'CHANNEL_HANGUP_COMPLETE']);
    expect(kinds).not.toContain('CHANNEL_DESTROY');
  });

  it('myevents without linger: the server disconnects right after CHANNEL_HANGUP [c3]', () => {
    const kinds = framesOf('c3_myevents_uuid_plain').map((frame) => (frame.kind === 'event' ? frame.event.name : frame.kind));
    expect(kinds.slice(-2)).toEqual(['CHANNEL_HANGUP', 'disconnect-notice']);
  });

  it('log/data has its level and the log line as body [c2]', () => {
    expect(framesOf('c2_log_linger_exit').find((frame) => frame.kind === 'log-data')).toMatchObject({
      level: 6,
      headers: { 'Log-File': 'switch_time.c', 'User-Data': '' },
      body: expect.stringContaining('[INFO] switch_time.c:1436 Timezone reloaded 597 definitions') as unknown,
    });
  });
});
