import { describe, expect, it } from 'vitest';
import { RawEslClient } from '../testing/raw-esl-client.js';
import { startFsSim } from './start-fs-sim.js';

const scenario = {
  node: { sessionsPerSecond: 1000 },
  gateways: [{ name: 'carrier', proxy: '192.0.2.10' }],
  callees: [{ match: '2001', calls: [{ behaviour: 'busy' as const }, { behaviour: 'answer' as const, ringMs: 200, hangupAfterMs: 200 }] }],
};

describe('fs-sim › placed calls', () => {
  it('placedCalls › lists every call through a gateway with its attempt id, nth call and simulated time', async () => {
    const sim = await startFsSim({ password: 'pw', scenario, speed: 50, recordCalls: true });
    const esl = await RawEslClient.authed(sim.port, 'pw');
    try {
      const before = sim.clock.nowMs();
      expect(await esl.api('originate {origination_uuid=a1,ringpace_attempt_id=a1}sofia/gateway/carrier/2001 &park()')).toBe('-ERR USER_BUSY\n');
      expect(await esl.api('originate {origination_uuid=a2,ringpace_attempt_id=a2}sofia/gateway/carrier/2001 &park()')).toBe('+OK a2\n');
      const placed = sim.placedCalls();
      expect(placed.map(({ number, nth, uuid, attemptId, gateway }) => ({ number, nth, uuid, attemptId, gateway }))).toEqual([
        { number: '2001', nth: 1, uuid: 'a1', attemptId: 'a1', gateway: 'carrier' },
        { number: '2001', nth: 2, uuid: 'a2', attemptId: 'a2', gateway: 'carrier' },
      ]);
      expect(placed[0]!.atMs).toBeGreaterThanOrEqual(before);
      expect(placed[1]!.atMs).toBeGreaterThanOrEqual(placed[0]!.atMs);
    } finally {
      esl.close();
      await sim.stop();
    }
  });

  it('placedCalls › stays empty unless asked for, so a long run does not grow without bound', async () => {
    const sim = await startFsSim({ password: 'pw', scenario, speed: 50 });
    const esl = await RawEslClient.authed(sim.port, 'pw');
    try {
      await esl.api('originate {origination_uuid=b1}sofia/gateway/carrier/2001 &park()');
      expect(sim.placedCalls()).toEqual([]);
    } finally {
      esl.close();
      await sim.stop();
    }
  });
});
