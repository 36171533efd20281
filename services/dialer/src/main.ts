// The dialer process: reads and validates the environment (the only place that does), connects to
// PostgreSQL and NATS with deadlines, runs the dialer and drains on SIGTERM / SIGINT.
import { hostname } from 'node:os';
import { connect } from '@nats-io/transport-node';
import { ScaledClock, systemClock } from '@ringpace/clock';
import { loadConfig, ConfigError, handleStopSignals } from '@ringpace/config';
import { createDb } from '@ringpace/db';
import { createLogger } from '@ringpace/log';
import { initTelemetry } from '@ringpace/telemetry';
import { startDialerApp } from './app.js';
import { dialerConfigSchema } from './config.js';

function defaultPodId(): string {
  return `${hostname().replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 48)}-${process.pid}`;
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(dialerConfigSchema, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`dialer: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const podId = config.DIALER_POD_ID ?? defaultPodId();
  const log = createLogger({ service: 'dialer', level: config.LOG_LEVEL }).child({ podId });
  const telemetry = initTelemetry({ serviceName: 'dialer', ...(config.OTLP_TRACES_URL ? { otlpTracesUrl: config.OTLP_TRACES_URL } : {}) });
  const clock =
    config.CLOCK_SPEED === 1 && config.CLOCK_ORIGIN_MS === undefined
      ? systemClock
      : new ScaledClock({ speed: config.CLOCK_SPEED, ...(config.CLOCK_ORIGIN_MS === undefined ? {} : { originMs: config.CLOCK_ORIGIN_MS }) });
  const db = createDb({ url: config.DATABASE_URL, poolMax: config.DB_POOL_MAX, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS, applicationName: 'ringpace-dialer' });
  const nc = await connect({ servers: config.NATS_URL.split(',').map((s) => s.trim()), timeout: config.NATS_TIMEOUT_MS, name: `ringpace-dialer-${podId}`, maxReconnectAttempts: -1, noAsyncTraces: true });

  // Before start-up, so a SIGTERM during it is honoured as soon as the service is up.
  const whenStarted = handleStopSignals({ log });

  const app = await startDialerApp({
    prisma: db.prisma,
    pool: db.pool,
    nc,
    namespace: config.BUS_NAMESPACE,
    clock,
    log,
    tracer: telemetry.tracer(),
    natsTimeoutMs: config.NATS_TIMEOUT_MS,
    ...(config.METRICS_LISTEN === undefined ? {} : { metricsListen: config.METRICS_LISTEN }),
    settings: {
      podId,
      leaseTtlMs: config.DIALER_LEASE_TTL_MS,
      leaseRenewMs: config.DIALER_LEASE_RENEW_MS,
      claimIntervalMs: config.DIALER_CLAIM_INTERVAL_MS,
      claimBatchMax: config.DIALER_CLAIM_BATCH_MAX,
      ringTimeoutMs: config.DIALER_RING_TIMEOUT_MS,
      maxCallMs: config.DIALER_MAX_CALL_MS,
      originateTimeoutMs: config.DIALER_ORIGINATE_TIMEOUT_MS,
      refusedRetryMs: config.DIALER_REFUSED_RETRY_MS,
      sweepIntervalMs: config.DIALER_SWEEP_INTERVAL_MS,
    },
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
  process.stderr.write(`dialer: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
