// Trunk leases between pods against a real NATS KV and database; wall time is injected so a TTL passes
// without waiting for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Buckets, bucketName, openBucket } from '@ringpace/bus';
import { silentLogger } from '@ringpace/log';
import { startHarness, T0, type Harness } from '../testing/harness.js';
import { seedCampaign } from '../testing/seed.js';
import { LeaseManager, type TrunkLease } from './lease-manager.js';
import { PodRegistry, type PodMembers } from './pod-registry.js';

const TTL_MS = 10_000;

describe('trunk leases', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('leases › two pods split the trunks; a pod that stops renewing loses its trunks to the other after the TTL', async () => {
    await seedCampaign(h.database.db.prisma, { now: new Date(T0), contacts: 1, trunks: 4 });
    let wallMs = T0;
    const nowMs = () => wallMs;
    const leases = await openBucket<TrunkLease>(h.js, bucketName(h.namespace, Buckets.TrunkLeases));
    const pods = await openBucket<PodMembers>(h.js, bucketName(h.namespace, Buckets.DialerPods));
    const pod = (podId: string) =>
      new LeaseManager({ bucket: leases, pods: new PodRegistry(pods, podId, TTL_MS, nowMs), prisma: h.database.db.prisma, podId, ttlMs: TTL_MS, log: silentLogger(), nowMs });
    const a = pod('pod-a');
    const b = pod('pod-b');
    const ids = (manager: LeaseManager) => manager.held().map((t) => t.id).sort();

    await a.cycle();
    expect(a.held()).toHaveLength(4);
    // b joins: its share is 2, but a holds everything until it notices b.
    await b.cycle();
    expect(b.held()).toHaveLength(0);
    await a.cycle();
    expect(a.held()).toHaveLength(2);
    await b.cycle();
    expect(b.held()).toHaveLength(2);
    expect(ids(a).filter((id) => ids(b).includes(id))).toEqual([]);
    for (const trunk of b.held()) expect((await leases.get(trunk.id))?.value.podId).toBe('pod-b');

    // a stops renewing. Before the TTL passes, b leaves a's trunks alone.
    const aTrunks = ids(a);
    wallMs += TTL_MS / 2;
    await b.cycle();
    expect(b.held()).toHaveLength(2);
    // After it, a's leases are expired: a no longer dials on them, and b takes them.
    wallMs += TTL_MS / 2 + 1;
    expect(aTrunks.some((id) => a.isHeld(id))).toBe(false);
    await b.cycle();
    expect(ids(b)).toEqual(expect.arrayContaining(aTrunks));
    expect(b.held()).toHaveLength(4);

    // a comes back: its renewals are refused (the leases moved), so it holds nothing until b gives some back.
    await a.cycle();
    expect(a.held()).toHaveLength(0);
    await b.cycle();
    await a.cycle();
    expect(a.held()).toHaveLength(2);
    expect(b.held()).toHaveLength(2);

    // Draining gives the leases back at once, and the other pod takes them on its next cycle.
    await a.releaseAll();
    await b.cycle();
    expect(b.held()).toHaveLength(4);
  });
});
