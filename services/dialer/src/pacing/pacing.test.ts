// Pacing against a real database and a fake media node, one tick at a time: counts and order, never durations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequester } from '@ringpace/bus';
import { silentLogger } from '@ringpace/log';
import { CallOutcome, OriginateStatus } from '@ringpace/proto';
import { applyCallEvent } from '../calls/call-event-handler.js';
import { createDialerMetrics } from '../metrics.js';
import { PlanStore } from '../plans/campaign-plan.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { seedCampaign } from '../testing/seed.js';
import { DialLoop } from './dial-loop.js';
import { enabledTrunks, type Trunk } from './trunk.js';

describe('pacing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.media.script(() => ({ status: OriginateStatus.ACCEPTED }));
  });
  afterAll(async () => {
    await h.close();
  });

  async function loopFor(trunkIds: readonly string[]) {
    const trunks = (await enabledTrunks(h.database.db.prisma)).filter((t) => trunkIds.includes(t.id));
    const source = { held: (): readonly Trunk[] => trunks, isHeld: (id: string) => trunkIds.includes(id) };
    const plans = new PlanStore();
    const loop = new DialLoop({
      pool: h.database.db.pool,
      clock: h.clock,
      log: silentLogger(),
      plans,
      trunks: source,
      metrics: createDialerMetrics({ defaultMetrics: false }),
      originate: { pool: h.database.db.pool, requester: createRequester(h.nc), namespace: h.namespace, clock: h.clock, requestTimeoutMs: 2_000, ringTimeoutMs: 30_000, refusedRetryMs: 30_000 },
      podId: 'pod-a',
      ringTimeoutMs: 30_000,
      maxCallMs: 600_000,
      claimBatchMax: 50,
      recountIntervalMs: 60_000,
    });
    const tick = async (times = 1) => {
      for (let i = 0; i < times; i += 1) {
        await loop.tick();
        await loop.settle(5_000);
      }
    };
    return { loop, tick, plans };
  }

  const requestsFor = (campaignId: string) => h.media.requests.filter((r) => r.campaignId === campaignId);

  it('pacing › never more calls open on a trunk than it has channels; an ended call frees its channel', async () => {
    const seeded = await seedCampaign(h.database.db.prisma, { now: h.clock.now(), contacts: 10, channels: 3, cps: 100 });
    const { loop, tick, plans } = await loopFor(seeded.trunkIds);
    await tick(5);
    expect(requestsFor(seeded.campaignId)).toHaveLength(3);
    expect(await h.database.db.prisma.attempt.count({ where: { trunkId: seeded.trunkIds[0]!, state: { in: ['dialing', 'ringing', 'answered'] } } })).toBe(3);

    const first = requestsFor(seeded.campaignId)[0]!;
    const ended = await applyCallEvent(
      { pool: h.database.db.pool, clock: h.clock, plans, consumer: 'test' },
      { eventId: `${first.attemptId}:1`, tenantId: first.tenantId, campaignId: first.campaignId, attemptId: first.attemptId, sequence: 1, occurredAt: h.clock.now(), trace: undefined, payload: { $case: 'callHangup', value: { hangupCause: 'USER_BUSY', outcome: CallOutcome.BUSY, billsecMs: 0, durationMs: 0, sipStatusCode: 486, fencingToken: first.fencingToken } } },
    );
    expect(ended.kind).toBe('ended');
    if (ended.kind === 'ended') loop.attemptEnded(ended.attempt.trunkId);
    await tick(5);
    expect(requestsFor(seeded.campaignId)).toHaveLength(4);
    expect(loop.openCalls().get(seeded.trunkIds[0]!)).toBe(3);
  });

  it('pacing › the calls-per-second budget of a trunk is respected, counted per second of the clock', async () => {
    const seeded = await seedCampaign(h.database.db.prisma, { now: h.clock.now(), contacts: 20, channels: 100, cps: 4 });
    const { tick } = await loopFor(seeded.trunkIds);
    await tick(5);
    expect(requestsFor(seeded.campaignId)).toHaveLength(4);
    h.clock.advance(1_000);
    await tick(5);
    expect(requestsFor(seeded.campaignId)).toHaveLength(8);
    h.clock.advance(500);
    await tick(5);
    expect(requestsFor(seeded.campaignId)).toHaveLength(10);
  });

  it('pacing › two campaigns on one trunk share it, and a campaign limit holds', async () => {
    const first = await seedCampaign(h.database.db.prisma, { now: h.clock.now(), contacts: 10, channels: 6, cps: 100, maxConcurrentCalls: 2 });
    const second = await seedCampaign(h.database.db.prisma, { now: h.clock.now(), contacts: 10, reuse: first });
    const { tick } = await loopFor(first.trunkIds);
    await tick(5);
    expect(requestsFor(first.campaignId)).toHaveLength(2);
    expect(requestsFor(second.campaignId)).toHaveLength(4);
  });

  it('pacing › a tick spread over an interval dials the trunks in turn, the second one half the interval in', async () => {
    const seeded = await seedCampaign(h.database.db.prisma, { now: h.clock.now(), contacts: 10, trunks: 2, channels: 3, cps: 100 });
    const { loop } = await loopFor(seeded.trunkIds);
    const arrivals: Array<{ gateway: string; atMs: number }> = [];
    h.media.script((request) => {
      arrivals.push({ gateway: request.gateway, atMs: performance.now() });
      return { status: OriginateStatus.ACCEPTED };
    });
    try {
      const startedMs = performance.now();
      await loop.tick({ spreadMs: 400 });
      await loop.settle(5_000);
      // The trunks go in the order they are held (by id), each with its three channels' worth.
      const [first, second] = [arrivals[0]!.gateway, arrivals[3]!.gateway];
      expect(new Set([first, second])).toEqual(new Set(['gw1', 'gw2']));
      expect(arrivals.map((arrival) => arrival.gateway)).toEqual([first, first, first, second, second, second]);
      expect(arrivals[3]!.atMs - startedMs).toBeGreaterThanOrEqual(200);
    } finally {
      h.media.script(() => ({ status: OriginateStatus.ACCEPTED }));
    }
  });
});
