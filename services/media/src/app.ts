// Wires the media service from already-open connections: the publish queue, the flow repository, one
// MediaNode per FreeSWITCH node, the NodeHealth bucket and the metrics endpoint, with one stop() that
// drains in order. main.ts and the tests both start it this way.
import { startMetricsServer, type MetricsServer } from '@ringpace/telemetry';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Tracer } from '@opentelemetry/api';
import { Buckets, bucketName, createEventPublisher, ensureStreams, openBucket } from '@ringpace/bus';
import type { Clock } from '@ringpace/clock';
import type { Logger } from '@ringpace/log';
import type { NodeConfig } from './config.js';
import { createPublishQueue } from './events/publish-queue.js';
import type { FlowRepository } from './flows/flow-repository.js';
import { MediaNode, type NodeHealth } from './node/media-node.js';
import { createMediaMetrics, type MediaMetrics } from './observability/metrics.js';

/** A node's health older than this is stale to readers; media rewrites it well within. */
const NODE_HEALTH_TTL_MS = 60_000;

export interface MediaRuntimeSettings {
  readonly ttsEngine: string;
  readonly ttsVoice: string;
  readonly recordingsDir: string;
  readonly queueContext: string;
  readonly transferContext: string;
  readonly eslCommandTimeoutMs: number;
  /** Deadline of one dialplan application (a prompt, an entry, a recording). */
  readonly appTimeoutMs: number;
  readonly healthIntervalMs: number;
  readonly flowLoadTimeoutMs: number;
}

export const DEFAULT_RUNTIME_SETTINGS: MediaRuntimeSettings = {
  ttsEngine: 'flite',
  ttsVoice: 'kal',
  recordingsDir: '/var/lib/freeswitch/recordings',
  queueContext: 'ringpace_queues',
  transferContext: 'default',
  eslCommandTimeoutMs: 5_000,
  appTimeoutMs: 15 * 60_000,
  healthIntervalMs: 5_000,
  flowLoadTimeoutMs: 5_000,
};

export interface MediaAppDeps {
  readonly nodes: readonly NodeConfig[];
  readonly nc: NatsConnection;
  readonly namespace: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly tracer?: Tracer;
  readonly flows: FlowRepository;
  readonly natsTimeoutMs: number;
  readonly settings?: Partial<MediaRuntimeSettings>;
  /** host:port for Prometheus /metrics; undefined = not served. */
  readonly metricsListen?: string;
  /** How long start-up waits for each node's first connection before going on (it keeps retrying). */
  readonly connectWaitMs?: number;
}

export interface MediaApp {
  readonly nodes: ReadonlyMap<string, MediaNode>;
  readonly metrics: MediaMetrics;
  readonly metricsPort: number | undefined;
  /** Stops originates, lets calls finish up to drainMs, flushes events, disconnects. */
  stop(drainMs: number): Promise<{ drained: boolean }>;
}

/**
 * How long a call event ready to go waits for others to share its socket write to NATS. Nothing reads
 * call events within milliseconds (the dialer takes them in batches), and a write costs more than the
 * publishing around it.
 */
const CALL_EVENT_BATCH_WINDOW_MS = 10;

export async function startMediaApp(deps: MediaAppDeps): Promise<MediaApp> {
  const settings = { ...DEFAULT_RUNTIME_SETTINGS, ...deps.settings };
  const jsm = await jetstreamManager(deps.nc, { timeout: deps.natsTimeoutMs });
  await ensureStreams(jsm, deps.namespace, { timeoutMs: deps.natsTimeoutMs });
  const js = jetstream(deps.nc, { timeout: deps.natsTimeoutMs });
  // Acks on one shared inbox: a call's events are most of what this process sends to NATS.
  const publisher = createEventPublisher({ js, nc: deps.nc, namespace: deps.namespace, ackTimeoutMs: deps.natsTimeoutMs, ...(deps.tracer ? { tracer: deps.tracer } : {}) });
  const metrics = createMediaMetrics();
  const queue = createPublishQueue({ publisher, log: deps.log.child({ component: 'publish' }), batchWindowMs: CALL_EVENT_BATCH_WINDOW_MS, onPublished: () => metrics.callEventsPublished.inc() });
  const health = await openBucket<NodeHealth>(js, bucketName(deps.namespace, Buckets.NodeHealth), { ttlMs: NODE_HEALTH_TTL_MS, timeoutMs: deps.natsTimeoutMs });

  const nodes = new Map<string, MediaNode>();
  for (const node of deps.nodes) {
    nodes.set(
      node.id,
      new MediaNode({
        node,
        nc: deps.nc,
        namespace: deps.namespace,
        clock: deps.clock,
        log: deps.log,
        ...(deps.tracer ? { tracer: deps.tracer } : {}),
        queue,
        flows: deps.flows,
        metrics,
        health,
        settings: {
          ttsEngine: settings.ttsEngine,
          ttsVoice: settings.ttsVoice,
          recordingsDir: settings.recordingsDir,
          queueContext: settings.queueContext,
          appTimeoutMs: settings.appTimeoutMs,
          commandTimeoutMs: settings.eslCommandTimeoutMs,
        },
        transferContext: settings.transferContext,
        healthIntervalMs: settings.healthIntervalMs,
        flowLoadTimeoutMs: settings.flowLoadTimeoutMs,
      }),
    );
  }
  await Promise.all([...nodes.values()].map((node) => node.start(deps.connectWaitMs ?? 5_000)));
  let metricsServer: MetricsServer | undefined;
  if (deps.metricsListen !== undefined) metricsServer = await startMetricsServer(metrics.registry, deps.metricsListen);
  deps.log.info({ nodes: [...nodes.keys()], metricsPort: metricsServer?.port }, 'media service started');

  return {
    nodes,
    metrics,
    metricsPort: metricsServer?.port,
    async stop(drainMs) {
      const startedAt = performance.now();
      const drainedCalls = (await Promise.all([...nodes.values()].map((node) => node.drain(drainMs)))).every(Boolean);
      const flushMs = Math.max(2_000, drainMs - (performance.now() - startedAt));
      const flushed = await queue.flush(flushMs);
      await Promise.all([...nodes.values()].map((node) => node.stop()));
      queue.close();
      await metricsServer?.close();
      return { drained: drainedCalls && flushed };
    },
  };
}
