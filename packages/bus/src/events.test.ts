import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { UnavailableError, ValidationError } from '@ringpace/errors';
import { CallOutcome, Event } from '@ringpace/proto';
import {
  EventFamily,
  consume,
  createEventPublisher,
  createMessageDeduper,
  dedupeBucketName,
  destroyNamespace,
  ensureDurableConsumer,
  ensureStreams,
  eventFilterSubject,
  eventSubject,
  openBucket,
  randomNamespace,
  streamName,
  type BusLogger,
  type DedupeClaim,
  type EventDelivery,
  type EventHandler,
  type EventPublisher,
} from './index.js';

const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const namespace = randomNamespace();
const tenantId = 'tenant-1';
const callStream = streamName(namespace, EventFamily.Call);
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
let publisher: EventPublisher;

beforeAll(async () => {
  nc = await connect({ servers: natsUrl, timeout: 5_000 });
  jsm = await jetstreamManager(nc);
  js = jetstream(nc);
  // A short duplicate window lets one test store the same event id twice, as a late re-publish would.
  await ensureStreams(jsm, namespace, { duplicateWindowMs: 500 });
  publisher = createEventPublisher({ js, namespace });
});

afterAll(async () => {
  await destroyNamespace(jsm, namespace);
  await nc.close();
});

function hangup(campaignId: string, eventId = randomUUID()): Event {
  return Event.create({
    eventId,
    tenantId,
    campaignId,
    attemptId: randomUUID(),
    sequence: 9,
    occurredAt: new Date('2026-05-04T09:30:00.000Z'),
    payload: { $case: 'callHangup', value: { hangupCause: 'NORMAL_CLEARING', outcome: CallOutcome.CONFIRMED, billsecMs: 31_500 } },
  });
}

interface LogLine {
  readonly level: 'debug' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

function memoryLog(lines: LogLine[]): BusLogger {
  return {
    debug: (fields, message) => lines.push({ level: 'debug', fields, message }),
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
    error: (fields, message) => lines.push({ level: 'error', fields, message }),
  };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A durable consumer over one campaign's call events, and a running loop on it. */
async function startLoop(campaignId: string, handler: EventHandler, extra: { log?: BusLogger; maxDeliver?: number } = {}) {
  const durable = `d_${campaignId}`;
  await ensureDurableConsumer(jsm, {
    stream: callStream,
    durable,
    filterSubject: eventFilterSubject(namespace, EventFamily.Call, { campaignId }),
    ackWaitMs: 5_000,
    maxDeliver: extra.maxDeliver ?? 5,
  });
  const controller = new AbortController();
  const done = consume({
    js,
    stream: callStream,
    durable,
    handler,
    signal: controller.signal,
    fetchExpiresMs: 1_000,
    backoff: { initialMs: 50, maxMs: 200 },
    ...(extra.log === undefined ? {} : { log: extra.log }),
  });
  const stop = async () => {
    controller.abort();
    await done;
  };
  const pending = async () => {
    const info = await jsm.consumers.info(callStream, durable);
    return { ackPending: info.num_ack_pending, pending: info.num_pending, redelivered: info.num_redelivered };
  };
  return { stop, pending, durable };
}

describe('bus › publish and consume', () => {
  it('round trip › the handler gets the event as published, with its subject and message id, and it is acked', async () => {
    const seen: EventDelivery[] = [];
    const loop = await startLoop('c-roundtrip', (delivery) => {
      seen.push(delivery);
      return Promise.resolve();
    });
    try {
      const event = hangup('c-roundtrip');
      const ack = await publisher.publish(event);
      expect(ack).toMatchObject({ stream: callStream, duplicate: false });
      await until(() => seen.length === 1);
      const [delivery] = seen;
      expect(delivery!.event).toEqual({ ...event, trace: { traceparent: '', tracestate: '' } });
      expect(delivery!.subject).toBe(eventSubject(namespace, event));
      expect(delivery!.msgId).toBe(event.eventId);
      expect(delivery!).toMatchObject({ redelivered: false, deliveryCount: 1, streamSequence: ack.seq });
      await until(async () => (await loop.pending()).ackPending === 0);
    } finally {
      await loop.stop();
    }
  });

  it('publish › the same event published twice is stored once', async () => {
    const event = hangup('c-dup');
    const first = await publisher.publish(event);
    const second = await publisher.publish(event);
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ stream: first.stream, seq: first.seq, duplicate: true });
  });

  it('publish › an envelope without ids or payload is refused before it reaches NATS', async () => {
    await expect(publisher.publish(Event.create({ tenantId, campaignId: 'c1' }))).rejects.toBeInstanceOf(ValidationError);
    await expect(publisher.publish(Event.create({ ...hangup('c1'), tenantId: 'bad.tenant' }))).rejects.toThrow('tenant id');
  });

  it('publish › with no stream for the namespace it fails as UnavailableError, not a hang', async () => {
    const orphan = createEventPublisher({ js, namespace: randomNamespace(), ackTimeoutMs: 2_000 });
    await expect(orphan.publish(hangup('c1'))).rejects.toBeInstanceOf(UnavailableError);
  });

  it('dedupe › the same event id stored twice (after the duplicate window) has its effect once', async () => {
    const bucket = await openBucket<DedupeClaim>(js, dedupeBucketName(namespace, 'd_c-late'), { ttlMs: 60_000 });
    const dedupe = createMessageDeduper(bucket, 60_000);
    let effects = 0;
    let deliveries = 0;
    const loop = await startLoop('c-late', async ({ event }) => {
      deliveries += 1;
      await dedupe.once(event.eventId, () => {
        effects += 1;
        return Promise.resolve();
      });
    });
    try {
      const event = hangup('c-late');
      const first = await publisher.publish(event);
      await new Promise((resolve) => setTimeout(resolve, 700));
      const second = await publisher.publish(event);
      expect(second.duplicate).toBe(false);
      expect(second.seq).toBeGreaterThan(first.seq);
      await until(() => deliveries === 2);
      await until(async () => (await loop.pending()).ackPending === 0);
      expect(effects).toBe(1);
    } finally {
      await loop.stop();
    }
  });

  it('dedupe › a message redelivered after its effect committed (nak) changes nothing the second time', async () => {
    const bucket = await openBucket<DedupeClaim>(js, dedupeBucketName(namespace, 'd_c-nak'), { ttlMs: 60_000 });
    const dedupe = createMessageDeduper(bucket, 60_000);
    let effects = 0;
    const counts: number[] = [];
    const loop = await startLoop('c-nak', async ({ event, deliveryCount }) => {
      counts.push(deliveryCount);
      await dedupe.once(event.eventId, () => {
        effects += 1;
        return Promise.resolve();
      });
      // The effect is done, but the handler fails afterwards (say, its ack path): JetStream redelivers.
      if (deliveryCount === 1) throw new UnavailableError('downstream', 'blip after the effect');
    });
    try {
      await publisher.publish(hangup('c-nak'));
      await until(() => counts.length === 2);
      await until(async () => (await loop.pending()).ackPending === 0);
      expect(counts).toEqual([1, 2]);
      expect(effects).toBe(1);
    } finally {
      await loop.stop();
    }
  });

  it('consume › a poison frame is terminated and reported, and the loop goes on with the next event', async () => {
    const lines: LogLine[] = [];
    const seen: string[] = [];
    const loop = await startLoop(
      'c-poison',
      ({ event }) => {
        seen.push(event.eventId);
        return Promise.resolve();
      },
      { log: memoryLog(lines) },
    );
    try {
      const good = hangup('c-poison');
      // A truncated varint: not a protobuf message at all.
      await js.publish(eventSubject(namespace, good), new Uint8Array([0x0a, 0xff]));
      // Valid protobuf but no event id: nothing could ever deduplicate it.
      await js.publish(eventSubject(namespace, good), Event.encode(Event.create({ tenantId })).finish());
      await publisher.publish(good);
      await until(() => seen.length === 1);
      expect(seen).toEqual([good.eventId]);
      await until(async () => (await loop.pending()).ackPending === 0);
      expect((await loop.pending()).redelivered).toBe(0);
      expect(lines.filter((line) => line.message === 'undecodable event frame terminated')).toHaveLength(2);
    } finally {
      await loop.stop();
    }
  });

  it('consume › a non-retryable failure terminates the message; a retryable one is redelivered with backoff', async () => {
    const lines: LogLine[] = [];
    const attempts = new Map<string, number>();
    const doomed = hangup('c-errors');
    const flaky = hangup('c-errors');
    const loop = await startLoop(
      'c-errors',
      ({ event }) => {
        const n = (attempts.get(event.eventId) ?? 0) + 1;
        attempts.set(event.eventId, n);
        if (event.eventId === doomed.eventId) throw new ValidationError([{ field: 'outcome', message: 'unknown' }]);
        if (n < 3) throw new UnavailableError('postgres', 'connection refused');
        return Promise.resolve();
      },
      { log: memoryLog(lines) },
    );
    try {
      await publisher.publish(doomed);
      await publisher.publish(flaky);
      await until(() => attempts.get(flaky.eventId) === 3);
      await until(async () => (await loop.pending()).ackPending === 0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(attempts.get(doomed.eventId)).toBe(1);
      expect(lines.filter((line) => line.message.includes('will be redelivered'))).toHaveLength(2);
      expect(lines.filter((line) => line.message.includes('failed for good'))).toHaveLength(1);
    } finally {
      await loop.stop();
    }
  });

  it('consume › a handler failing on every delivery is terminated at the last one, not left pending', async () => {
    const lines: LogLine[] = [];
    let calls = 0;
    const loop = await startLoop(
      'c-giveup',
      () => {
        calls += 1;
        return Promise.reject(new Error('bug'));
      },
      { log: memoryLog(lines), maxDeliver: 3 },
    );
    try {
      await publisher.publish(hangup('c-giveup'));
      await until(() => lines.some((line) => line.message.includes('after its last delivery')));
      expect(calls).toBe(3);
      await until(async () => (await loop.pending()).ackPending === 0);
    } finally {
      await loop.stop();
    }
  });

  it('consume › aborting waits for the handler in flight, which is then acked', async () => {
    let started = false;
    let finished = false;
    const loop = await startLoop('c-abort', async () => {
      started = true;
      await new Promise((resolve) => setTimeout(resolve, 400));
      finished = true;
    });
    await publisher.publish(hangup('c-abort'));
    await until(() => started);
    await loop.stop();
    expect(finished).toBe(true);
    await until(async () => (await loop.pending()).ackPending === 0);
    expect((await loop.pending()).pending).toBe(0);
  });

  it('consume › handlers run concurrently, never more than the bound', async () => {
    let running = 0;
    let peak = 0;
    let done = 0;
    const durable = 'd_c-bound';
    await ensureDurableConsumer(jsm, {
      stream: callStream,
      durable,
      filterSubject: eventFilterSubject(namespace, EventFamily.Call, { campaignId: 'c-bound' }),
    });
    const controller = new AbortController();
    const loop = consume({
      js,
      stream: callStream,
      durable,
      concurrency: 3,
      fetchExpiresMs: 1_000,
      signal: controller.signal,
      handler: async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 100));
        running -= 1;
        done += 1;
      },
    });
    try {
      await Promise.all(Array.from({ length: 10 }, () => publisher.publish(hangup('c-bound'))));
      await until(() => done === 10);
      expect(peak).toBe(3);
    } finally {
      controller.abort();
      await loop;
    }
  });
});
