// Trunk leases in the TrunkLeases bucket: each pod takes its fair share of the enabled trunks among the
// live pods, renews what it holds, gives back what exceeds its share when pods join, and takes free or
// expired leases with compare-and-swap. A lease that cannot be renewed stops dialing on its trunk at once.
// Lease times are wall time (infrastructure, not business time).
import { randomUUID } from 'node:crypto';
import type { KvBucket } from '@ringpace/bus';
import type { PrismaClient } from '@ringpace/db';
import type { Logger } from '@ringpace/log';
import type { Gauge } from 'prom-client';
import type { TrunkSource } from '../pacing/dial-loop.js';
import { enabledTrunks, type Trunk } from '../pacing/trunk.js';
import { fairShare, preferenceOrder } from './fair-share.js';
import type { PodRegistry } from './pod-registry.js';

export interface TrunkLease {
  readonly podId: string;
  /** New for every acquisition: tells one holding of the lease from the next. */
  readonly token: string;
  /** Epoch ms (wall time) after which anyone may take the lease. */
  readonly expiresAtMs: number;
}

interface Holding {
  trunk: Trunk;
  token: string;
  revision: number;
  expiresAtMs: number;
}

export interface LeaseManagerOptions {
  readonly bucket: KvBucket<TrunkLease>;
  readonly pods: PodRegistry;
  readonly prisma: PrismaClient;
  readonly podId: string;
  readonly ttlMs: number;
  readonly log: Logger;
  readonly gauge?: Gauge;
  readonly nowMs?: () => number;
}

export class LeaseManager implements TrunkSource {
  private readonly holdings = new Map<string, Holding>();
  private readonly nowMs: () => number;

  constructor(private readonly options: LeaseManagerOptions) {
    this.nowMs = options.nowMs ?? (() => Date.now());
  }

  held(): Trunk[] {
    const now = this.nowMs();
    return [...this.holdings.values()].filter((h) => h.expiresAtMs > now).map((h) => h.trunk);
  }

  isHeld(trunkId: string): boolean {
    const holding = this.holdings.get(trunkId);
    return holding !== undefined && holding.expiresAtMs > this.nowMs();
  }

  /** One pass: heartbeat, renew, give back extras, take up to the fair share. */
  async cycle(): Promise<void> {
    const { bucket, podId, ttlMs, log } = this.options;
    const livePods = await this.options.pods.heartbeat();
    const trunks = await enabledTrunks(this.options.prisma);
    const byId = new Map(trunks.map((trunk) => [trunk.id, trunk]));
    const share = fairShare(trunks.length, livePods, podId);

    for (const [trunkId, holding] of [...this.holdings]) {
      const trunk = byId.get(trunkId);
      if (trunk === undefined) {
        await this.release(trunkId, 'trunk disabled or removed');
        continue;
      }
      holding.trunk = trunk;
      const expiresAtMs = this.nowMs() + ttlMs;
      try {
        const renewed = await bucket.update(trunkId, { podId, token: holding.token, expiresAtMs }, holding.revision);
        if (renewed.ok) {
          holding.revision = renewed.revision;
          holding.expiresAtMs = expiresAtMs;
        } else {
          this.holdings.delete(trunkId);
          log.warn({ trunkId, holder: renewed.current?.value.podId }, 'trunk lease lost to another pod; dialing on it stopped');
        }
      } catch (error) {
        this.holdings.delete(trunkId);
        log.warn({ err: error, trunkId }, 'trunk lease could not be renewed; dialing on it stopped');
      }
    }

    const order = preferenceOrder(podId, trunks);
    if (this.holdings.size > share) {
      // Give back the least preferred first, so what a pod keeps stays stable as pods come and go.
      const extras = order.filter((trunk) => this.holdings.has(trunk.id)).slice(share);
      for (const trunk of extras) await this.release(trunk.id, 'above fair share');
    }
    for (const trunk of order) {
      if (this.holdings.size >= share) break;
      if (!this.holdings.has(trunk.id)) await this.tryAcquire(trunk);
    }
    this.options.gauge?.set(this.holdings.size);
  }

  /** Runs cycles every `renewMs` (wall time) until the signal aborts. */
  async run(renewMs: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.cycle();
      } catch (error) {
        this.options.log.warn({ err: error }, 'lease cycle failed; next cycle retries');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, renewMs);
        function done(): void {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  /** Gives back every lease and leaves the pod list (drain). */
  async releaseAll(): Promise<void> {
    for (const trunkId of [...this.holdings.keys()]) await this.release(trunkId, 'draining');
    try {
      await this.options.pods.leave();
    } catch (error) {
      this.options.log.warn({ err: error }, 'could not leave the pod list; the others wait for its TTL');
    }
    this.options.gauge?.set(0);
  }

  private async tryAcquire(trunk: Trunk): Promise<void> {
    const { bucket, podId, ttlMs, log } = this.options;
    const now = this.nowMs();
    const lease: TrunkLease = { podId, token: randomUUID(), expiresAtMs: now + ttlMs };
    try {
      const current = await bucket.get(trunk.id);
      let revision: number | undefined;
      if (current === null) {
        const created = await bucket.create(trunk.id, lease);
        if (created.ok) revision = created.revision;
      } else if (current.value.expiresAtMs <= now || current.value.podId === podId) {
        const updated = await bucket.update(trunk.id, lease, current.revision);
        if (updated.ok) revision = updated.revision;
      }
      if (revision === undefined) return;
      this.holdings.set(trunk.id, { trunk, token: lease.token, revision, expiresAtMs: lease.expiresAtMs });
      log.info({ trunkId: trunk.id, nodeId: trunk.nodeId, gateway: trunk.gateway, previous: current?.value.podId }, 'trunk lease acquired');
    } catch (error) {
      log.warn({ err: error, trunkId: trunk.id }, 'trunk lease could not be taken');
    }
  }

  private async release(trunkId: string, reason: string): Promise<void> {
    const holding = this.holdings.get(trunkId);
    this.holdings.delete(trunkId);
    if (holding === undefined) return;
    try {
      await this.options.bucket.delete(trunkId, holding.revision);
      this.options.log.info({ trunkId, reason }, 'trunk lease released');
    } catch (error) {
      this.options.log.warn({ err: error, trunkId }, 'trunk lease release failed; it expires on its own');
    }
  }
}
