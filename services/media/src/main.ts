// The media service process: reads and validates the environment (the only place that does), connects to
// PostgreSQL and NATS with deadlines, controls the FreeSWITCH nodes, and drains on SIGTERM / SIGINT.
import { connect } from '@nats-io/transport-node';
import { ScaledClock, systemClock } from '@ringpace/clock';
import { ConfigError, loadConfig, handleStopSignals } from '@ringpace/config';
import { createDb } from '@ringpace/db';
import { createLogger } from '@ringpace/log';
import { initTelemetry } from '@ringpace/telemetry';
import { startMediaApp } from './app.js';
import { mediaConfigSchema, nodesOf } from './config.js';
import { createFlowRepository, prismaFlowSource } from './flows/flow-repository.js';
import { useSynchronousContext } from './observability/synchronous-context.js';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(mediaConfigSchema, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`media: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger({ service: 'media', level: config.LOG_LEVEL });
  const telemetry = initTelemetry({ serviceName: 'media', ...(config.OTLP_TRACES_URL ? { otlpTracesUrl: config.OTLP_TRACES_URL } : {}) });
  // A call's trace travels explicitly (session, event envelopes); see synchronous-context.ts.
  useSynchronousContext();
  const clock = config.CLOCK_SPEED === 1 && config.CLOCK_ORIGIN_MS === undefined
    ? systemClock
    : new ScaledClock({ speed: config.CLOCK_SPEED, ...(config.CLOCK_ORIGIN_MS === undefined ? {} : { originMs: config.CLOCK_ORIGIN_MS }) });
  const db = createDb({ url: config.DATABASE_URL, poolMax: config.DB_POOL_MAX, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS, applicationName: 'ringpace-media' });
  const nc = await connect({ servers: config.NATS_URL.split(',').map((s) => s.trim()), timeout: config.NATS_TIMEOUT_MS, name: 'ringpace-media', maxReconnectAttempts: -1, noAsyncTraces: true });
  if (config.GRPC_LISTEN !== undefined) log.warn({ address: config.GRPC_LISTEN }, 'GRPC_LISTEN is set but MediaService over gRPC is not served yet; call ops go over NATS');

  // Signal handlers go in first: a SIGTERM during start-up is honoured as soon as start-up finishes.
  // Before start-up, so a SIGTERM during it is honoured as soon as the service is up.
  const whenStarted = handleStopSignals({ log });

  const flowSource = prismaFlowSource(db.prisma, config.DB_STATEMENT_TIMEOUT_MS);
  // The first query pays for the pool's connection and the query compiler (hundreds of ms): pay it before
  // the first answered call would, while its callee hears silence.
  await flowSource(NIL_UUID, NIL_UUID, 0).catch((error: unknown) => log.warn({ err: error }, 'flow store not reachable at start; the first call tries again'));

  const app = await startMediaApp({
    nodes: nodesOf(config),
    nc,
    namespace: config.BUS_NAMESPACE,
    clock,
    log,
    tracer: telemetry.tracer(),
    flows: createFlowRepository(flowSource),
    natsTimeoutMs: config.NATS_TIMEOUT_MS,
    settings: {
      ttsEngine: config.TTS_ENGINE,
      ttsVoice: config.TTS_VOICE,
      recordingsDir: config.RECORDINGS_DIR,
      queueContext: config.QUEUE_CONTEXT,
      transferContext: config.TRANSFER_CONTEXT,
      eslCommandTimeoutMs: config.ESL_COMMAND_TIMEOUT_MS,
      healthIntervalMs: config.HEALTH_INTERVAL_MS,
      flowLoadTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    },
    ...(config.METRICS_LISTEN === undefined ? {} : { metricsListen: config.METRICS_LISTEN }),
  });

  whenStarted(async () => {
    const { drained } = await app.stop(config.DRAIN_TIMEOUT_MS);
    await nc.drain().catch(() => nc.close());
    await db.close();
    await telemetry.shutdown().catch(() => undefined);
    return drained;
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`media: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
