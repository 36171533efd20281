import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { OriginateReply, OriginateStatus } from '@ringpace/proto';
import {
  Buckets,
  ClaimHeldError,
  SubjectTokenError,
  bucketName,
  createMessageDeduper,
  destroyNamespace,
  openBucket,
  openMessageDeduper,
  protoCodec,
  randomNamespace,
  type DedupeClaim,
} from './index.js';

const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const namespace = randomNamespace();
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;

beforeAll(async () => {
  nc = await connect({ servers: natsUrl, timeout: 5_000 });
  jsm = await jetstreamManager(nc);
  js = jetstream(nc);
});

afterAll(async () => {
  await destroyNamespace(jsm, namespace);
  await nc.close();
});

interface Lease {
  readonly pod: string;
  readonly fencingToken: number;
}

describe('bus › kv', () => {
  it('update › a stale revision is a conflict value carrying what is there now; nothing is overwritten', async () => {
    const leases = await openBucket<Lease>(js, bucketName(namespace, Buckets.TrunkLeases));
    const created = await leases.create('gw-1', { pod: 'dialer-a', fencingToken: 1 });
    expect(created.ok).toBe(true);
    if (!created.ok) return;

    const moved = await leases.update('gw-1', { pod: 'dialer-b', fencingToken: 2 }, created.revision);
    expect(moved.ok).toBe(true);
    const stale = await leases.update('gw-1', { pod: 'dialer-c', fencingToken: 2 }, created.revision);
    expect(stale).toMatchObject({ ok: false, conflict: 'revision', current: { key: 'gw-1', value: { pod: 'dialer-b', fencingToken: 2 } } });
    expect((await leases.get('gw-1'))?.value.pod).toBe('dialer-b');
  });

  it('create › the first writer wins, the second gets the winner as a value', async () => {
    const leases = await openBucket<Lease>(js, bucketName(namespace, Buckets.TrunkLeases));
    const results = await Promise.all(['dialer-a', 'dialer-b', 'dialer-c'].map((pod) => leases.create('gw-race', { pod, fencingToken: 1 })));
    const winners = results.filter((result) => result.ok);
    expect(winners).toHaveLength(1);
    const winner = (await leases.get('gw-race'))!.value.pod;
    for (const result of results.filter((candidate) => !candidate.ok)) {
      expect(result).toMatchObject({ ok: false, conflict: 'exists', current: { value: { pod: winner } } });
    }
  });

  it('delete › a deleted key reads as absent and can be created again', async () => {
    const leases = await openBucket<Lease>(js, bucketName(namespace, Buckets.TrunkLeases));
    const created = await leases.create('gw-del', { pod: 'a', fencingToken: 1 });
    expect(created.ok).toBe(true);
    expect((await leases.delete('gw-del', 999_999)).ok).toBe(false);
    expect((await leases.delete('gw-del')).ok).toBe(true);
    expect(await leases.get('gw-del')).toBeNull();
    expect((await leases.create('gw-del', { pod: 'b', fencingToken: 2 })).ok).toBe(true);
  });

  it('openBucket › opening twice is harmless, and a changed TTL or history is applied to the bucket', async () => {
    const name = bucketName(namespace, Buckets.NodeHealth);
    await openBucket(js, name, { ttlMs: 10_000 });
    await openBucket(js, name, { ttlMs: 10_000 });
    const config = async () => (await jsm.streams.info(`KV_${name}`)).config;
    expect(await config()).toMatchObject({ max_age: 10_000 * 1_000_000, max_msgs_per_subject: 1 });
    await openBucket(js, name, { ttlMs: 20_000, history: 3 });
    expect(await config()).toMatchObject({ max_age: 20_000 * 1_000_000, max_msgs_per_subject: 3 });
  });

  it('codec › proto values round-trip, and a bad key is a typed error', async () => {
    const bucket = await openBucket(js, bucketName(namespace, Buckets.AgentState), { codec: protoCodec(OriginateReply) });
    const value = OriginateReply.create({ status: OriginateStatus.CAPACITY_EXHAUSTED, detail: 'gateway full', nodeId: 'fs-1' });
    await bucket.put('fs-1', value);
    expect((await bucket.get('fs-1'))?.value).toEqual(value);
    await expect(bucket.get('has space')).rejects.toBeInstanceOf(SubjectTokenError);
    await expect(bucket.get('')).rejects.toBeInstanceOf(SubjectTokenError);
  });
});

describe('bus › message dedupe', () => {
  it('once › the work runs once per key; later calls report when it was done', async () => {
    const dedupe = await openMessageDeduper(js, namespace, 'dedupe_basic', { ttlMs: 60_000 });
    let runs = 0;
    const work = () => Promise.resolve(++runs);
    expect(await dedupe.once('evt-1', work)).toEqual({ ran: true, value: 1, recorded: true });
    const again = await dedupe.once('evt-1', work);
    expect(again.ran).toBe(false);
    expect(runs).toBe(1);
    expect(await dedupe.once('evt-2', work)).toMatchObject({ ran: true, value: 2 });
  });

  it('once › while one instance runs a key, another gets a retryable ClaimHeldError', async () => {
    const bucket = await openBucket<DedupeClaim>(js, `${namespace.toUpperCase()}_DEDUPE_race`, { ttlMs: 60_000 });
    const a = createMessageDeduper(bucket, 60_000, { owner: 'pod-a' });
    const b = createMessageDeduper(bucket, 60_000, { owner: 'pod-b' });
    let release: () => void = () => undefined;
    const slow = a.once('evt-1', () => new Promise<void>((resolve) => { release = resolve; }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const error = await b.once('evt-1', () => Promise.resolve()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClaimHeldError);
    expect(error).toMatchObject({ owner: 'pod-a', retryable: true });
    release();
    await expect(slow).resolves.toMatchObject({ ran: true });
    await expect(b.once('evt-1', () => Promise.resolve())).resolves.toMatchObject({ ran: false });
  });

  it('once › failed work releases its claim, so the redelivery runs it again', async () => {
    const dedupe = await openMessageDeduper(js, namespace, 'dedupe_fail', { ttlMs: 60_000 });
    await expect(dedupe.once('evt-1', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    await expect(dedupe.once('evt-1', () => Promise.resolve('ok'))).resolves.toEqual({ ran: true, value: 'ok', recorded: true });
  });

  it('once › a claim left by a crashed instance is taken over after its lease; a done mark expires after the TTL', async () => {
    let nowMs = 1_000_000;
    const bucket = await openBucket<DedupeClaim>(js, `${namespace.toUpperCase()}_DEDUPE_lease`, { ttlMs: 60_000 });
    const options = { leaseMs: 5_000, now: () => nowMs };
    const crashed = createMessageDeduper(bucket, 10_000, { ...options, owner: 'crashed' });
    const survivor = createMessageDeduper(bucket, 10_000, { ...options, owner: 'survivor' });
    // The crashed instance claimed and never finished.
    void crashed.once('evt-1', () => new Promise<never>(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(survivor.once('evt-1', () => Promise.resolve())).rejects.toBeInstanceOf(ClaimHeldError);
    nowMs += 5_001;
    await expect(survivor.once('evt-1', () => Promise.resolve('taken over'))).resolves.toMatchObject({ ran: true, value: 'taken over' });
    await expect(survivor.once('evt-1', () => Promise.resolve())).resolves.toMatchObject({ ran: false });
    nowMs += 10_001;
    await expect(survivor.once('evt-1', () => Promise.resolve('after ttl'))).resolves.toMatchObject({ ran: true, value: 'after ttl' });
  });
});
