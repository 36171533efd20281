import { jetstream } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Buckets, bucketName, openBucket } from '@ringpace/bus';
import { CallOutcome, OriginateStatus } from '@ringpace/proto';
import type { NodeHealth } from './node/media-node.js';
import { Callee, startHarness, type Harness } from './test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('node health and drain', () => {
  it('health › the node writes its connection and channel count to the NodeHealth bucket', async () => {
    const bucket = await openBucket<NodeHealth>(jetstream(h.nc), bucketName(h.namespace, Buckets.NodeHealth), { ttlMs: 60_000 });
    const item = await bucket.get('fs1');
    expect(item?.value).toMatchObject({ connected: true, draining: false });
    expect(typeof item?.value.channels).toBe('number');
    const text = await h.app.metrics.registry.metrics();
    expect(text).toContain('ringpace_media_channels{node="fs1"}');
    expect(text).toContain('# TYPE ringpace_media_answer_to_prompt_seconds histogram');
    expect(text).toContain('# TYPE ringpace_media_call_events_published_total counter');
  });

  it('drain › SIGTERM refuses new originates, hangs up what is left at the deadline and publishes its outcome', async () => {
    const live = h.request({ destination: Callee.Silent });
    expect((await h.originate(live)).status).toBe(OriginateStatus.ACCEPTED);
    await h.waitFor('the answer', () => h.eventsOf(live.attemptId).some((event) => event.payload?.$case === 'callAnswered'));

    const stopping = h.app.stop(300);
    const refused = await h.originate(h.request({ destination: Callee.Confirms }));
    expect(refused.status).toBe(OriginateStatus.NODE_UNAVAILABLE);
    expect(refused.detail).toContain('draining');
    expect(await stopping).toEqual({ drained: false });

    const hangups = h.eventsOf(live.attemptId).filter((event) => event.payload?.$case === 'callHangup');
    expect(hangups).toHaveLength(1);
    const payload = hangups[0]!.payload;
    expect(payload?.$case === 'callHangup' && payload.value).toMatchObject({ outcome: CallOutcome.ANSWERED, hangupCause: 'MANAGER_REQUEST' });
  });
});
