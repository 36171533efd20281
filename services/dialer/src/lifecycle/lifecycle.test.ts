// Pause, stop with hang-up and completion, with a running dialer, a real database and NATS.
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEventPublisher, eventSubject, EventFamily, streamName } from '@ringpace/bus';
import { silentLogger } from '@ringpace/log';
import { CallOutcome, CampaignState, Event, OriginateStatus } from '@ringpace/proto';
import { hangup } from '../testing/fake-media.js';
import { eventually, startHarness, type Harness } from '../testing/harness.js';
import { seedCampaign } from '../testing/seed.js';
import { completeFinishedCampaigns } from './completion.js';
import type { DialerApp } from '../app.js';

describe('campaign life cycle in the dialer', () => {
  let h: Harness;
  let app: DialerApp | undefined;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(async () => {
    await app?.stop(2_000);
    app = undefined;
    await h.database.db.prisma.campaign.updateMany({ where: { state: { in: ['running', 'paused'] } }, data: { state: 'stopped' } });
  });

  const prisma = () => h.database.db.prisma;
  const requestsFor = (campaignId: string) => h.media.requests.filter((r) => r.campaignId === campaignId);

  async function setState(campaignId: string, state: 'running' | 'paused' | 'stopped') {
    await prisma().campaign.update({ where: { id: campaignId }, data: { state, revision: { increment: 1 } } });
  }

  async function ticks(count: number) {
    const start = app!.dialLoop.ticks;
    await eventually(() => expect(app!.dialLoop.ticks).toBeGreaterThanOrEqual(start + count));
  }

  it('life cycle › a paused campaign starts no new call, its calls in progress finish, and resume picks up where it stopped', async () => {
    const seeded = await seedCampaign(prisma(), { now: h.clock.now(), contacts: 6, cps: 2 });
    h.media.script(() => ({ status: OriginateStatus.ACCEPTED }));
    app = await h.startDialer();
    await eventually(() => expect(requestsFor(seeded.campaignId)).toHaveLength(2));
    await setState(seeded.campaignId, 'paused');
    h.clock.advance(10_000);
    await ticks(5);
    expect(requestsFor(seeded.campaignId)).toHaveLength(2);
    // The calls already placed still end normally.
    const first = requestsFor(seeded.campaignId)[0]!;
    await h.media.publish(first.attemptId, first, [hangup(CallOutcome.CONFIRMED)]);
    await eventually(async () => expect((await prisma().contact.findUniqueOrThrow({ where: { id: first.contactId } })).state).toBe('confirmed'));

    await setState(seeded.campaignId, 'running');
    await eventually(() => expect(requestsFor(seeded.campaignId)).toHaveLength(4));
    const contacts = new Set(requestsFor(seeded.campaignId).map((r) => r.contactId));
    expect(contacts.size).toBe(4);
  });

  it('life cycle › a stop with hang-up sends a hangup op for every open call of the campaign', async () => {
    const seeded = await seedCampaign(prisma(), { now: h.clock.now(), contacts: 3 });
    h.media.script(() => ({ status: OriginateStatus.ACCEPTED }));
    app = await h.startDialer();
    await eventually(() => expect(requestsFor(seeded.campaignId)).toHaveLength(3));
    const campaign = await prisma().campaign.update({ where: { id: seeded.campaignId }, data: { state: 'stopped', revision: { increment: 1 } } });
    const publisher = createEventPublisher({ js: h.js, namespace: h.namespace });
    await publisher.publish({
      eventId: `stop-${seeded.campaignId}`,
      tenantId: seeded.tenantId,
      campaignId: seeded.campaignId,
      attemptId: '',
      sequence: campaign.revision,
      occurredAt: h.clock.now(),
      trace: undefined,
      payload: { $case: 'campaignStateChanged', value: { from: CampaignState.RUNNING, to: CampaignState.STOPPED, reason: 'stopped by operator, calls hung up', actor: 'operator', hangUpCalls: true } },
    });
    const attemptIds = requestsFor(seeded.campaignId).map((r) => r.attemptId).sort();
    await eventually(() => expect(h.media.ops.filter((op) => attemptIds.includes(op.callId))).toHaveLength(3));
    for (const op of h.media.ops.filter((o) => attemptIds.includes(o.callId))) {
      expect(op).toMatchObject({ tenantId: seeded.tenantId, actor: 'system:dialer', op: { $case: 'hangup' } });
    }
  });

  it('life cycle › a campaign whose contacts are all final completes once, with one event and one audit entry', async () => {
    const seeded = await seedCampaign(prisma(), { now: h.clock.now(), contacts: 2 });
    h.media.script(() => ({ status: OriginateStatus.ACCEPTED, steps: [hangup(CallOutcome.CONFIRMED)] }));
    app = await h.startDialer();
    await eventually(async () => expect((await prisma().campaign.findUniqueOrThrow({ where: { id: seeded.campaignId } })).state).toBe('completed'), 15_000);
    const campaign = await prisma().campaign.findUniqueOrThrow({ where: { id: seeded.campaignId } });
    expect(campaign.revision).toBe(2);
    // Racing completers after the fact change nothing.
    const outbox = { enqueue: () => Promise.reject(new Error('must not be called')), flush: () => Promise.resolve(0) };
    expect(await Promise.all([1, 2].map(() => completeFinishedCampaigns({ prisma: prisma(), clock: h.clock, outbox, log: silentLogger() })))).toEqual([[], []]);

    const audit = await prisma().auditLogEntry.findMany({ where: { entityId: seeded.campaignId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'system:dialer', action: 'campaign.state_changed', data: { from: CampaignState.RUNNING, to: CampaignState.COMPLETED } });
    const rows = await prisma().outboxEvent.findMany();
    const events = rows.map((row) => Event.decode(row.payload)).filter((event) => event.campaignId === seeded.campaignId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventId: audit[0]!.eventId,
      tenantId: seeded.tenantId,
      sequence: 2,
      payload: { $case: 'campaignStateChanged', value: { from: CampaignState.RUNNING, to: CampaignState.COMPLETED, actor: 'system:dialer', hangUpCalls: false } },
    });
    // Published to the campaign stream exactly once.
    const subject = eventSubject(h.namespace, events[0]!);
    const jsm = await jetstreamManager(h.nc);
    await eventually(async () => {
      const info = await jsm.streams.info(streamName(h.namespace, EventFamily.Campaign), { subjects_filter: subject });
      expect(info.state.subjects?.[subject]).toBe(1);
    });
  });
});
