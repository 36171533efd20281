// The dialer process: reads and validates the environment (the only place that does), connects to
// PostgreSQL and NATS with deadlines, runs the dialer and drains on SIGTERM / SIGINT.
import { hostname } from 'node:os';
import { connect } from '@nats-io/transport-node';
import { ScaledClock, systemClock } from '@ringpace/clock';
import { loadConfig, ConfigError } from '@ringpace/config';
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

  // Signal handlers go in first: a SIGTERM that arrives while the dialer is still starting is honoured
  // as soon as start-up finishes, instead of killing the process mid-way.
  let requestedStop: string | undefined;
  const stopper: { stop?: (signal: string) => void } = {};
  const onSignal = (signal: string) => {
    if (stopper.stop) stopper.stop(signal);
    else requestedStop ??= signal;
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

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
  process.stderr.write(`dialer: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
