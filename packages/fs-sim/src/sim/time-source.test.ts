import { ManualClock } from '@ringpace/clock';
import { afterEach, describe, expect, it } from 'vitest';
import { RawEslClient } from '../testing/raw-esl-client.js';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { type FsSim, startFsSim } from './start-fs-sim.js';

const scenario: ScenarioInput = {
  gateways: [{ name: 'carrier', proxy: '192.0.2.10', latencyMs: 10 }],
  callees: [{ match: '1001', behaviour: 'answer', ringMs: 3000, hangupAfterMs: 60_000 }],
};

let sim: FsSim | undefined;
let client: RawEslClient | undefined;

afterEach(async () => {
  client?.close();
  await sim?.stop();
  sim = undefined;
});

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Moves a manual clock forward in 10 ms steps, letting the simulator's promise chains run after each. */
async function advance(clock: ManualClock, ms: number): Promise<void> {
  for (let done = 0; done < ms; done += 10) {
    clock.advance(10);
    await tick();
  }
}

describe('fs-sim › time comes from the clock it is given', () => {
  it('a ManualClock › nothing happens until time is advanced, then the call answers and ends on schedule', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 24, 9, 0, 0));
    sim = await startFsSim({ password: 'pw', scenario, clock });
    client = await RawEslClient.authed(sim.port, 'pw');
    await client.command('event plain CHANNEL_ANSWER CHANNEL_DESTROY');
    const reply = await client.command('bgapi originate {origination_uuid=0c8b1e4a-2f0d-4a47-8a3e-5d7c9b1f0001}sofia/gateway/carrier/1001 &park()');
    expect(reply.headers.find(([name]) => name === 'Reply-Text')?.[1]).toMatch(/^\+OK Job-UUID: /);

    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.channels().map((channel) => channel.answered)).toEqual([false]);

    await advance(clock, 2900);
    expect(sim.channels()[0]!.answered).toBe(false);
    await advance(clock, 200);
    expect(sim.channels()[0]!.answered).toBe(true);
    const answer = await client.waitForEvent('CHANNEL_ANSWER');
    const ringMs = (Number(answer.headers.get('Caller-Channel-Answered-Time')) - Number(answer.headers.get('Caller-Channel-Created-Time'))) / 1000;
    expect(ringMs).toBe(3020); // the INVITE's 10 ms out, 3,000 ms of ringing, the 200 OK's 10 ms back
    expect(answer.headers.get('Event-Date-Timestamp')).toBe(String((Date.UTC(2026, 10, 24, 9, 0, 0) + 3020) * 1000));

    await advance(clock, 60_000);
    await client.waitForEvent('CHANNEL_DESTROY');
    expect(sim.channels()).toEqual([]);
  });

  it('speed 50 › a minute of ringing and talking takes about a second and a half', async () => {
    sim = await startFsSim({ password: 'pw', scenario, speed: 50 });
    client = await RawEslClient.authed(sim.port, 'pw');
    await client.command('event plain CHANNEL_DESTROY');
    const startedAt = Date.now();
    expect(await client.api('originate sofia/gateway/carrier/1001 &park()')).toMatch(/^\+OK /);
    await client.waitForEvent('CHANNEL_DESTROY', () => true, 0, 5000);
    const realMs = Date.now() - startedAt;
    expect(realMs).toBeGreaterThanOrEqual(1200);
    expect(realMs).toBeLessThan(3000);
  });

  it('a seed › the same seed gives the same uuids and outcomes, another seed other uuids', async () => {
    const run = async (seed: number): Promise<string[]> => {
      const s = await startFsSim({
        password: 'pw',
        speed: 50,
        seed,
        scenario: { ...scenario, callees: [{ match: '2*', mix: [{ behaviour: 'busy', weight: 1 }, { behaviour: 'answer', weight: 1, ringMs: [100, 900] }] }] },
      });
      const esl = await RawEslClient.authed(s.port, 'pw');
      const replies: string[] = [];
      for (const number of ['2001', '2002', '2003', '2001']) replies.push(await esl.api(`originate sofia/gateway/carrier/${number} &park()`));
      replies.push(await esl.api('create_uuid'));
      esl.close();
      await s.stop();
      return replies;
    };
    const first = await run(5);
    expect(await run(5)).toEqual(first);
    expect((await run(6)).at(-1)).not.toBe(first.at(-1));
  });
});
