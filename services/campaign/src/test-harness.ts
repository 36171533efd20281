// Starts a real campaign service for integration tests: its own database, its own bus namespace, an
// in-memory span exporter, and clients for the operator and for tenants. Used only by tests.
import { randomBytes } from 'node:crypto';
import { AppError } from '@ringpace/errors';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { ManualClock } from '@ringpace/clock';
import { silentLogger } from '@ringpace/log';
import { InMemorySpanExporter, SimpleSpanProcessor, initTelemetry, type Telemetry } from '@ringpace/telemetry';
import { createTestDatabase, createTestNamespace, testNatsServer, type TestDatabase } from '@ringpace/testing';
import { startCampaignApp, type CampaignApp } from './app.js';
import { CampaignClient } from './client.js';

export interface Harness {
  readonly address: string;
  readonly adminToken: string;
  readonly operator: CampaignClient;
  readonly database: TestDatabase;
  readonly nc: NatsConnection;
  readonly namespace: string;
  readonly clock: ManualClock;
  readonly spans: InMemorySpanExporter;
  readonly app: CampaignApp;
  /** Creates a tenant and an API key; returns a client acting as that tenant. */
  tenant(name: string): Promise<{ id: string; apiKeyId: string; key: string; client: CampaignClient }>;
  close(): Promise<void>;
}

let telemetry: Telemetry | undefined;
const spans = new InMemorySpanExporter();

export async function startHarness(): Promise<Harness> {
  telemetry ??= initTelemetry({ serviceName: 'campaign-test', spanProcessors: [new SimpleSpanProcessor(spans)] });
  const database = await createTestDatabase();
  const nats = await testNatsServer();
  const nc = await connect({ servers: nats.url, timeout: 5_000 });
  const testNamespace = createTestNamespace();
  const clock = new ManualClock(Date.UTC(2026, 10, 24, 9, 0, 0));
  const adminToken = randomBytes(24).toString('base64url');
  const app = await startCampaignApp(
    {
      prisma: database.db.prisma,
      pool: database.db.pool,
      nc,
      namespace: testNamespace.namespace,
      clock,
      log: silentLogger(),
      tracer: telemetry.tracer(),
      adminToken,
      natsTimeoutMs: 5_000,
      metricsListen: '127.0.0.1:0',
    },
    '127.0.0.1:0',
  );
  const address = `127.0.0.1:${app.port}`;
  const operator = new CampaignClient({ address, credential: adminToken });
  return {
    address,
    adminToken,
    operator,
    database,
    nc,
    namespace: testNamespace.namespace,
    clock,
    spans,
    app,
    async tenant(name) {
      const { tenant } = await operator.createTenant({ name: `${name}-${randomBytes(4).toString('hex')}` });
      const { apiKey, secret } = await operator.createApiKey({ tenantId: tenant!.id, name: `${name} key` });
      return { id: tenant!.id, apiKeyId: apiKey!.id, key: secret, client: operator.as(secret) };
    },
    async close() {
      await app.stop(2_000);
      operator.close();
      await testNamespace.cleanup(nc);
      await nc.close();
      await database.drop();
    },
  };
}

/** The AppError a call fails with; fails the test when the call succeeds or throws something else. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof AppError) return error;
  throw new Error(error === undefined ? 'expected the call to fail' : `expected an AppError, got ${error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error)}`);
}
