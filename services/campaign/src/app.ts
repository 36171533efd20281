// Wires the campaign service from already-open connections: gRPC server, event publisher and the audit
// consumer, with one stop() that drains them in order. main.ts and the tests both start it this way.
import { startMetricsServer } from '@ringpace/telemetry';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { Tracer } from '@opentelemetry/api';
import { createEventPublisher, ensureStreams } from '@ringpace/bus';
import type { Clock } from '@ringpace/clock';
import type { Db, PrismaClient } from '@ringpace/db';
import type { Logger } from '@ringpace/log';
import { createOutbox } from '@ringpace/outbox';
import { runAuditConsumer } from './audit/audit-consumer.js';
import { createCampaignMetrics } from './observability/metrics.js';
import { createServer, type CampaignServer } from './server.js';

const OUTBOX_RELAY_INTERVAL_MS = 2_000;

export interface CampaignAppDeps {
  readonly prisma: PrismaClient;
  readonly pool: Db['pool'];
  readonly nc: NatsConnection;
  readonly namespace: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly tracer: Tracer;
  readonly adminToken: string;
  readonly natsTimeoutMs: number;
  /** host:port serving Prometheus /metrics; unset serves none. */
  readonly metricsListen?: string;
}

export interface CampaignApp {
  readonly grpc: CampaignServer;
  /** The bound /metrics port, when metricsListen was given. */
  readonly metricsPort: number | undefined;
  /** Stops taking calls, drains calls in flight, then stops the audit consumer. */
  stop(drainTimeoutMs: number): Promise<{ drained: boolean }>;
}

export async function startCampaignApp(deps: CampaignAppDeps, listenAddress: string): Promise<CampaignApp & { port: number }> {
  const jsm = await jetstreamManager(deps.nc, { timeout: deps.natsTimeoutMs });
  await ensureStreams(jsm, deps.namespace, { timeoutMs: deps.natsTimeoutMs });
  const js = jetstream(deps.nc, { timeout: deps.natsTimeoutMs });
  const publisher = createEventPublisher({ js, namespace: deps.namespace, tracer: deps.tracer, ackTimeoutMs: deps.natsTimeoutMs });
  const outbox = createOutbox({
    pool: deps.pool,
    publish: async (event) => {
      await publisher.publish(event);
    },
    clock: deps.clock,
    log: deps.log.child({ component: 'outbox' }),
    publishTimeoutMs: deps.natsTimeoutMs,
  });

  const consumerStop = new AbortController();
  const auditDone = runAuditConsumer({
    js,
    jsm,
    namespace: deps.namespace,
    prisma: deps.prisma,
    log: deps.log.child({ component: 'audit' }),
    tracer: deps.tracer,
    signal: consumerStop.signal,
  }).catch((error: unknown) => {
    deps.log.error({ err: error }, 'audit consumer stopped with an error');
  });
  // Publishes events a crash or a NATS outage left in the outbox.
  const relayDone = outbox.relay(OUTBOX_RELAY_INTERVAL_MS, consumerStop.signal);

  const metrics = deps.metricsListen === undefined ? undefined : await startMetricsServer(createCampaignMetrics(), deps.metricsListen, { onError: (error) => deps.log.warn({ err: error }, 'metrics collection failed') });
  const grpc = createServer({ prisma: deps.prisma, pool: deps.pool, clock: deps.clock, log: deps.log, tracer: deps.tracer, adminToken: deps.adminToken, outbox });
  const port = await grpc.listen(listenAddress);
  deps.log.info({ address: listenAddress, port }, 'campaign service listening');

  return {
    grpc,
    port,
    metricsPort: metrics?.port,
    async stop(drainTimeoutMs) {
      const result = await grpc.shutdown(drainTimeoutMs);
      consumerStop.abort(new Error('shutting down'));
      await Promise.all([auditDone, relayDone]);
      await metrics?.close();
      return result;
    },
  };
}
