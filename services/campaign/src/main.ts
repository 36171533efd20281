// The campaign service process: reads and validates the environment (the only place that does),
// connects to PostgreSQL and NATS with deadlines, serves gRPC, and drains on SIGTERM / SIGINT.
import { connect } from '@nats-io/transport-node';
import { ScaledClock, systemClock } from '@ringpace/clock';
import { loadConfig, ConfigError, handleStopSignals } from '@ringpace/config';
import { createDb } from '@ringpace/db';
import { createLogger } from '@ringpace/log';
import { initTelemetry } from '@ringpace/telemetry';
import { startCampaignApp } from './app.js';
import { campaignConfigSchema } from './config.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(campaignConfigSchema, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`campaign: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger({ service: 'campaign', level: config.LOG_LEVEL });
  const telemetry = initTelemetry({ serviceName: 'campaign', ...(config.OTLP_TRACES_URL ? { otlpTracesUrl: config.OTLP_TRACES_URL } : {}) });
  const clock =
    config.CLOCK_SPEED === 1 && config.CLOCK_ORIGIN_MS === undefined
      ? systemClock
      : new ScaledClock({ speed: config.CLOCK_SPEED, ...(config.CLOCK_ORIGIN_MS === undefined ? {} : { originMs: config.CLOCK_ORIGIN_MS }) });
  const db = createDb({ url: config.DATABASE_URL, poolMax: config.DB_POOL_MAX, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS });
  const nc = await connect({ servers: config.NATS_URL.split(',').map((s) => s.trim()), timeout: config.NATS_TIMEOUT_MS, name: 'ringpace-campaign', maxReconnectAttempts: -1, noAsyncTraces: true });

  // Before start-up, so a SIGTERM during it is honoured as soon as the service is up.
  const whenStarted = handleStopSignals({ log });

  const app = await startCampaignApp(
    { prisma: db.prisma, pool: db.pool, nc, namespace: config.BUS_NAMESPACE, clock, log, tracer: telemetry.tracer(), adminToken: config.ADMIN_TOKEN, natsTimeoutMs: config.NATS_TIMEOUT_MS,
      ...(config.METRICS_LISTEN === undefined ? {} : { metricsListen: config.METRICS_LISTEN }) },
    config.GRPC_LISTEN,
  );

  whenStarted(async () => {
    const { drained } = await app.stop(config.DRAIN_TIMEOUT_MS);
    await nc.drain().catch(() => nc.close());
    await db.close();
    await telemetry.shutdown().catch(() => undefined);
    return drained;
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`campaign: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
