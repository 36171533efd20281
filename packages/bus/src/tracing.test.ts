import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { CallOutcome, Event, OriginateReply, OriginateRequest, OriginateStatus } from '@ringpace/proto';
import { InMemorySpanExporter, SimpleSpanProcessor, SpanKind, inSpan, initTelemetry } from '@ringpace/telemetry';
import {
  EventFamily,
  consume,
  createEventPublisher,
  destroyNamespace,
  ensureDurableConsumer,
  ensureStreams,
  eventFilterSubject,
  mediaOriginateSubject,
  mediaQueueGroup,
  randomNamespace,
  request,
  startResponder,
  streamName,
} from './index.js';

const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const namespace = randomNamespace();
const exporter = new InMemorySpanExporter();
const telemetry = initTelemetry({ serviceName: 'bus-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });
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

function spanNamed(name: string) {
  const span = exporter.getFinishedSpans().find((candidate) => candidate.name === name);
  if (span === undefined) throw new Error(`no finished span "${name}"`);
  return span;
}

describe('bus › trace context', () => {
  it('publish → consume › the consumer span is a child of the producer span, in the same trace', async () => {
    exporter.reset();
    const durable = 'trace_consumer';
    const stream = streamName(namespace, EventFamily.Call);
    await ensureDurableConsumer(jsm, { stream, durable, filterSubject: eventFilterSubject(namespace, EventFamily.Call) });
    const publisher = createEventPublisher({ js, namespace, tracer });
    const handled: Event[] = [];
    const controller = new AbortController();
    const loop = consume({
      js,
      stream,
      durable,
      tracer,
      signal: controller.signal,
      fetchExpiresMs: 1_000,
      handler: ({ event }) => {
        handled.push(event);
        return Promise.resolve();
      },
    });
    try {
      await inSpan(tracer, 'dial contact', { kind: SpanKind.INTERNAL }, () =>
        publisher.publish(
          Event.create({
            eventId: randomUUID(),
            tenantId: 't1',
            campaignId: 'c1',
            attemptId: randomUUID(),
            sequence: 1,
            payload: { $case: 'callHangup', value: { hangupCause: 'USER_BUSY', outcome: CallOutcome.BUSY } },
          }),
        ),
      );
      const deadline = Date.now() + 10_000;
      while (handled.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      controller.abort();
      await loop;
    }
    const root = spanNamed('dial contact');
    const producer = spanNamed('publish call.hangup');
    const processing = spanNamed(`process ${durable}`);
    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(producer.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(processing.kind).toBe(SpanKind.CONSUMER);
    expect(processing.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(processing.spanContext().traceId).toBe(root.spanContext().traceId);
    // Headers carry the context for live delivery; the envelope keeps the same one for replays without headers.
    const traceparent = `00-${producer.spanContext().traceId}-${producer.spanContext().spanId}-01`;
    const stored = await jsm.streams.getMessage(stream, { last_by_subj: eventFilterSubject(namespace, EventFamily.Call, { kind: 'callHangup' }) });
    expect(stored?.header.get('traceparent')).toBe(traceparent);
    expect(handled[0]!.trace?.traceparent).toBe(traceparent);
  });

  it('publish outside any span › the PRODUCER span continues the trace the envelope carries', async () => {
    exporter.reset();
    const publisher = createEventPublisher({ js, nc, namespace, tracer });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await publisher.publish(
      Event.create({
        eventId: randomUUID(),
        tenantId: 't1',
        campaignId: 'c1',
        attemptId: randomUUID(),
        sequence: 1,
        trace: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, tracestate: '' },
        payload: { $case: 'callHangup', value: { hangupCause: 'USER_BUSY', outcome: CallOutcome.BUSY } },
      }),
    );
    const producer = spanNamed('publish call.hangup');
    expect(producer.spanContext().traceId).toBe(traceId);
    expect(producer.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('request → responder › the responder span is a child of the requester span', async () => {
    exporter.reset();
    const controller = new AbortController();
    const responder = await startResponder({
      nc,
      subject: mediaOriginateSubject(namespace, 'fs-trace'),
      queue: mediaQueueGroup(namespace, 'fs-trace'),
      requestType: OriginateRequest,
      replyType: OriginateReply,
      signal: controller.signal,
      tracer,
      handler: () => Promise.resolve(OriginateReply.create({ status: OriginateStatus.ACCEPTED, nodeId: 'fs-trace' })),
    });
    try {
      await request(nc, mediaOriginateSubject(namespace, 'fs-trace'), OriginateRequest.create({ attemptId: 'a1' }), {
        requestType: OriginateRequest,
        replyType: OriginateReply,
        timeoutMs: 2_000,
        tracer,
      });
    } finally {
      controller.abort();
      await responder.closed;
    }
    const client = spanNamed(`request ${mediaOriginateSubject(namespace, 'fs-trace')}`);
    const server = spanNamed(`serve ${mediaOriginateSubject(namespace, 'fs-trace')}`);
    expect(client.kind).toBe(SpanKind.CLIENT);
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    expect(server.spanContext().traceId).toBe(client.spanContext().traceId);
  });
});
