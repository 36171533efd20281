// The ESL client and the simulator were written apart (fs-sim has its own serializer): here they meet.
// A call through a gateway, a busy callee, reconciliation after the far end hung up, and a dropped
// connection the client recovers from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { EslClient, type EslEvent } from '@ringpace/esl';
import { startFsSim, type FsSim } from '@ringpace/fs-sim';
import { silentLogger } from '@ringpace/log';

let sim: FsSim;
let client: EslClient;
const events: EslEvent[] = [];

beforeAll(async () => {
  sim = await startFsSim({
    password: 'Secret-For-Tests',
    seed: 7,
    scenario: {
      gateways: [{ name: 'carrier', proxy: '127.0.0.1:5080', maxChannels: 10 }],
      callees: [
        { match: '8613800000001', behaviour: 'answer', ringMs: 50, hangupAfterMs: 400, dtmf: [{ afterMs: 100, digits: '#' }] },
        { match: '8613800000002', behaviour: 'busy', ringMs: 20 },
        { match: '8613800000003', behaviour: 'unallocated' },
      ],
    },
  });
  client = new EslClient({ host: sim.host, port: sim.port, password: 'Secret-For-Tests', logger: silentLogger(), commandTimeoutMs: 5_000, backoff: { initialDelayMs: 50, maxDelayMs: 200 } });
  client.onEvent((event) => events.push(event));
  await client.start(5_000);
});

afterAll(async () => {
  client.close();
  await sim.stop();
});

async function until<T>(find: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const eventOf = (uuid: string, name: string) => () => events.find((e) => e.name === name && e.headers.get('Unique-ID') === uuid);

describe('esl client against fs-sim', () => {
  it('a gateway call answers, sends #, hangs up; every event carries the attempt id', async () => {
    const uuid = randomUUID();
    const attemptId = randomUUID();
    const result = await client.originate(`{origination_uuid=${uuid},ringpace_attempt_id=${attemptId}}sofia/gateway/carrier/8613800000001`, '&park()');
    expect(result).toEqual({ ok: true, callUuid: uuid });
    const answer = await until(eventOf(uuid, 'CHANNEL_ANSWER'));
    expect(answer.headers.get('variable_ringpace_attempt_id')).toBe(attemptId);
    const dtmf = await until(eventOf(uuid, 'DTMF'));
    expect(dtmf.headers.get('DTMF-Digit')).toBe('#');
    const hangup = await until(eventOf(uuid, 'CHANNEL_HANGUP_COMPLETE'));
    expect(hangup.headers.get('Hangup-Cause')).toBe('NORMAL_CLEARING');
    const report = await client.reconcile([attemptId]);
    expect(report.gone).toContain(attemptId);
  });

  it.each([
    ['8613800000002', 'USER_BUSY'],
    ['8613800000003', 'UNALLOCATED_NUMBER'],
  ])('a failing callee %s is a value: %s', async (number, cause) => {
    const result = await client.originate(`{ringpace_attempt_id=${randomUUID()}}sofia/gateway/carrier/${number}`, '&park()');
    expect(result).toMatchObject({ ok: false, cause });
  });

  it('error/user_busy fails at once with USER_BUSY, as on a real node', async () => {
    expect(await client.originate('error/user_busy', '&park()')).toMatchObject({ ok: false, cause: 'USER_BUSY' });
  });

  it('a dropped connection is reconnected and commands work again', async () => {
    sim.fault.drop();
    await until(() => (client.connected ? undefined : true), 2_000).catch(() => true);
    await until(() => (client.connected ? true : undefined), 5_000);
    const status = await client.api('status');
    expect(status.ok).toBe(true);
    expect(status.body).toContain('UP');
  });
});
