// Wires the dialer from already-open connections: trunk leases, the pacing loop, the call and campaign
// event consumers, the lost-attempt sweeper and completion check, metrics; one stop() drains them in
// order. main.ts and the tests both start it this way.
import { startMetricsServer, type MetricsServer } from '@ringpace/telemetry';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Tracer } from '@opentelemetry/api';
import { Buckets, Consumers, bucketName, createEventPublisher, createRequester, ensureStreams, openBucket } from '@ringpace/bus';
import type { Clock } from '@ringpace/clock';
import type { Db, PrismaClient } from '@ringpace/db';
import type { Logger } from '@ringpace/log';
import { createOutbox } from '@ringpace/outbox';
import { startCallEventsConsumer } from './calls/call-events-consumer.js';
import { sweepLostAttempts } from './calls/loss-sweeper.js';
import { pruneProcessedEvents } from './calls/processed-events.js';
import { LeaseManager, type TrunkLease } from './leases/lease-manager.js';
import { PodRegistry, type PodMembers } from './leases/pod-registry.js';
import { startCampaignEventsConsumer } from './lifecycle/campaign-events-consumer.js';
import { completeFinishedCampaigns } from './lifecycle/completion.js';
import { createDialerMetrics, type DialerMetrics } from './metrics.js';
import { DialLoop } from './pacing/dial-loop.js';
import { PlanStore } from './plans/campaign-plan.js';

const OUTBOX_RELAY_INTERVAL_MS = 2_000;

export interface DialerSettings {
  readonly podId: string;
  readonly leaseTtlMs: number;
  readonly leaseRenewMs: number;
  readonly claimIntervalMs: number;
  readonly claimBatchMax: number;
  readonly ringTimeoutMs: number;
  readonly maxCallMs: number;
  readonly originateTimeoutMs: number;
  readonly refusedRetryMs: number;
  readonly sweepIntervalMs: number;
}

export interface DialerAppDeps {
  readonly prisma: PrismaClient;
  readonly pool: Db['pool'];
  readonly nc: NatsConnection;
  readonly namespace: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly tracer?: Tracer;
  readonly natsTimeoutMs: number;
  readonly settings: DialerSettings;
  /** host:port for GET /metrics; none when undefined. */
  readonly metricsListen?: string;
  /** Default process metrics too (off in tests that start several dialers). */
  readonly defaultMetrics?: boolean;
}

export interface DialerApp {
  readonly podId: string;
  readonly metrics: DialerMetrics;
  readonly leases: LeaseManager;
  readonly dialLoop: DialLoop;
  /** The port /metrics listens on, when it does. */
  readonly metricsPort: number | undefined;
  /** Stops claiming, waits for originates in flight, releases leases, stops the consumers. */
  stop(drainTimeoutMs: number): Promise<{ drained: boolean }>;
}

function every(intervalMs: number, signal: AbortSignal, work: () => Promise<unknown>, onError: (error: unknown) => void): Promise<void> {
  return (async () => {
    while (!signal.aborted) {
      await work().catch(onError);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, intervalMs);
        function done(): void {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    }
  })();
}

export async function startDialerApp(deps: DialerAppDeps): Promise<DialerApp> {
  const { settings, log } = deps;
  const jsm = await jetstreamManager(deps.nc, { timeout: deps.natsTimeoutMs });
  await ensureStreams(jsm, deps.namespace, { timeoutMs: deps.natsTimeoutMs });
  const js = jetstream(deps.nc, { timeout: deps.natsTimeoutMs });
  const publisher = createEventPublisher({ js, namespace: deps.namespace, ...(deps.tracer ? { tracer: deps.tracer } : {}), ackTimeoutMs: deps.natsTimeoutMs });
  const outbox = createOutbox({
    pool: deps.pool,
    publish: async (event) => {
      await publisher.publish(event);
    },
    clock: deps.clock,
    log: log.child({ component: 'outbox' }),
  });
  const metrics = createDialerMetrics({ defaultMetrics: deps.defaultMetrics ?? true });
  const plans = new PlanStore();

  const leaseBucket = await openBucket<TrunkLease>(js, bucketName(deps.namespace, Buckets.TrunkLeases), { timeoutMs: deps.natsTimeoutMs });
  const podBucket = await openBucket<PodMembers>(js, bucketName(deps.namespace, Buckets.DialerPods), { timeoutMs: deps.natsTimeoutMs });
  const leases = new LeaseManager({
    bucket: leaseBucket,
    pods: new PodRegistry(podBucket, settings.podId, settings.leaseTtlMs),
    prisma: deps.prisma,
    podId: settings.podId,
    ttlMs: settings.leaseTtlMs,
    log: log.child({ component: 'leases' }),
    gauge: metrics.leasesHeld,
  });

  const dialLoop = new DialLoop({
    pool: deps.pool,
    clock: deps.clock,
    log: log.child({ component: 'pacing' }),
    plans,
    trunks: leases,
    metrics,
    originate: {
      pool: deps.pool,
      requester: createRequester(deps.nc),
      namespace: deps.namespace,
      clock: deps.clock,
      ...(deps.tracer ? { tracer: deps.tracer } : {}),
      requestTimeoutMs: settings.originateTimeoutMs,
      ringTimeoutMs: settings.ringTimeoutMs,
      refusedRetryMs: settings.refusedRetryMs,
    },
    podId: settings.podId,
    ringTimeoutMs: settings.ringTimeoutMs,
    maxCallMs: settings.maxCallMs,
    claimBatchMax: settings.claimBatchMax,
    recountIntervalMs: settings.leaseRenewMs,
  });

  const claimStop = new AbortController();
  const backgroundStop = new AbortController();
  const callEvents = await startCallEventsConsumer({
    js,
    jsm,
    namespace: deps.namespace,
    deps: { pool: deps.pool, clock: deps.clock, plans },
    log: log.child({ component: 'call-events' }),
    ...(deps.tracer ? { tracer: deps.tracer } : {}),
    signal: backgroundStop.signal,
    onEnded: (attempt) => dialLoop.attemptEnded(attempt.trunkId),
  });
  const campaignEvents = await startCampaignEventsConsumer({
    js,
    jsm,
    deps: { prisma: deps.prisma, nc: deps.nc, namespace: deps.namespace, log: log.child({ component: 'campaign-events' }), requestTimeoutMs: deps.natsTimeoutMs, ...(deps.tracer ? { tracer: deps.tracer } : {}) },
    log: log.child({ component: 'campaign-events' }),
    ...(deps.tracer ? { tracer: deps.tracer } : {}),
    signal: backgroundStop.signal,
  });

  // Leases first, so the first claim pass already has trunks.
  await leases.cycle().catch((error: unknown) => log.warn({ err: error }, 'first lease cycle failed; the next one retries'));
  const leaseDone = (async () => {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, settings.leaseRenewMs);
      function done(): void {
        clearTimeout(timer);
        claimStop.signal.removeEventListener('abort', done);
        resolve();
      }
      claimStop.signal.addEventListener('abort', done, { once: true });
    });
    await leases.run(settings.leaseRenewMs, claimStop.signal);
  })();
  const dialDone = dialLoop.run(settings.claimIntervalMs, claimStop.signal);
  const sweepDone = every(
    settings.sweepIntervalMs,
    backgroundStop.signal,
    async () => {
      for (const ended of await sweepLostAttempts({ pool: deps.pool, clock: deps.clock, plans, log })) dialLoop.attemptEnded(ended.trunkId);
      await completeFinishedCampaigns({ prisma: deps.prisma, clock: deps.clock, outbox, log });
      await pruneProcessedEvents({ pool: deps.pool, consumer: Consumers.DialerCallEvents.durable, now: deps.clock.now() });
    },
    (error) => log.warn({ err: error }, 'sweep failed; the next pass retries'),
  );
  const relayDone = outbox.relay(OUTBOX_RELAY_INTERVAL_MS, backgroundStop.signal);

  let metricsServer: MetricsServer | undefined;
  if (deps.metricsListen !== undefined) metricsServer = await startMetricsServer(metrics.registry, deps.metricsListen, { onError: (error) => log.warn({ err: error }, 'metrics collection failed') });
  log.info({ leases: leases.held().length, metricsPort: metricsServer?.port }, 'dialer started');

  return {
    podId: settings.podId,
    metrics,
    leases,
    dialLoop,
    metricsPort: metricsServer?.port,
    async stop(drainTimeoutMs) {
      claimStop.abort(new Error('draining'));
      await Promise.all([dialDone, leaseDone]);
      const drained = await dialLoop.settle(drainTimeoutMs);
      await leases.releaseAll();
      backgroundStop.abort(new Error('shutting down'));
      await Promise.all([callEvents.done, campaignEvents.done, sweepDone, relayDone]);
      await metricsServer?.close();
      return { drained };
    },
  };
}
