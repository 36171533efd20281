// `make demo`: starts the campaign service against the PostgreSQL and NATS at DATABASE_URL / NATS_URL
// and drives it with a short scripted client, printing what it does. Later work grows this into a
// whole notification campaign through every service.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { CampaignClient } from '@ringpace/campaign/client';
import { migrate } from '@ringpace/db';

const root = fileURLToPath(new URL('..', import.meta.url));
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const namespace = 'demo';
const demoDatabase = 'ringpace_demo';

const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const step = (text) => console.log(`\n${bold('▸ ' + text)}`);
const say = (text) => console.log(`  ${text}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function outcome(promise) {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return `${error.code}: ${error.message}`;
  }
}

async function main() {
  const check = spawnSync(process.execPath, [`${root}scripts/check-services.mjs`], { stdio: 'inherit' });
  if (check.status !== 0) process.exit(1);

  step(`database "${demoDatabase}" on ${new URL(databaseUrl).host}`);
  const admin = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [demoDatabase]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${demoDatabase}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${demoDatabase}`;
  const demoUrl = url.toString();
  const migrated = await migrate({ url: demoUrl, lockTimeoutMs: 30_000 });
  say(`migrations: ${migrated.applied.length} applied, ${migrated.alreadyApplied.length} already there`);

  step('starting services/campaign');
  const port = await freePort();
  const adminToken = randomBytes(24).toString('base64url');
  const service = spawn(process.execPath, [`${root}services/campaign/dist/main.js`], {
    env: { ...process.env, DATABASE_URL: demoUrl, NATS_URL: natsUrl, GRPC_LISTEN: `127.0.0.1:${port}`, ADMIN_TOKEN: adminToken, BUS_NAMESPACE: namespace, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => service.on('exit', (code, signal) => resolve({ code, signal })));
  const address = `127.0.0.1:${port}`;
  const operator = new CampaignClient({ address, credential: adminToken, timeoutMs: 5_000 });
  try {
    const startedAt = Date.now();
    for (;;) {
      const state = await outcome(operator.createTenant({ name: '' }));
      if (state.startsWith('INVALID_ARGUMENT')) break;
      if (Date.now() - startedAt > 20_000) throw new Error(`the campaign service did not answer on ${address} within 20 s (last: ${state})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    say(`listening on ${address} (gRPC, reflection on: grpcurl -plaintext ${address} list)`);

    step('operator creates two tenants and their API keys');
    const suffix = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
    const { tenant: carrier } = await operator.createTenant({ name: `Demo Carrier ${suffix}` });
    const { tenant: other } = await operator.createTenant({ name: `Other Tenant ${suffix}` });
    const carrierKey = await operator.createApiKey({ tenantId: carrier.id, name: 'demo-crm' });
    const otherKey = await operator.createApiKey({ tenantId: other.id, name: 'demo-other' });
    say(`tenant ${carrier.name} (${carrier.id}) key ${carrierKey.apiKey.prefix}… (secret shown once, stored hashed)`);
    say(`tenant ${other.name} (${other.id}) key ${otherKey.apiKey.prefix}…`);
    const client = operator.as(carrierKey.secret);
    const otherClient = operator.as(otherKey.secret);

    step('the carrier creates notification campaigns');
    const definitions = [
      { name: 'Admission notices 2026', defaultRegion: 'CN', timezone: 'Asia/Shanghai', callerIds: ['+861065529988'], maxConcurrentCalls: 120 },
      { name: 'Payment reminders', defaultRegion: 'CN', timezone: 'Asia/Shanghai', callerIds: ['+862161234567'], maxConcurrentCalls: 60 },
      { name: 'Appointment confirmations', defaultRegion: 'US', timezone: 'America/New_York', callerIds: ['+12125550123'], maxConcurrentCalls: 30 },
    ];
    const created = [];
    for (const definition of definitions) {
      const requestId = randomUUID();
      const { campaign } = await client.createCampaign({ requestId, description: '', dialMode: 'DIAL_MODE_NOTIFICATION', flowId: '', flowVersion: 0, ...definition });
      created.push({ campaign, requestId, definition });
      say(`${campaign.id}  ${campaign.state}  ${campaign.name}  (${campaign.defaultRegion}, ${campaign.timezone}, ≤${campaign.maxConcurrentCalls} calls)`);
    }

    step('a retried CreateCampaign (same request_id) returns the same campaign');
    const retry = await client.createCampaign({ requestId: created[0].requestId, description: '', dialMode: 'DIAL_MODE_NOTIFICATION', flowId: '', flowVersion: 0, ...created[0].definition });
    say(`retry returned ${retry.campaign.id} — ${retry.campaign.id === created[0].campaign.id ? 'the same campaign, no duplicate' : 'A DIFFERENT CAMPAIGN (bug)'}`);

    step('listing, two per page');
    let pageToken = '';
    let page = 0;
    do {
      const response = await client.listCampaigns({ pageSize: 2, pageToken, state: 'CAMPAIGN_STATE_UNSPECIFIED' });
      page += 1;
      say(`page ${page}: ${response.campaigns.map((c) => c.name).join(', ')}`);
      pageToken = response.nextPageToken;
    } while (pageToken !== '');

    step('bad input and other tenants are refused');
    say(`invalid request      → ${await outcome(client.createCampaign({ requestId: '', name: '', description: '', defaultRegion: 'XX', timezone: 'Mars/Base', callerIds: ['12345'], dialMode: 'DIAL_MODE_UNSPECIFIED', maxConcurrentCalls: 0, flowId: '', flowVersion: 0 }))}`);
    say(`other tenant reads   → ${await outcome(otherClient.getCampaign({ id: created[0].campaign.id }))}`);
    say(`operator token as tenant → ${await outcome(operator.getCampaign({ id: created[0].campaign.id }))}`);
    await operator.revokeApiKey({ id: otherKey.apiKey.id });
    say(`revoked key          → ${await outcome(otherClient.listCampaigns({ pageSize: 1, pageToken: '', state: 'CAMPAIGN_STATE_UNSPECIFIED' }))}`);

    step('events on JetStream and the audit log');
    const nc = await connect({ servers: natsUrl, timeout: 5_000 });
    const jsm = await jetstreamManager(nc, { timeout: 5_000 });
    const stream = await jsm.streams.info('DEMO_CAMPAIGN');
    say(`stream DEMO_CAMPAIGN holds ${stream.state.messages} campaign events (all demo runs)`);
    await nc.close();
    const db = new pg.Client({ connectionString: demoUrl, connectionTimeoutMillis: 5_000 });
    await db.connect();
    let audit = { rows: [] };
    for (let i = 0; i < 50; i += 1) {
      audit = await db.query('SELECT action, entity_id, actor FROM audit_log WHERE tenant_id = $1 ORDER BY occurred_at', [carrier.id]);
      if (audit.rows.length >= created.length) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await db.end();
    for (const row of audit.rows) say(`audit: ${row.action} ${row.entity_id} by ${row.actor}`);
  } finally {
    operator.close();
    step('stopping the service (SIGTERM drains calls in flight)');
    service.kill('SIGTERM');
    const { code, signal } = await exited;
    say(`campaign service exited with ${code ?? signal}`);
  }
  console.log(`\n${bold('demo done.')} Next: campaigns get flows, contacts and calls as the dialer, media and fs-sim land.`);
}

main().catch((error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
