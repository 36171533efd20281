// The campaign service process: reads and validates the environment (the only place that does),
// connects to PostgreSQL and NATS with deadlines, serves gRPC, and drains on SIGTERM / SIGINT.
import { connect } from '@nats-io/transport-node';
import { ScaledClock, systemClock } from '@ringpace/clock';
import { loadConfig, ConfigError } from '@ringpace/config';
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

  // Signal handlers go in first: a SIGTERM that arrives while the service is still starting is honoured
  // as soon as start-up finishes, instead of killing the process mid-way.
  let requestedStop: string | undefined;
  const stopper: { stop?: (signal: string) => void } = {};
  const onSignal = (signal: string) => {
    if (stopper.stop) stopper.stop(signal);
    else requestedStop ??= signal;
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  const app = await startCampaignApp(
    { prisma: db.prisma, pool: db.pool, nc, namespace: config.BUS_NAMESPACE, clock, log, tracer: telemetry.tracer(), adminToken: config.ADMIN_TOKEN, natsTimeoutMs: config.NATS_TIMEOUT_MS,
      ...(config.METRICS_LISTEN === undefined ? {} : { metricsListen: config.METRICS_LISTEN }) },
    config.GRPC_LISTEN,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    void (async () => {
      const { drained } = await app.stop(config.DRAIN_TIMEOUT_MS);
      await nc.drain().catch(() => nc.close());
      await db.close();
      await telemetry.shutdown().catch(() => undefined);
      log.info({ drained }, 'stopped');
      log.flush();
      process.exit(drained ? 0 : 1);
    })();
  };
  stopper.stop = stop;
  if (requestedStop !== undefined) stop(requestedStop);
}

main().catch((error: unknown) => {
  process.stderr.write(`campaign: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
