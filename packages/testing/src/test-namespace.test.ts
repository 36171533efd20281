import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketName, Buckets, ensureStreams, openBucket, validateNamespace } from '@ringpace/bus';
import { createTestNamespace, testNatsServer } from './index.js';

async function streamNames(jsm: JetStreamManager): Promise<string[]> {
  const names: string[] = [];
  for await (const name of jsm.streams.names()) names.push(name);
  return names;
}

describe('createTestNamespace', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    nc = await connect({ servers: (await testNatsServer()).url, timeout: 5_000 });
    jsm = await jetstreamManager(nc, { timeout: 5_000 });
  });
  afterAll(async () => {
    await nc.close();
  });

  it('namespace › is short, lower-case, a valid NATS token, and different each time', () => {
    const names = Array.from({ length: 50 }, () => createTestNamespace().namespace);
    for (const namespace of names) {
      expect(validateNamespace(namespace)).toBe(namespace);
      expect(namespace).toMatch(/^[a-z][a-z0-9]{1,15}$/);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('cleanup › deletes every stream and KV bucket of its namespace and nothing of another', async () => {
    const mine = createTestNamespace();
    const neighbour = createTestNamespace();
    try {
      for (const { namespace } of [mine, neighbour]) {
        await ensureStreams(jsm, namespace);
        await openBucket(jetstream(nc), bucketName(namespace, Buckets.NodeHealth));
      }
      const before = await streamNames(jsm);
      const minePrefix = mine.namespace.toUpperCase();
      const ownedByMine = before.filter((name) => name.startsWith(`${minePrefix}_`) || name.startsWith(`KV_${minePrefix}_`));
      expect(ownedByMine.length).toBe(4);

      const deleted = await mine.cleanup(nc);
      expect(deleted.sort()).toEqual(ownedByMine.sort());

      const after = await streamNames(jsm);
      expect(after.filter((name) => ownedByMine.includes(name))).toEqual([]);
      expect(after.filter((name) => name.includes(neighbour.namespace.toUpperCase()))).toHaveLength(4);
    } finally {
      await neighbour.cleanup(nc);
    }
  });

  it('cleanup › of a namespace that never created anything deletes nothing', async () => {
    expect(await createTestNamespace().cleanup(nc)).toEqual([]);
  });
});
