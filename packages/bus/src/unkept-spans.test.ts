// Trace context when telemetry is set up without an exporter (spans are not kept): the consumer and the
// requesters make no spans of their own, yet the sender's context still travels.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { CallOutcome, Event, OriginateReply, OriginateRequest, OriginateStatus } from '@ringpace/proto';
import { SpanKind, activeTraceId, inSpan, initTelemetry, spansAreKept } from '@ringpace/telemetry';
import {
  EventFamily,
  consume,
  createEventPublisher,
  createRequester,
  destroyNamespace,
  ensureDurableConsumer,
  ensureStreams,
  eventFilterSubject,
  mediaOriginateSubject,
  mediaQueueGroup,
  randomNamespace,
  startResponder,
  streamName,
} from './index.js';

const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const namespace = randomNamespace();
const telemetry = initTelemetry({ serviceName: 'bus-test-unkept' });
const tracer = telemetry.tracer();
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;

beforeAll(async () => {
  nc = await connect({ servers: natsUrl, timeout: 5_000 });
  jsm = await jetstreamManager(nc);
  js = jetstream(nc);
  await ensureStreams(jsm, namespace);
});

afterAll(async () => {
  await destroyNamespace(jsm, namespace);
  await nc.close();
  await telemetry.shutdown();
});

function hangup(campaignId: string): Event {
  return Event.create({
    eventId: randomUUID(),
    tenantId: 't1',
    campaignId,
    attemptId: randomUUID(),
    sequence: 1,
    payload: { $case: 'callHangup', value: { hangupCause: 'USER_BUSY', outcome: CallOutcome.BUSY } },
  });
}

/** Publishes one event from inside a span and returns that span's trace id and the trace id the handler ran in. */
async function traceSeenByHandler(campaignId: string, senderContext: boolean | undefined): Promise<{ sent: string; seen: string | undefined }> {
  const durable = `unkept_${campaignId}`;
  const stream = streamName(namespace, EventFamily.Call);
  await ensureDurableConsumer(jsm, { stream, durable, filterSubject: eventFilterSubject(namespace, EventFamily.Call, { campaignId }) });
  const seen: Array<string | undefined> = [];
  const controller = new AbortController();
  const loop = consume({
    js,
    stream,
    durable,
    signal: controller.signal,
    fetchExpiresMs: 1_000,
    ...(senderContext === undefined ? {} : { senderContext }),
    handler: () => {
      seen.push(activeTraceId());
      return Promise.resolve();
    },
  });
  try {
    const publisher = createEventPublisher({ js, namespace });
    const sent = await inSpan(tracer, 'dial contact', { kind: SpanKind.INTERNAL }, async () => {
      await publisher.publish(hangup(campaignId));
      return activeTraceId()!;
    });
    const deadline = Date.now() + 10_000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toHaveLength(1);
    return { sent, seen: seen[0] };
  } finally {
    controller.abort();
    await loop;
  }
}

describe('bus › trace context without kept spans', () => {
  it('set-up › spans are not kept without an exporter', () => {
    expect(spansAreKept()).toBe(false);
  });

  it('consume › by default the handler runs in the sender\'s trace', async () => {
    const { sent, seen } = await traceSeenByHandler('c-default', undefined);
    expect(seen).toBe(sent);
  });

  it('consume › a consumer that sends nothing on may leave the sender\'s context unread', async () => {
    const { seen } = await traceSeenByHandler('c-unread', false);
    expect(seen).toBeUndefined();
  });

  it('requester › the responder runs in the requester\'s trace', async () => {
    const seen: Array<string | undefined> = [];
    const controller = new AbortController();
    const subject = mediaOriginateSubject(namespace, 'fs-unkept');
    const responder = await startResponder({
      nc,
      subject,
      queue: mediaQueueGroup(namespace, 'fs-unkept'),
      requestType: OriginateRequest,
      replyType: OriginateReply,
      signal: controller.signal,
      handler: () => {
        seen.push(activeTraceId());
        return Promise.resolve(OriginateReply.create({ status: OriginateStatus.ACCEPTED }));
      },
    });
    try {
      const requester = createRequester(nc);
      const sent = await inSpan(tracer, 'dial contact', { kind: SpanKind.INTERNAL }, async () => {
        await requester.request(subject, OriginateRequest.create({ attemptId: 'a1' }), { requestType: OriginateRequest, replyType: OriginateReply, timeoutMs: 2_000 });
        return activeTraceId();
      });
      expect(seen).toEqual([sent]);
    } finally {
      controller.abort();
      await responder.closed;
    }
  });
});
