import { afterEach, describe, expect, it } from 'vitest';
import { RawEslClient } from '../testing/raw-esl-client.js';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { type FsSim, startFsSim } from './start-fs-sim.js';

let sim: FsSim | undefined;
let client: RawEslClient | undefined;

afterEach(async () => {
  client?.close();
  await sim?.stop();
  sim = undefined;
});

async function connected(scenario: ScenarioInput): Promise<RawEslClient> {
  sim = await startFsSim({ password: 'pw', scenario });
  client = await RawEslClient.authed(sim.port, 'pw');
  return client;
}

/** Sends every originate as a bgapi at once and returns the BACKGROUND_JOB bodies, in the order sent. */
async function bgOriginates(esl: RawEslClient, dialStrings: string[]): Promise<string[]> {
  await esl.command('event plain BACKGROUND_JOB CHANNEL_HANGUP_COMPLETE');
  const jobs = await Promise.all(dialStrings.map(async (dial) => {
    const reply = await esl.command(`bgapi originate ${dial} &park()`);
    return reply.headers.find(([name]) => name === 'Job-UUID')![1];
  }));
  const results = await Promise.all(jobs.map((job) => esl.waitForEvent('BACKGROUND_JOB', (event) => event.headers.get('Job-UUID') === job)));
  return results.map((event) => event.body ?? '');
}

const answering = { match: '1*', behaviour: 'answer' as const, ringMs: 50 };
const ok = expect.stringMatching(/^\+OK [0-9a-f-]{36}\n$/) as unknown;

describe('fs-sim › limits', () => {
  it('gateway maxChannels › the carrier refuses the call beyond its capacity with 503: NORMAL_TEMPORARY_FAILURE, sip_term_status 503', async () => {
    const esl = await connected({
      node: { sessionsPerSecond: 100 },
      gateways: [{ name: 'carrier', proxy: '192.0.2.10', maxChannels: 2 }],
      callees: [answering],
    });
    const results = await bgOriginates(esl, ['sofia/gateway/carrier/1001', 'sofia/gateway/carrier/1002', '{origination_uuid=9a1f0a52-7a35-4f0e-9d8e-0d6f6c1d0003}sofia/gateway/carrier/1003']);
    expect(results).toEqual([ok, ok, '-ERR NORMAL_TEMPORARY_FAILURE\n']);
    // The leg was created and its INVITE refused: its hangup carries the carrier's status.
    const refused = await esl.waitForEvent('CHANNEL_HANGUP_COMPLETE', (event) => event.headers.get('Unique-ID') === '9a1f0a52-7a35-4f0e-9d8e-0d6f6c1d0003');
    expect([refused.headers.get('Hangup-Cause'), refused.headers.get('variable_sip_term_status')]).toEqual(['NORMAL_TEMPORARY_FAILURE', '503']);
    expect(sim!.channels().filter((channel) => channel.answered)).toHaveLength(2);
  });

  it('gateway maxChannels › capacity is given back when a call ends', async () => {
    const esl = await connected({
      node: { sessionsPerSecond: 100 },
      gateways: [{ name: 'carrier', proxy: '192.0.2.10', maxChannels: 1 }],
      callees: [answering],
    });
    const first = await esl.api('originate sofia/gateway/carrier/1001 &park()');
    expect(first).toMatch(/^\+OK /);
    expect(await esl.api('originate sofia/gateway/carrier/1002 &park()')).toBe('-ERR NORMAL_TEMPORARY_FAILURE\n');
    expect(await esl.api(`uuid_kill ${first.slice(4, 40)}`)).toBe('+OK\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await esl.api('originate sofia/gateway/carrier/1003 &park()')).toMatch(/^\+OK /);
  });

  it('gateway callsPerSecond › INVITEs beyond the rate in one second are refused, the next second admits again', async () => {
    const esl = await connected({
      node: { sessionsPerSecond: 100 },
      gateways: [{ name: 'carrier', proxy: '192.0.2.10', callsPerSecond: 2 }],
      callees: [answering],
    });
    // Start right after a second boundary so all three land in the same second.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (sim!.clock.nowMs() % 1000) + 5));
    const results = await bgOriginates(esl, ['sofia/gateway/carrier/1001', 'sofia/gateway/carrier/1002', 'sofia/gateway/carrier/1003']);
    expect(results.filter((body) => body === '-ERR NORMAL_TEMPORARY_FAILURE\n')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await esl.api('originate sofia/gateway/carrier/1004 &park()')).toMatch(/^\+OK /);
  });

  it('node sessions-per-second › N admits N - 1 sessions a second (switch_core_session_request_uuid), the rest fail with DESTINATION_OUT_OF_ORDER', async () => {
    const esl = await connected({
      node: { sessionsPerSecond: 3 },
      gateways: [{ name: 'carrier', proxy: '192.0.2.10' }],
      callees: [answering],
    });
    await new Promise((resolve) => setTimeout(resolve, 1000 - (sim!.clock.nowMs() % 1000) + 5));
    const results = await bgOriginates(esl, ['sofia/gateway/carrier/1001', 'sofia/gateway/carrier/1002', 'sofia/gateway/carrier/1003']);
    expect(results).toEqual([ok, ok, '-ERR DESTINATION_OUT_OF_ORDER\n']);
  });

  it('node max-sessions › a session beyond the limit fails with DESTINATION_OUT_OF_ORDER', async () => {
    const esl = await connected({
      node: { maxSessions: 1, sessionsPerSecond: 100 },
      gateways: [{ name: 'carrier', proxy: '192.0.2.10' }],
      callees: [answering],
    });
    expect(await esl.api('originate sofia/gateway/carrier/1001 &park()')).toMatch(/^\+OK /);
    expect(await esl.api('originate sofia/gateway/carrier/1002 &park()')).toBe('-ERR DESTINATION_OUT_OF_ORDER\n');
  });

  it('origination_uuid › a uuid already in use is refused (Duplicate UUID) and the live call is untouched', async () => {
    const esl = await connected({
      node: { sessionsPerSecond: 100 },
      gateways: [{ name: 'carrier', proxy: '192.0.2.10' }],
      callees: [answering],
    });
    const uuid = '5f0c1d1e-2b5a-4c44-9a55-3d2b7c9e0001';
    expect(await esl.api(`originate {origination_uuid=${uuid}}sofia/gateway/carrier/1001 &park()`)).toBe(`+OK ${uuid}\n`);
    expect(await esl.api(`originate {origination_uuid=${uuid}}sofia/gateway/carrier/1002 &park()`)).toBe('-ERR DESTINATION_OUT_OF_ORDER\n');
    expect(sim!.channels().map((channel) => [channel.uuid, channel.answered])).toEqual([[uuid, true]]);
  });
});
