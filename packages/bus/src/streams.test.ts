import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  Consumers,
  EventFamily,
  consumerAddress,
  destroyNamespace,
  ensureDurableConsumer,
  ensureStreams,
  eventFilterSubject,
  randomNamespace,
  streamName,
} from './index.js';

const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const namespace = randomNamespace();
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  nc = await connect({ servers: natsUrl, timeout: 5_000 });
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  await destroyNamespace(jsm, namespace);
  await nc.close();
});

describe('bus › streams', () => {
  it('ensureStreams › creates the three event streams, then a second run changes nothing', async () => {
    const first = await ensureStreams(jsm, namespace, { maxAgeMs: 60 * 60 * 1_000 });
    expect(first.map((result) => result.action)).toEqual(['created', 'created', 'created']);
    const before = await jsm.streams.info(streamName(namespace, EventFamily.Call));

    const second = await ensureStreams(jsm, namespace, { maxAgeMs: 60 * 60 * 1_000 });
    expect(second.map((result) => result.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    const after = await jsm.streams.info(streamName(namespace, EventFamily.Call));
    expect(after.created).toBe(before.created);
    expect(after.config).toEqual(before.config);
  });

  it('ensureStreams › a changed retention is applied in place, keeping the stored messages', async () => {
    await ensureStreams(jsm, namespace, { maxAgeMs: 60 * 60 * 1_000 });
    const changed = await ensureStreams(jsm, namespace, { maxAgeMs: 2 * 60 * 60 * 1_000, duplicateWindowMs: 30_000 });
    expect(changed.map((result) => result.action)).toEqual(['updated', 'updated', 'updated']);
    const info = await jsm.streams.info(streamName(namespace, EventFamily.Recording));
    expect(info.config.max_age).toBe(2 * 60 * 60 * 1_000 * 1_000_000);
    expect(info.config.duplicate_window).toBe(30_000 * 1_000_000);
  });

  it('ensureDurableConsumer › creates once, is a no-op after, and converges on changed limits', async () => {
    await ensureStreams(jsm, namespace);
    const address = consumerAddress(namespace, Consumers.ReportingCallEvents);
    expect((await ensureDurableConsumer(jsm, { ...address, maxDeliver: 5, ackWaitMs: 10_000 })).action).toBe('created');
    expect((await ensureDurableConsumer(jsm, { ...address, maxDeliver: 5, ackWaitMs: 10_000 })).action).toBe('unchanged');
    expect((await ensureDurableConsumer(jsm, { ...address, maxDeliver: 7, ackWaitMs: 10_000 })).action).toBe('updated');

    const info = await jsm.consumers.info(address.stream, address.durable);
    expect(info.config).toMatchObject({
      durable_name: 'reporting_call_events',
      ack_policy: 'explicit',
      deliver_policy: 'all',
      filter_subject: `${namespace}.call.>`,
      max_deliver: 7,
      ack_wait: 10_000 * 1_000_000,
    });
  });

  it('ensureDurableConsumer › a narrowed filter subject is applied', async () => {
    await ensureStreams(jsm, namespace);
    const address = consumerAddress(namespace, Consumers.DialerCallEvents);
    await ensureDurableConsumer(jsm, address);
    const hangups = eventFilterSubject(namespace, EventFamily.Call, { kind: 'callHangup' });
    expect((await ensureDurableConsumer(jsm, { ...address, filterSubject: hangups })).action).toBe('updated');
    expect((await jsm.consumers.info(address.stream, address.durable)).config.filter_subject).toBe(hangups);
  });

  it('destroyNamespace › removes only the streams of its namespace', async () => {
    const other = randomNamespace();
    await ensureStreams(jsm, other);
    try {
      const removed = await destroyNamespace(jsm, other);
      expect(removed.sort()).toEqual([streamName(other, 'call'), streamName(other, 'campaign'), streamName(other, 'recording')].sort());
      await expect(jsm.streams.info(streamName(namespace, EventFamily.Call))).resolves.toBeDefined();
    } finally {
      await destroyNamespace(jsm, other);
    }
  });
});
