// The notification call end to end through a real database and NATS, with a fake media node: claim,
// originate, call events, the contact's next state.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CallOutcome, OriginateStatus } from '@ringpace/proto';
import { applyCallEvent, applyCallEvents } from './calls/call-event-handler.js';
import { PlanStore } from './plans/campaign-plan.js';
import { eventually, startHarness, T0, type Harness } from './testing/harness.js';
import { hangup } from './testing/fake-media.js';
import { seedCampaign } from './testing/seed.js';

const MIN = 60_000;

describe('dialer › notification calls', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(async () => {
    // Each test stops what it started, so the next test's dialer sees only its own campaign.
    await h.database.db.prisma.campaign.updateMany({ where: { state: { in: ['running', 'paused'] } }, data: { state: 'stopped' } });
  });

  const prisma = () => h.database.db.prisma;

  async function contact(id: string) {
    return prisma().contact.findUniqueOrThrow({ where: { id } });
  }

  it('dialing › a confirmed call makes the contact confirmed, with the originate carrying the contact, flow and caller ID', async () => {
    const seeded = await seedCampaign(prisma(), { now: h.clock.now(), contacts: ['+8613812345678'], callerIds: ['+862161110000'] });
    h.media.script(() => ({ status: OriginateStatus.ACCEPTED, steps: [{ kind: 'ringing' }, { kind: 'answered' }, { kind: 'flowResult', result: 'confirmed' }, hangup(CallOutcome.CONFIRMED)] }));
    const app = await h.startDialer();
    try {
      const done = await eventually(async () => {
        const row = await contact(seeded.contactIds[0]!);
        expect(row.state).toBe('confirmed');
        return row;
      });
      expect(done.nextAttemptAt).toBeNull();
      const attempt = await prisma().attempt.findFirstOrThrow({ where: { contactId: seeded.contactIds[0]! } });
      expect(attempt).toMatchObject({ state: 'ended', outcome: 'confirmed', round: 1, flowResult: 'confirmed', nodeId: 'fs1', gateway: 'gw1', callerId: '+862161110000', claimedBy: 'pod-a' });
      expect(attempt.originatedAt).not.toBeNull();
      expect(attempt.answeredAt).not.toBeNull();
      expect(attempt.deadlineAt?.getTime()).toBe(T0 + 30_000 + 600_000);
      const request = h.media.requests.find((r) => r.attemptId === attempt.id);
      expect(request).toMatchObject({
        tenantId: seeded.tenantId,
        campaignId: seeded.campaignId,
        contactId: seeded.contactIds[0],
        fencingToken: Number(attempt.fencingToken),
        destination: '+8613812345678',
        callerId: '+862161110000',
        gateway: 'gw1',
        ringTimeoutMs: 30_000,
        flowId: seeded.flowId,
        flowVersion: 1,
        timezone: 'Asia/Shanghai',
        contactFields: { phone: '+8613812345678', name: 'Callee 1', amount: '42.00', due: '2026-12-01' },
      });
      const histogram = await app.metrics.claimToOriginateSeconds.get();
      expect(histogram.values.find((v) => v.metricName === 'ringpace_dialer_claim_to_originate_seconds_count')?.value).toBeGreaterThanOrEqual(1);
    } finally {
      await app.stop(2_000);
    }
  });

  it('dialing › a busy callee is pending again at the time the retry policy gives', async () => {
    const seeded = await seedCampaign(prisma(), { now: h.clock.now(), contacts: ['+8613812340001'], retryPolicy: { rules: { busy: { retry: true, delayMinutes: 7 } } } });
    h.media.script(() => ({ status: OriginateStatus.ACCEPTED, steps: [hangup(CallOutcome.BUSY, 'USER_BUSY')] }));
    const app = await h.startDialer();
    try {
      const row = await eventually(async () => {
        const current = await contact(seeded.contactIds[0]!);
        expect(current.state).toBe('pending');
        expect(current.attemptCount).toBe(1);
        return current;
      });
      expect(row.nextAttemptAt?.getTime()).toBe(h.clock.nowMs() + 7 * MIN);
      const attempt = await prisma().attempt.findFirstOrThrow({ where: { contactId: seeded.contactIds[0]! } });
      expect(attempt).toMatchObject({ state: 'ended', outcome: 'busy', hangupCause: 'USER_BUSY' });
    } finally {
      await app.stop(2_000);
    }
  });

  it('dialing › an invalid number ends the contact as invalid', async () => {
    const seeded = await seedCampaign(prisma(), { now: h.clock.now(), contacts: ['+8613812340002'] });
    h.media.script(() => ({ status: OriginateStatus.ACCEPTED, steps: [hangup(CallOutcome.INVALID_NUMBER, 'UNALLOCATED_NUMBER')] }));
    const app = await h.startDialer();
    try {
      await eventually(async () => expect((await contact(seeded.contactIds[0]!)).state).toBe('invalid'));
      expect((await prisma().attempt.findFirstOrThrow({ where: { contactId: seeded.contactIds[0]! } })).outcome).toBe('invalid_number');
    } finally {
      await app.stop(2_000);
    }
  });

  it('dialing › outside the calling window nobody is dialed and the contact waits for the next opening', async () => {
    // 17:00 in Shanghai; the window is 09:00–12:00 local, so the next opening is tomorrow 09:00 (01:00 UTC).
    const morning = [{ start: '09:00', end: '12:00' }];
    const seeded = await seedCampaign(prisma(), {
      now: h.clock.now(),
      contacts: ['+8613812340003'],
      windows: { mon: morning, tue: morning, wed: morning, thu: morning, fri: morning, sat: morning, sun: morning },
    });
    const before = h.media.requests.length;
    const app = await h.startDialer();
    try {
      const row = await eventually(async () => {
        const current = await contact(seeded.contactIds[0]!);
        expect(current.nextAttemptAt).not.toBeNull();
        return current;
      });
      expect(row.state).toBe('pending');
      expect(row.attemptCount).toBe(0);
      expect(row.nextAttemptAt?.toISOString()).toBe('2026-11-25T01:00:00.000Z');
      expect(h.media.requests.length).toBe(before);
      expect(await prisma().attempt.count({ where: { contactId: seeded.contactIds[0]! } })).toBe(0);
    } finally {
      await app.stop(2_000);
    }
  });

  it('dialing › on a tenant holiday in the callee\'s calendar nobody is dialed until the day after', async () => {
    const seeded = await seedCampaign(prisma(), { now: h.clock.now(), contacts: ['+8613812340009'] });
    // 24 November in Shanghai; all-day windows, so the next opening is midnight local (16:00 UTC).
    await prisma().tenantHoliday.create({ data: { tenantId: seeded.tenantId, date: '2026-11-24', name: 'founding day' } });
    const before = h.media.requests.length;
    const app = await h.startDialer();
    try {
      const row = await eventually(async () => {
        const current = await contact(seeded.contactIds[0]!);
        expect(current.nextAttemptAt).not.toBeNull();
        return current;
      });
      expect(row).toMatchObject({ state: 'pending', attemptCount: 0 });
      expect(row.nextAttemptAt?.toISOString()).toBe('2026-11-24T16:00:00.000Z');
      expect(h.media.requests.length).toBe(before);
    } finally {
      await app.stop(2_000);
    }
  });

  it('dialing › a number blacklisted after the import is blocked at dial time, not dialed', async () => {
    const seeded = await seedCampaign(prisma(), { now: h.clock.now(), contacts: ['+8613812340004', '+8613812340005'] });
    await prisma().blacklistEntry.create({ data: { tenantId: seeded.tenantId, phoneE164: '+8613812340004', createdAt: h.clock.now() } });
    // An expired entry no longer blocks.
    await prisma().blacklistEntry.create({ data: { tenantId: seeded.tenantId, phoneE164: '+8613812340005', createdAt: h.clock.now(), expiresAt: new Date(T0 - MIN) } });
    h.media.script(() => ({ status: OriginateStatus.ACCEPTED, steps: [hangup(CallOutcome.CONFIRMED)] }));
    const app = await h.startDialer();
    try {
      await eventually(async () => {
        expect((await contact(seeded.contactIds[0]!)).state).toBe('blocked');
        expect((await contact(seeded.contactIds[1]!)).state).toBe('confirmed');
      });
      expect(h.media.requests.some((r) => r.destination === '+8613812340004')).toBe(false);
    } finally {
      await app.stop(2_000);
    }
  });

  it('dialing › a refused originate removes the attempt and the contact is due again after a backoff', async () => {
    const seeded = await seedCampaign(prisma(), { now: h.clock.now(), contacts: ['+8613812340006'] });
    h.media.script(() => ({ status: OriginateStatus.CAPACITY_EXHAUSTED }));
    const app = await h.startDialer();
    try {
      const row = await eventually(async () => {
        const current = await contact(seeded.contactIds[0]!);
        expect(current.state).toBe('pending');
        expect(current.nextAttemptAt).not.toBeNull();
        return current;
      });
      expect(row.attemptCount).toBe(0);
      expect(row.nextAttemptAt?.getTime()).toBe(h.clock.nowMs() + 30_000);
      expect(await prisma().attempt.count({ where: { contactId: seeded.contactIds[0]! } })).toBe(0);
    } finally {
      await app.stop(2_000);
    }
  });

  it('dialing › an attempt past its deadline without a final event is lost and the contact retried as a new round', async () => {
    const seeded = await seedCampaign(prisma(), { now: h.clock.now(), contacts: ['+8613812340007'] });
    h.media.script(() => ({ status: OriginateStatus.ACCEPTED }));
    const app = await h.startDialer();
    try {
      const attempt = await eventually(async () => {
        const row = await prisma().attempt.findFirstOrThrow({ where: { contactId: seeded.contactIds[0]! } });
        expect(row.originatedAt).not.toBeNull();
        return row;
      });
      h.clock.set(attempt.deadlineAt!.getTime());
      const row = await eventually(async () => {
        const current = await contact(seeded.contactIds[0]!);
        expect(current.state).toBe('pending');
        return current;
      });
      // The default policy retries a network failure after 5 minutes.
      expect(row.nextAttemptAt?.getTime()).toBe(attempt.deadlineAt!.getTime() + 5 * MIN);
      expect(await prisma().attempt.findUniqueOrThrow({ where: { id: attempt.id } })).toMatchObject({ state: 'lost', outcome: 'lost' });
      // Round 1 is never dialed again: the next claim is round 2.
      h.clock.set(row.nextAttemptAt!);
      await eventually(async () => expect(await prisma().attempt.count({ where: { contactId: seeded.contactIds[0]! } })).toBe(2));
      const rounds = (await prisma().attempt.findMany({ where: { contactId: seeded.contactIds[0]! }, orderBy: { round: 'asc' } })).map((a) => a.round);
      expect(rounds).toEqual([1, 2]);
    } finally {
      await app.stop(2_000);
    }
  });

  describe('call events', () => {
    it('call events › a late hangup with an old fencing token changes nothing, and a redelivered event changes nothing', async () => {
      const seeded = await seedCampaign(prisma(), { now: h.clock.now(), contacts: ['+8613812340008'] });
      h.media.script(() => ({ status: OriginateStatus.ACCEPTED }));
      const app = await h.startDialer();
      let attemptId: string;
      let token: bigint;
      try {
        const attempt = await eventually(async () => {
          const row = await prisma().attempt.findFirstOrThrow({ where: { contactId: seeded.contactIds[0]! } });
          expect(row.originatedAt).not.toBeNull();
          return row;
        });
        attemptId = attempt.id;
        token = attempt.fencingToken;
      } finally {
        await app.stop(2_000);
      }
      const deps = { pool: h.database.db.pool, clock: h.clock, plans: new PlanStore(), consumer: 'test_consumer' };
      const hangupEvent = (eventId: string, fencingToken: number, outcome: CallOutcome) => ({
        eventId,
        tenantId: seeded.tenantId,
        campaignId: seeded.campaignId,
        attemptId,
        sequence: 9,
        occurredAt: h.clock.now(),
        trace: undefined,
        payload: { $case: 'callHangup' as const, value: { hangupCause: 'NORMAL_CLEARING', outcome, billsecMs: 0, durationMs: 0, sipStatusCode: 0, fencingToken } },
      });
      const stale = await applyCallEvent(deps, hangupEvent(`${attemptId}:stale`, Number(token) - 1, CallOutcome.CONFIRMED));
      expect(stale.kind).toBe('ignored');
      expect(await prisma().attempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({ state: 'dialing', outcome: null });

      const real = hangupEvent(`${attemptId}:9`, Number(token), CallOutcome.NO_ANSWER);
      expect((await applyCallEvent(deps, real)).kind).toBe('ended');
      const after = await contact(seeded.contactIds[0]!);
      expect(after.state).toBe('pending');
      expect((await applyCallEvent(deps, real)).kind).toBe('duplicate');
      expect(await contact(seeded.contactIds[0]!)).toEqual(after);
      // A different event ending the same attempt again (a late duplicate from media) changes nothing either.
      expect((await applyCallEvent(deps, hangupEvent(`${attemptId}:10`, Number(token), CallOutcome.CONFIRMED))).kind).toBe('ignored');
      expect(await contact(seeded.contactIds[0]!)).toEqual(after);
    });

    it('call events › one batch holding a hangup twice, its envelope naming no campaign, ends the attempt once by its own campaign\'s policy', async () => {
      const seeded = await seedCampaign(prisma(), { now: h.clock.now(), contacts: ['+8613812340009'] });
      h.media.script(() => ({ status: OriginateStatus.ACCEPTED }));
      const app = await h.startDialer();
      let attempt: { id: string; fencingToken: bigint };
      try {
        attempt = await eventually(async () => {
          const row = await prisma().attempt.findFirstOrThrow({ where: { contactId: seeded.contactIds[0]! } });
          expect(row.originatedAt).not.toBeNull();
          return row;
        });
      } finally {
        await app.stop(2_000);
      }
      const deps = { pool: h.database.db.pool, clock: h.clock, plans: new PlanStore(), consumer: 'test_consumer' };
      const hangup = {
        eventId: `${attempt.id}:9`,
        tenantId: seeded.tenantId,
        campaignId: "it's not a campaign id",
        attemptId: attempt.id,
        sequence: 9,
        occurredAt: h.clock.now(),
        trace: undefined,
        payload: { $case: 'callHangup' as const, value: { hangupCause: "O'BRIEN_CAUSE", outcome: CallOutcome.BUSY, billsecMs: 0, durationMs: 0, sipStatusCode: 486, fencingToken: Number(attempt.fencingToken) } },
      };
      const effects = await applyCallEvents(deps, [hangup, hangup]);
      expect(effects.map((effect) => effect.kind)).toEqual(['ended', 'duplicate']);
      expect(await prisma().attempt.findUniqueOrThrow({ where: { id: attempt.id } })).toMatchObject({ state: 'ended', outcome: 'busy', hangupCause: "O'BRIEN_CAUSE", sipStatus: 486 });
      // The seeded policy retries a busy callee: the contact is pending again, at a later time.
      const after = await contact(seeded.contactIds[0]!);
      expect(after.state).toBe('pending');
      expect(after.nextAttemptAt!.getTime()).toBeGreaterThan(h.clock.nowMs());
    });
  });
});
