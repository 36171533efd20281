// The world of a dialer integration test: its own database, its own bus namespace with the streams, a
// manual clock, a fake media node, and dialers started in-process. Used only by tests.
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { ensureStreams } from '@ringpace/bus';
import { ManualClock } from '@ringpace/clock';
import { silentLogger } from '@ringpace/log';
import { createTestDatabase, createTestNamespace, testNatsServer, type TestDatabase } from '@ringpace/testing';
import { startDialerApp, type DialerApp, type DialerSettings } from '../app.js';
import { startFakeMedia, type FakeMedia } from './fake-media.js';

/** Tuesday 24 November 2026, 09:00 UTC: 17:00 in Shanghai. */
export const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

export interface Harness {
  readonly database: TestDatabase;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly namespace: string;
  readonly clock: ManualClock;
  readonly media: FakeMedia;
  startDialer(settings?: Partial<DialerSettings>): Promise<DialerApp>;
  close(): Promise<void>;
}

export const TEST_SETTINGS: DialerSettings = {
  podId: 'pod-a',
  leaseTtlMs: 10_000,
  leaseRenewMs: 2_000,
  claimIntervalMs: 20,
  claimBatchMax: 50,
  ringTimeoutMs: 30_000,
  maxCallMs: 600_000,
  originateTimeoutMs: 2_000,
  refusedRetryMs: 30_000,
  sweepIntervalMs: 100,
};

export async function startHarness(): Promise<Harness> {
  const database = await createTestDatabase();
  const nats = await testNatsServer();
  const nc = await connect({ servers: nats.url, timeout: 5_000 });
  const testNamespace = createTestNamespace();
  const namespace = testNamespace.namespace;
  await ensureStreams(await jetstreamManager(nc), namespace);
  const js = jetstream(nc);
  const clock = new ManualClock(T0);
  const media = await startFakeMedia({ nc, js, namespace, clock });
  const dialers: DialerApp[] = [];
  return {
    database,
    nc,
    js,
    namespace,
    clock,
    media,
    async startDialer(settings = {}) {
      const app = await startDialerApp({
        prisma: database.db.prisma,
        pool: database.db.pool,
        nc,
        namespace,
        clock,
        log: silentLogger(),
        natsTimeoutMs: 5_000,
        defaultMetrics: false,
        settings: { ...TEST_SETTINGS, ...settings },
      });
      dialers.push(app);
      return app;
    },
    async close() {
      for (const app of dialers) await app.stop(2_000).catch(() => undefined);
      await media.stop();
      await testNamespace.cleanup(nc);
      await nc.close();
      await database.drop();
    },
  };
}

/** Polls until `check` passes (or throws its last failure after `timeoutMs` of wall time). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
