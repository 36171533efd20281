import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawEslClient, type RawEvent } from '../testing/raw-esl-client.js';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { type FsSim, startFsSim } from './start-fs-sim.js';

// Every callee behaviour of the scenario file, end to end through `originate sofia/gateway/...`, at 20x speed.
const scenario: ScenarioInput = {
  node: { sessionsPerSecond: 1000 },
  gateways: [{ name: 'carrier', proxy: '192.0.2.10' }],
  media: { files: { 'message.wav': 10_000 } },
  callees: [
    { match: '2001', behaviour: 'answer', ringMs: 1000, hangupAfterMs: 2000 },
    { match: '2002', behaviour: 'busy', ringMs: 500 },
    { match: '2003', behaviour: 'no-answer', giveUpAfterMs: 3000 },
    { match: '2004', behaviour: 'no-answer' },
    { match: '2005', behaviour: 'unallocated' },
    { match: '2006', behaviour: 'rejected' },
    { match: '2007', behaviour: 'network-failure' },
    { match: '2008', behaviour: 'early-media', earlyMediaMs: 2000 },
    { match: '2009', behaviour: 'answering-machine', ringMs: 2000, hangupAfterMs: 20_000 },
    { match: '2010', behaviour: 'hangup-mid-message', ringMs: 500, hangupAfterMs: 3000 },
    { match: '2011', behaviour: 'answer', ringMs: 500, dtmf: [{ afterMs: 1000, digits: '12' }, { afterMs: 4000, digits: '#' }] },
    { match: '2012', behaviour: 'script', steps: [{ do: 'ring' }, { do: 'wait', ms: 1000 }, { do: 'answer' }, { do: 'wait', ms: 500 }, { do: 'dtmf', digits: '9' }, { do: 'wait', ms: 1000 }, { do: 'hangup', cause: 'NORMAL_CLEARING' }] },
    { match: '2013', behaviour: 'busy', status: 486, q850: 21 },
    { match: '21*', mix: [{ behaviour: 'busy', weight: 1 }, { behaviour: 'rejected', weight: 1 }] },
  ],
  otherwise: { behaviour: 'unallocated' },
};

let sim: FsSim;
let esl: RawEslClient;

beforeAll(async () => {
  sim = await startFsSim({ password: 'pw', scenario, speed: 20, seed: 7 });
  esl = await RawEslClient.authed(sim.port, 'pw');
  await esl.command('event plain ALL');
});
afterAll(async () => {
  esl.close();
  await sim.stop();
});

async function eventsUntilDestroyed(uuid: string): Promise<RawEvent[]> {
  await esl.waitForEvent('CHANNEL_DESTROY', (event) => event.headers.get('Unique-ID') === uuid, 0, 10_000);
  return esl.events().filter((event) => event.headers.get('Unique-ID') === uuid);
}

function names(events: RawEvent[]): string[] {
  return events.map((event) => event.name);
}

function last(events: RawEvent[], name: string): RawEvent {
  return events.filter((event) => event.name === name).at(-1)!;
}

describe('fs-sim › callee behaviours, seen through originate and the events of the call', () => {
  it.each([
    // sofia_glue_sip_cause_to_freeswitch() maps the status; a Reason: Q.850 header wins over it.
    ['busy', '2002', '-ERR USER_BUSY\n', '486'],
    ['busy with a Q.850 Reason of 21', '2013', '-ERR CALL_REJECTED\n', '486'],
    ['no-answer that gives up (480, Q.850 19)', '2003', '-ERR NO_ANSWER\n', '480'],
    ['unallocated', '2005', '-ERR UNALLOCATED_NUMBER\n', '404'],
    ['rejected', '2006', '-ERR CALL_REJECTED\n', '603'],
    ['network-failure', '2007', '-ERR NORMAL_TEMPORARY_FAILURE\n', '503'],
    ['a number no entry matches (otherwise)', '3999', '-ERR UNALLOCATED_NUMBER\n', '404'],
  ])('%s › originate to %s answers %j, the hangup carries sip_term_status %s', async (_what, number, reply, status) => {
    const uuid = crypto.randomUUID();
    expect(await esl.api(`originate {origination_uuid=${uuid}}sofia/gateway/carrier/${number} &park()`)).toBe(reply);
    const events = await eventsUntilDestroyed(uuid);
    expect(names(events)).not.toContain('CHANNEL_ANSWER');
    expect(last(events, 'CHANNEL_HANGUP_COMPLETE').headers.get('variable_sip_term_status')).toBe(status);
    expect(last(events, 'CHANNEL_HANGUP_COMPLETE').headers.get('Hangup-Cause')).toBe(reply.slice(5, -1));
  });

  it('no-answer for ever › ends only at originate_timeout, with NO_ANSWER and no SIP status from the far end', async () => {
    const uuid = crypto.randomUUID();
    const startedAt = sim.clock.nowMs();
    expect(await esl.api(`originate {origination_uuid=${uuid},originate_timeout=5}sofia/gateway/carrier/2004 &park()`)).toBe('-ERR NO_ANSWER\n');
    expect(sim.clock.nowMs() - startedAt).toBeGreaterThanOrEqual(4000);
    const events = await eventsUntilDestroyed(uuid);
    expect(names(events)).toContain('CHANNEL_PROGRESS');
    expect(last(events, 'CHANNEL_HANGUP_COMPLETE').headers.get('variable_sip_term_status')).toBeUndefined();
  });

  it('answer › rings, answers after ringMs, the callee hangs up after hangupAfterMs (recv_bye)', async () => {
    const uuid = crypto.randomUUID();
    const startedAt = sim.clock.nowMs();
    expect(await esl.api(`originate {origination_uuid=${uuid}}sofia/gateway/carrier/2001 &park()`)).toBe(`+OK ${uuid}\n`);
    expect(sim.clock.nowMs() - startedAt).toBeGreaterThanOrEqual(1000);
    const events = await eventsUntilDestroyed(uuid);
    expect(names(events).filter((name) => ['CHANNEL_PROGRESS', 'CHANNEL_ANSWER', 'CHANNEL_HANGUP', 'CHANNEL_HANGUP_COMPLETE', 'CHANNEL_DESTROY'].includes(name)))
      .toEqual(['CHANNEL_PROGRESS', 'CHANNEL_ANSWER', 'CHANNEL_HANGUP', 'CHANNEL_HANGUP_COMPLETE', 'CHANNEL_DESTROY']);
    const complete = last(events, 'CHANNEL_HANGUP_COMPLETE');
    expect(complete.headers.get('variable_sip_hangup_disposition')).toBe('recv_bye');
    expect(complete.headers.get('Hangup-Cause')).toBe('NORMAL_CLEARING');
    const talkedMs = Number(complete.headers.get('variable_billmsec'));
    expect(talkedMs).toBeGreaterThanOrEqual(1900);
    expect(talkedMs).toBeLessThan(3000);
  });

  it('early-media › 183 with media, then the network\'s final status: the call never answers', async () => {
    const uuid = crypto.randomUUID();
    expect(await esl.api(`originate {origination_uuid=${uuid},ignore_early_media=true}sofia/gateway/carrier/2008 &park()`)).toBe('-ERR UNALLOCATED_NUMBER\n');
    const events = await eventsUntilDestroyed(uuid);
    expect(names(events)).toContain('CHANNEL_PROGRESS_MEDIA');
    expect(names(events)).not.toContain('CHANNEL_ANSWER');
  });

  it('answering-machine › answers late and talks for a long time, unless the caller hangs up', async () => {
    const uuid = crypto.randomUUID();
    const startedAt = sim.clock.nowMs();
    expect(await esl.api(`originate {origination_uuid=${uuid}}sofia/gateway/carrier/2009 &park()`)).toBe(`+OK ${uuid}\n`);
    expect(sim.clock.nowMs() - startedAt).toBeGreaterThanOrEqual(2000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sim.channels().find((channel) => channel.uuid === uuid)?.answered).toBe(true);
    expect(await esl.api(`uuid_kill ${uuid}`)).toBe('+OK\n');
    const complete = last(await eventsUntilDestroyed(uuid), 'CHANNEL_HANGUP_COMPLETE');
    expect(complete.headers.get('variable_sip_hangup_disposition')).toBe('send_bye');
  });

  it('hangup-mid-message › the callee hangs up while a message plays: PLAYBACK_STOP, then NORMAL_CLEARING from the far end', async () => {
    const uuid = crypto.randomUUID();
    expect(await esl.api(`originate {origination_uuid=${uuid}}sofia/gateway/carrier/2010 &playback(message.wav)`)).toBe(`+OK ${uuid}\n`);
    const events = await eventsUntilDestroyed(uuid);
    const order = names(events).filter((name) => ['PLAYBACK_START', 'PLAYBACK_STOP', 'CHANNEL_HANGUP'].includes(name));
    expect(order).toEqual(['PLAYBACK_START', 'CHANNEL_HANGUP', 'PLAYBACK_STOP']);
    const stop = last(events, 'PLAYBACK_STOP');
    // switch_ivr_play_file(): a hangup ends the loop with SWITCH_STATUS_FALSE, reported as "done"; only a
    // break (DTMF terminator, uuid_break) says "break".
    expect(stop.headers.get('Playback-Status')).toBe('done');
    expect(last(events, 'CHANNEL_HANGUP_COMPLETE').headers.get('variable_sip_hangup_disposition')).toBe('recv_bye');
  });

  it('a DTMF script › the digits arrive at their times after the answer, as RTP DTMF of 2080 samples', async () => {
    const uuid = crypto.randomUUID();
    await esl.api(`originate {origination_uuid=${uuid}}sofia/gateway/carrier/2011 &park()`);
    const answeredAt = sim.clock.nowMs();
    await esl.waitForEvent('DTMF', (event) => event.headers.get('Unique-ID') === uuid && event.headers.get('DTMF-Digit') === '#', 0, 10_000);
    const dtmf = esl.events().filter((event) => event.name === 'DTMF' && event.headers.get('Unique-ID') === uuid);
    expect(dtmf.map((event) => [event.headers.get('DTMF-Digit'), event.headers.get('DTMF-Duration'), event.headers.get('DTMF-Source')]))
      .toEqual([['1', '2080', 'RTP'], ['2', '2080', 'RTP'], ['#', '2080', 'RTP']]);
    expect(sim.clock.nowMs() - answeredAt).toBeGreaterThanOrEqual(3500);
    await esl.api(`uuid_kill ${uuid}`);
  });

  it('a script of steps › ring, answer, a digit, then the far end hangs up', async () => {
    const uuid = crypto.randomUUID();
    expect(await esl.api(`originate {origination_uuid=${uuid}}sofia/gateway/carrier/2012 &park()`)).toBe(`+OK ${uuid}\n`);
    const events = await eventsUntilDestroyed(uuid);
    expect(names(events).filter((name) => ['CHANNEL_ANSWER', 'DTMF', 'CHANNEL_HANGUP'].includes(name))).toEqual(['CHANNEL_ANSWER', 'DTMF', 'CHANNEL_HANGUP']);
  });

  it('a weighted mix › each call draws one of the behaviours, the same ones again for the same seed', async () => {
    const outcomes = async (): Promise<string[]> => {
      const s = await startFsSim({ password: 'pw', scenario, speed: 20, seed: 11 });
      const client = await RawEslClient.authed(s.port, 'pw');
      const replies: string[] = [];
      for (let n = 0; n < 12; n++) replies.push(await client.api(`originate sofia/gateway/carrier/21${String(n).padStart(2, '0')} &park()`));
      client.close();
      await s.stop();
      return replies;
    };
    const first = await outcomes();
    expect(new Set(first)).toEqual(new Set(['-ERR USER_BUSY\n', '-ERR CALL_REJECTED\n']));
    expect(await outcomes()).toEqual(first);
  });
});
