// Benchmark: the campaign service's gRPC calls (GetCampaign, ListCampaigns, CreateCampaign) against a
// bare grpc-js server of the same definition, and, inside a GetCampaign, each Prisma query against the
// same SQL on the same pg pool. Run by scripts/bench.mjs (see scripts/bench/run-benchmark.mjs).
import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { systemClock } from '@ringpace/clock';
import { DEFAULT_POOL_MAX } from '@ringpace/db';
import { silentLogger } from '@ringpace/log';
import { CampaignState, CreateCampaignRequest, type Campaign } from '@ringpace/proto';
import { initTelemetry } from '@ringpace/telemetry';
import { createTestDatabase, createTestNamespace, testNatsServer } from '@ringpace/testing';
import { startCampaignApp } from '../app.js';
import { parseApiKey } from '../auth/api-key.js';
import { CampaignClient } from '../client.js';
import { startBareCampaignServer } from './bare-campaign-server.bench.js';

const CONCURRENCIES = [1, 32] as const;
/** Campaigns in the tenant before measuring: enough for full pages of 50 and for GetCampaign to rotate over. */
const SEEDED_CAMPAIGNS = 200;
const LIST_PAGE_SIZE = 50;
/** As in production (DB_POOL_MAX, DB_STATEMENT_TIMEOUT_MS, NATS_TIMEOUT_MS defaults of config.ts). */
const DB_STATEMENT_TIMEOUT_MS = 5_000;
const NATS_TIMEOUT_MS = 5_000;
const CALL_TIMEOUT_MS = 10_000;

function campaignRequest(name: string): CreateCampaignRequest {
  return {
    ...CreateCampaignRequest.fromPartial({}),
    // Clients are told to send an idempotency key, so the service does its request-id lookup too.
    requestId: randomUUID(),
    name,
    defaultRegion: 'CN',
    timezone: 'Asia/Shanghai',
    callerIds: ['+861065529988'],
    maxConcurrentCalls: 30,
  };
}

/** Each call must bring back what was asked for; a wrong answer counts as an error, not as speed. */
function expectCampaign(campaign: Campaign | undefined, id?: string): void {
  if (campaign === undefined || (id !== undefined && campaign.id !== id)) throw new Error('unexpected campaign in the response');
}

export async function setup() {
  const cleanups: Array<() => unknown> = [];
  let closing: Promise<void> | undefined;
  // In reverse order of creation, each step bounded by its own deadline inside; safe to call twice.
  const close = () =>
    (closing ??= (async () => {
      for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
    })());
  try {
    // Spans are created as in production without OTLP_TRACES_URL (sampled, not exported).
    const telemetry = initTelemetry({ serviceName: 'campaign-bench' });
    cleanups.push(() => telemetry.shutdown());
    const database = await createTestDatabase({ poolMax: DEFAULT_POOL_MAX, statementTimeoutMs: DB_STATEMENT_TIMEOUT_MS });
    cleanups.push(() => database.drop());
    const nc = await connect({ servers: (await testNatsServer()).url, timeout: NATS_TIMEOUT_MS });
    cleanups.push(() => nc.close());
    const namespace = createTestNamespace();
    cleanups.push(() => namespace.cleanup(nc));
    const adminToken = randomBytes(24).toString('base64url');
    const app = await startCampaignApp(
      { prisma: database.db.prisma, pool: database.db.pool, nc, namespace: namespace.namespace, clock: systemClock, log: silentLogger(), tracer: telemetry.tracer(), adminToken, natsTimeoutMs: NATS_TIMEOUT_MS },
      '127.0.0.1:0',
    );
    cleanups.push(() => app.stop(2_000));

    const operator = new CampaignClient({ address: `127.0.0.1:${app.port}`, credential: adminToken, timeoutMs: CALL_TIMEOUT_MS });
    cleanups.push(() => operator.close());
    const { tenant } = await operator.createTenant({ name: `bench-${randomBytes(4).toString('hex')}` });
    const { secret } = await operator.createApiKey({ tenantId: tenant!.id, name: 'bench key' });
    const ours = operator.as(secret);
    const campaignIds: string[] = [];
    for (let index = 0; index < SEEDED_CAMPAIGNS; index += 1) {
      const { campaign } = await ours.createCampaign(campaignRequest(`seeded ${index}`));
      campaignIds.push(campaign!.id);
    }

    // The baseline answers with responses captured from the real service, so both send the same bytes.
    const listRequest = { pageSize: LIST_PAGE_SIZE, pageToken: '', state: CampaignState.UNSPECIFIED };
    const bareServer = await startBareCampaignServer({
      createCampaign: await ours.createCampaign(campaignRequest('captured')),
      getCampaign: await ours.getCampaign({ id: campaignIds[0]! }),
      listCampaigns: await ours.listCampaigns(listRequest),
    });
    cleanups.push(() => bareServer.stop());
    const bare = new CampaignClient({ address: `127.0.0.1:${bareServer.port}`, credential: secret, timeoutMs: CALL_TIMEOUT_MS });
    cleanups.push(() => bare.close());

    let next = 0;
    const nextId = () => campaignIds[(next += 1) % campaignIds.length]!;
    let created = 0;
    const nextName = () => `bench ${(created += 1)}`;
    const { prisma, pool } = database.db;
    const { prefix } = parseApiKey(secret)!;
    const tenantId = tenant!.id;

    const grpcRows = CONCURRENCIES.flatMap((concurrency) => [
      {
        scenario: 'GetCampaign',
        concurrency,
        baseline: async () => expectCampaign((await bare.getCampaign({ id: nextId() })).campaign),
        ours: async () => {
          const id = nextId();
          expectCampaign((await ours.getCampaign({ id })).campaign, id);
        },
      },
      {
        scenario: `ListCampaigns (page of ${LIST_PAGE_SIZE})`,
        concurrency,
        baseline: async () => bare.listCampaigns(listRequest),
        ours: async () => {
          const { campaigns } = await ours.listCampaigns(listRequest);
          if (campaigns.length !== LIST_PAGE_SIZE) throw new Error(`expected ${LIST_PAGE_SIZE} campaigns, got ${campaigns.length}`);
        },
      },
      {
        scenario: 'CreateCampaign (+ publish with ack)',
        concurrency,
        baseline: async () => bare.createCampaign(campaignRequest(nextName())),
        ours: async () => expectCampaign((await ours.createCampaign(campaignRequest(nextName()))).campaign),
      },
    ]);

    // The two queries a GetCampaign makes, as the service writes them, against hand-written SQL.
    const queryRows = CONCURRENCIES.flatMap((concurrency) => [
      {
        scenario: 'API-key lookup by prefix',
        concurrency,
        baseline: async () => pool.query({ text: 'SELECT id, tenant_id, secret_hash, revoked_at FROM api_keys WHERE prefix = $1', values: [prefix] }),
        ours: async () =>
          prisma.apiKey.findUnique({ where: { prefix }, select: { id: true, tenantId: true, secretHash: true, revokedAt: true } }),
      },
      {
        scenario: 'campaign by id and tenant (+ flow version)',
        concurrency,
        baseline: async () =>
          pool.query({
            text: 'SELECT c.*, fv.flow_id, fv.version FROM campaigns c LEFT JOIN flow_versions fv ON fv.id = c.flow_version_id WHERE c.id = $1 AND c.tenant_id = $2',
            values: [nextId(), tenantId],
          }),
        ours: async () =>
          prisma.campaign.findFirst({ where: { id: nextId(), tenantId }, include: { flowVersion: { select: { flowId: true, version: true } } } }),
      },
    ]);

    return {
      title: 'campaign service gRPC',
      notes: [
        'Client and server run in one Node process and share the machine with PostgreSQL and NATS.',
        `Tenant holds ${SEEDED_CAMPAIGNS}+ campaigns; GetCampaign rotates over them; CreateCampaign sends a request_id.`,
        'Ours: real service (API-key auth, tenant-scoped Prisma queries, spans sampled but not exported, silent logger, audit consumer running).',
      ],
      facts: {
        postgres: (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? 'unknown',
        nats: nc.info?.version ?? 'unknown',
        dbPoolMax: DEFAULT_POOL_MAX,
        seededCampaigns: SEEDED_CAMPAIGNS,
      },
      groups: [
        { title: 'gRPC calls: campaign service vs bare grpc-js', baseline: 'bare grpc-js', ours: 'campaign', rows: grpcRows },
        { title: 'GetCampaign queries: Prisma vs the same SQL on the same pg pool', baseline: 'pg', ours: 'Prisma', rows: queryRows },
      ],
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
