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
import { credentials, Metadata } from '@grpc/grpc-js';
import { CreateCampaignRequest, FlowServiceClient, ImportHeader } from '@ringpace/proto';
import { migrate } from '@ringpace/db';
import { CLASSIC_NOTICE_YAML } from '@ringpace/flow';

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
      const { campaign } = await client.createCampaign(CreateCampaignRequest.fromPartial({ requestId, dialMode: 'DIAL_MODE_NOTIFICATION', ...definition }));
      created.push({ campaign, requestId, definition });
      say(`${campaign.id}  ${campaign.state}  ${campaign.name}  (${campaign.defaultRegion}, ${campaign.timezone}, ≤${campaign.maxConcurrentCalls} calls)`);
    }

    step('a retried CreateCampaign (same request_id) returns the same campaign');
    const retry = await client.createCampaign(CreateCampaignRequest.fromPartial({ requestId: created[0].requestId, dialMode: 'DIAL_MODE_NOTIFICATION', ...created[0].definition }));
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
    say(`invalid request      → ${await outcome(client.createCampaign(CreateCampaignRequest.fromPartial({ name: '', defaultRegion: 'XX', timezone: 'Mars/Base', callerIds: ['12345'] })))}`);
    say(`other tenant reads   → ${await outcome(otherClient.getCampaign({ id: created[0].campaign.id }))}`);
    say(`operator token as tenant → ${await outcome(operator.getCampaign({ id: created[0].campaign.id }))}`);
    await operator.revokeApiKey({ id: otherKey.apiKey.id });
    say(`revoked key          → ${await outcome(otherClient.listCampaigns({ pageSize: 1, pageToken: '', state: 'CAMPAIGN_STATE_UNSPECIFIED' }))}`);

    step('the "press # to confirm" flow: validated, stored, simulated');
    const flows = new FlowServiceClient(address, credentials.createInsecure());
    const flowCall = (method, request) =>
      new Promise((resolve, reject) => {
        const md = new Metadata();
        md.set('authorization', `Bearer ${carrierKey.secret}`);
        flows[method](request, md, { deadline: new Date(Date.now() + 5_000) }, (error, response) => (error ? reject(error) : resolve(response)));
      });
    const broken = await flowCall('validateFlow', { definitionJson: CLASSIC_NOTICE_YAML.replace('"#": confirmed', '"#": confirmd'), contactFields: ['amount'], documentFormat: 'FLOW_DOCUMENT_FORMAT_YAML' });
    for (const problem of broken.problems) say(`validation of a typo: ${problem.path}: ${problem.message}`);
    const { flow } = await flowCall('createFlow', { requestId: randomUUID(), name: `Payment notice ${suffix}`, definitionJson: CLASSIC_NOTICE_YAML });
    say(`flow ${flow.id} version ${flow.version} stored`);
    for (const [label, script] of [['presses #', [{ dtmf: { digits: '#', afterMs: 800 } }]], ['presses 1, then #', [{ dtmf: { digits: '1', afterMs: 800 } }, { dtmf: { digits: '#', afterMs: 800 } }]], ['says nothing', [{ silenceMs: 5000 }, { silenceMs: 5000 }, { silenceMs: 5000 }]]]) {
      const run = await flowCall('simulateFlow', {
        source: { $case: 'flow', value: { id: flow.id, version: 0 } },
        contact: { phone: '+8613800000000', name: 'Zhang San', amount: '120.50' },
        script: script.map((step) => ({ step: 'dtmf' in step ? { $case: 'dtmf', value: step.dtmf } : { $case: 'silenceMs', value: step.silenceMs } })),
        maxSteps: 0,
      });
      say(`simulated: callee ${label.padEnd(18)} → ${run.result} (${run.trace.map((t) => t.nodeId).join(' → ')})`);
    }
    flows.close();

    step('a campaign with calling windows, a blacklist and an imported list');
    const weekday = { windows: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '20:00' }] };
    const { campaign: notice } = await client.createCampaign(CreateCampaignRequest.fromPartial({
      requestId: randomUUID(), name: 'Payment reminders, November', description: '', defaultRegion: 'CN', timezone: 'Asia/Shanghai',
      callerIds: ['+861065529988'], dialMode: 'DIAL_MODE_NOTIFICATION', maxConcurrentCalls: 60, flowId: flow.id, flowVersion: 0,
      schedule: { monday: weekday, tuesday: weekday, wednesday: weekday, thursday: weekday, friday: weekday, saturday: { windows: [{ start: '10:00', end: '12:00' }] }, holidays: [{ date: '2026-12-25', name: '' }], startDate: '', endDate: '' },
      excludedNumberTypes: ['PREMIUM_RATE'],
    }));
    say(`campaign ${notice.id}: windows Mon–Fri 09:00–12:00 and 14:00–20:00, Sat 10:00–12:00 (callee's local time)`);
    const blacklisted = await client.addBlacklistEntries({ defaultRegion: 'CN', entries: [{ phone: '139 0000 0004', reason: 'asked not to be called', expiresAt: undefined, createdAt: undefined }] });
    say(`blacklist: ${blacklisted.added} number added`);
    const csv = ['mobile,name,amount', '13800000001,Zhang San,120.50', '13800000002,Li Si,88.00', '138 0000 0001,Zhang San (again),120.50', '13900000004,Wang Wu,15.00', '12345,Broken Number,1.00', ',Nobody,0', '+86 186 0000 0005,Zhao Liu,42.00'].join('\n') + '\n';
    const imported = await client.importContacts(
      ImportHeader.fromPartial({ campaignId: notice.id, importId: randomUUID(), format: 'IMPORT_FORMAT_CSV', hasHeader: true, columns: { phone: 'mobile', name: 'name', fields: { amount: 'amount' } }, listName: 'november.csv', sizeBytes: csv.length }),
      (async function* () { yield Buffer.from(csv, 'utf8'); })(),
    );
    const counts = imported.import.counts;
    say(`import: ${counts.read} rows read, ${counts.accepted} accepted, ${counts.rejected} rejected (${Object.entries(counts.rejectedByReason).map(([reason, n]) => `${reason.replace('REJECT_REASON_', '').toLowerCase()} ${n}`).join(', ')})`);
    const report = await client.listImportRejections({ importId: imported.import.id, pageSize: 0, pageToken: '' });
    for (const row of report.rows) say(`  line ${row.line}: ${row.reason.replace('REJECT_REASON_', '').toLowerCase()} ${row.rawMasked} ${row.detail}`);

    step('life cycle: prepare, start, pause, resume, stop — each on JetStream and in the audit log');
    for (const [label, call] of [['prepare', 'prepareCampaign'], ['start', 'startCampaign'], ['pause', 'pauseCampaign'], ['resume', 'resumeCampaign']]) {
      const { campaign: after } = await client[call]({ id: notice.id });
      say(`${label.padEnd(7)} → ${after.state}`);
    }
    for await (const update of client.watchCampaign({ id: notice.id, minIntervalMs: 0 })) {
      const p = update.progress;
      say(`progress: ${p.total} contacts, ${p.pending} pending, ${p.blocked} blocked, ${p.confirmed} confirmed (calls start when the dialer runs)`);
      break;
    }
    say(`stop    → ${(await client.stopCampaign({ id: notice.id, hangUpCalls: false })).campaign.state}`);
    say(`resume after stop → ${await outcome(client.resumeCampaign({ id: notice.id }))}`);

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
      if (audit.rows.length >= created.length + 7) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await db.end();
    say(`audit log of the carrier: ${audit.rows.length} entries, e.g.`);
    for (const row of audit.rows.slice(-6)) say(`  ${row.action} ${row.entity_id} by ${row.actor}`);
  } finally {
    operator.close();
    step('stopping the service (SIGTERM drains calls in flight)');
    service.kill('SIGTERM');
    const { code, signal } = await exited;
    say(`campaign service exited with ${code ?? signal}`);
  }
  console.log(`\n${bold('demo done.')} Next: calls, once the dialer and media services run the campaign against fs-sim.`);
}

main().catch((error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
