import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { eventSubject } from '@ringpace/bus';
import { SpanKind } from '@ringpace/telemetry';
import { CreateCampaignRequest, Event } from '@ringpace/proto';
import { CAMPAIGN_SERVICE_NAME } from './server.js';
import { startHarness, type Harness } from './test-harness.js';

let harness: Harness;
let tenant: Awaited<ReturnType<Harness['tenant']>>;

beforeAll(async () => {
  harness = await startHarness();
  tenant = await harness.tenant('tenant-events');
});
afterAll(() => harness.close());

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const request = (name: string): CreateCampaignRequest => ({
  ...CreateCampaignRequest.fromPartial({}),
  name,
  defaultRegion: 'US',
  timezone: 'America/New_York',
});

describe('campaign service › events', () => {
  it('campaign.created › is published on JetStream and lands in the audit log once', async () => {
    const { campaign } = await tenant.client.createCampaign(request('published'));
    const rows = await eventually(
      () => harness.database.db.prisma.auditLogEntry.findMany({ where: { entityId: campaign!.id } }),
      (found) => found.length > 0,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tenantId: tenant.id, action: 'campaign.created', entity: 'campaign', actor: `api-key:${tenant.apiKeyId}` });
  });

  it('trace › the span of the consumer handling the event descends from the gRPC handler span, through its publish span', async () => {
    harness.spans.reset();
    const { campaign } = await tenant.client.createCampaign(request('traced'));
    const spans = await eventually(
      () => Promise.resolve(harness.spans.getFinishedSpans()),
      (found) => found.some((span) => span.kind === SpanKind.CONSUMER && span.attributes['messaging.message.id'] !== undefined && span.parentSpanContext !== undefined),
    );
    const server = spans.find((span) => span.kind === SpanKind.SERVER && span.name === `${CAMPAIGN_SERVICE_NAME}/CreateCampaign`);
    const publish = spans.find((span) => span.kind === SpanKind.PRODUCER);
    const consumer = spans.find((span) => span.kind === SpanKind.CONSUMER);
    expect(server && publish && consumer).toBeTruthy();
    // The publish span is started inside the gRPC handler; the consumer's parent is that span.
    expect(publish!.parentSpanContext?.spanId).toBe(server!.spanContext().spanId);
    expect(consumer!.parentSpanContext?.spanId).toBe(publish!.spanContext().spanId);
    expect(consumer!.spanContext().traceId).toBe(server!.spanContext().traceId);
    expect(campaign!.id).toBeTruthy();
  });

  it('replay › the same JetStream message delivered twice changes nothing', async () => {
    const { campaign } = await tenant.client.createCampaign(request('replayed'));
    const before = await eventually(
      () => harness.database.db.prisma.auditLogEntry.findMany({ where: { entityId: campaign!.id } }),
      (found) => found.length === 1,
    );
    expect(before).toHaveLength(1);
    // Read the stored message back and put the very same bytes on the stream again, under another
    // Nats-Msg-Id so JetStream's own dedupe cannot hide it: the consumer sees the event a second time.
    const js = jetstream(harness.nc);
    const created = before[0]!;
    const replay: Event = {
      eventId: created.eventId,
      tenantId: tenant.id,
      campaignId: campaign!.id,
      attemptId: '',
      sequence: 1,
      occurredAt: created.occurredAt,
      trace: undefined,
      payload: { $case: 'campaignCreated', value: { campaign, actor: created.actor } },
    };
    const subject = eventSubject(harness.namespace, replay);
    const acks = await Promise.all([1, 2].map((n) => js.publish(subject, Event.encode(replay).finish(), { msgID: `replay-${created.eventId}-${n}` })));
    expect(acks.every((ack) => !ack.duplicate)).toBe(true);
    // Wait until the consumer has seen both replays (its ack floor passes their sequence numbers).
    const lastSeq = Math.max(...acks.map((ack) => ack.seq));
    const jsm = await jetstreamManager(harness.nc);
    const info = await eventually(
      () => jsm.consumers.info(acks[0]!.stream, 'campaign_audit'),
      (current) => current.ack_floor.stream_seq >= lastSeq,
    );
    // Handled (acked) the first time each was delivered: the duplicate was not an error to retry.
    expect(info.ack_floor.stream_seq).toBeGreaterThanOrEqual(lastSeq);
    expect(info.num_redelivered).toBe(0);
    const after = await harness.database.db.prisma.auditLogEntry.findMany({ where: { entityId: campaign!.id } });
    expect(after).toEqual(before);
  });

  it('retry › CreateCampaign retried with its request_id publishes an event JetStream stores once', async () => {
    const requestId = 'retry-events-1';
    const first = await tenant.client.createCampaign({ ...request('retried'), requestId });
    await tenant.client.createCampaign({ ...request('retried'), requestId });
    const rows = await eventually(
      () => harness.database.db.prisma.auditLogEntry.findMany({ where: { entityId: first.campaign!.id } }),
      (found) => found.length > 0,
    );
    expect(rows).toHaveLength(1);
  });
});
