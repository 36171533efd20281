import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { DeadlineExceededError, UnavailableError, ValidationError } from '@ringpace/errors';
import { CallOutcome, Event } from '@ringpace/proto';
import { SpanKind, inSpan, initTelemetry, spansAreKept } from '@ringpace/telemetry';
import { EventFamily, createEventPublisher as createPublisher, destroyNamespace, ensureStreams, eventSubject, randomNamespace, streamName, type EventPublisherOptions } from './index.js';

const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const namespace = randomNamespace();
// As a service runs without OTLP_TRACES_URL: spans are made, but nothing keeps them.
const telemetry = initTelemetry({ serviceName: 'publisher-test' });
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;

beforeAll(async () => {
  nc = await connect({ servers: natsUrl, timeout: 5_000, noAsyncTraces: true });
  jsm = await jetstreamManager(nc);
  js = jetstream(nc);
  await ensureStreams(jsm, namespace);
});

afterAll(async () => {
  await destroyNamespace(jsm, namespace);
  await nc.close();
  await telemetry.shutdown();
});

function hangup(sequence: number, eventId = randomUUID()): Event {
  return Event.create({
    eventId,
    tenantId: 't1',
    campaignId: 'c1',
    attemptId: randomUUID(),
    sequence,
    payload: { $case: 'callHangup', value: { hangupCause: 'USER_BUSY', outcome: CallOutcome.BUSY } },
  });
}

// Both ways to wait for the stream's ack keep one contract: a request per event, and one shared inbox.
const modes: ReadonlyArray<readonly [string, () => Pick<EventPublisherOptions, 'nc'>]> = [
  ['request per event', () => ({})],
  ['shared ack inbox', () => ({ nc })],
];

describe.each(modes)('bus › event publisher (%s)', (_mode, connection) => {
  const createEventPublisher = (options: EventPublisherOptions) => createPublisher({ ...connection(), ...options });

  it('publish without an exporter › the caller’s trace context still reaches the headers and the envelope', async () => {
    expect(spansAreKept()).toBe(false);
    const publisher = createEventPublisher({ js, namespace, tracer: telemetry.tracer() });
    const event = hangup(1);
    const traceparent = await inSpan(telemetry.tracer(), 'dial contact', { kind: SpanKind.INTERNAL }, async (span) => {
      await publisher.publish(event);
      return `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;
    });
    const stored = await jsm.streams.getMessage(streamName(namespace, EventFamily.Call), { last_by_subj: eventSubject(namespace, event) });
    expect(stored?.header.get('traceparent')).toBe(traceparent);
    expect(stored?.header.get('Nats-Msg-Id')).toBe(event.eventId);
    expect(Event.decode(stored!.data).trace?.traceparent).toBe(traceparent);
  });

  it('publish outside any span › the trace the envelope carries goes into the headers too', async () => {
    const publisher = createEventPublisher({ js, namespace });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const event = { ...hangup(1), trace: { traceparent, tracestate: 'ringpace=1' } };
    await publisher.publish(event);
    const stored = await jsm.streams.getMessage(streamName(namespace, EventFamily.Call), { last_by_subj: eventSubject(namespace, event) });
    expect(stored?.header.get('traceparent')).toBe(traceparent);
    expect(stored?.header.get('tracestate')).toBe('ringpace=1');
    expect(Event.decode(stored!.data).trace?.traceparent).toBe(traceparent);
  });

  it('publishMany › every event is stored, acks come back in the order given, a repeated id is a duplicate', async () => {
    const publisher = createEventPublisher({ js, namespace });
    const events = [hangup(1), hangup(2), hangup(3)];
    const acks = await publisher.publishMany([...events, events[0]!]);
    expect(acks.map((ack) => ack.duplicate)).toEqual([false, false, false, true]);
    expect(acks[3]!.seq).toBe(acks[0]!.seq);
    const seqs = acks.slice(0, 3).map((ack) => ack.seq);
    expect(new Set(seqs).size).toBe(3);
  });

  it('publishMany › one invalid envelope sends none of them', async () => {
    const publisher = createEventPublisher({ js, namespace });
    const good = hangup(1);
    await expect(publisher.publishMany([good, Event.create({ tenantId: 't1', campaignId: 'c1' })])).rejects.toBeInstanceOf(ValidationError);
    const stored = await jsm.streams.getMessage(streamName(namespace, EventFamily.Call), { last_by_subj: eventSubject(namespace, good) }).catch(() => null);
    expect(stored?.header.get('Nats-Msg-Id')).not.toBe(good.eventId);
  });

  it('publish › an ack that never comes fails as DeadlineExceededError after the ack timeout', async () => {
    // A core subscriber that never answers stands in for a stream that does not acknowledge.
    const silent = randomNamespace();
    const event = hangup(1);
    const sub = nc.subscribe(eventSubject(silent, event));
    try {
      const publisher = createEventPublisher({ js, namespace: silent, ackTimeoutMs: 200 });
      await expect(publisher.publish(event)).rejects.toBeInstanceOf(DeadlineExceededError);
      await expect(publisher.publishMany([hangup(2)], { ackTimeoutMs: 100 })).rejects.toBeInstanceOf(DeadlineExceededError);
    } finally {
      sub.unsubscribe();
    }
  });

  it('publish › with no stream for the subject it fails fast as UnavailableError, not at the deadline', async () => {
    const publisher = createEventPublisher({ js, namespace: randomNamespace(), ackTimeoutMs: 5_000 });
    const startedMs = performance.now();
    await expect(publisher.publish(hangup(1))).rejects.toBeInstanceOf(UnavailableError);
    expect(performance.now() - startedMs).toBeLessThan(4_000);
  });
});
