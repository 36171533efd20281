// What an operator and a tenant do through the API before calls start: a tenant and its API key, a trunk
// group on the node's gateway, the "press # to confirm" flow, the campaign with its windows and retry
// policy, the blacklist, and the contact import with its per-row report.
import { randomUUID } from 'node:crypto';
import { credentials, Metadata } from '@grpc/grpc-js';
import { CreateCampaignRequest, FlowServiceClient, ImportHeader } from '@ringpace/proto';
import { CLASSIC_NOTICE_YAML } from '@ringpace/flow';
import { fromGrpcError } from '@ringpace/errors';
import { RETRY_POLICY, RETRY_POLICY_TEXT } from './plan.mjs';
import { mask } from './results.mjs';

const TIMEOUT_MS = 10_000;

/** A unary call on a raw grpc-js client with a bearer credential and a deadline. */
function unary(raw, method, request, credential) {
  return new Promise((resolve, reject) => {
    const md = new Metadata();
    md.set('authorization', `Bearer ${credential}`);
    raw[method](request, md, { deadline: new Date(Date.now() + TIMEOUT_MS) }, (error, response) => (error ? reject(fromGrpcError(error)) : resolve(response)));
  });
}

/** The campaign service answers once its port is up, but the first call may still race its start-up. */
export async function waitForCampaignService(operator, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await operator.createTenant({ name: '' });
      return;
    } catch (error) {
      if (error.code === 'INVALID_ARGUMENT') return;
      if (Date.now() > deadline) throw new Error(`the campaign service did not answer within ${timeoutMs / 1000} s: ${error.message}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function setUpCampaign({ operator, address, adminToken, step, say, trunk, plan, contacts, defaultRegion, timezone, stamp }) {
  step('operator: a tenant, its API key and its trunk group');
  const { tenant } = await operator.createTenant({ name: `Demo Carrier ${stamp}` });
  const key = await operator.createApiKey({ tenantId: tenant.id, name: 'demo-crm' });
  say(`tenant ${tenant.name} (${tenant.id}); API key ${key.apiKey.prefix}… (the secret is shown once and stored hashed)`);
  const { trunkGroup } = await unary(operator.raw, 'createTrunkGroup', {
    tenantId: tenant.id,
    name: 'demo-trunks',
    callerIdMode: 'CALLER_ID_MODE_ROTATE',
    trunks: [{ nodeId: trunk.nodeId, gateway: trunk.gateway, channels: trunk.channels, callsPerSecond: trunk.callsPerSecond }],
  }, adminToken);
  for (const t of trunkGroup.trunks) say(`trunk group ${trunkGroup.name}: node ${t.nodeId}, gateway ${t.gateway}, ${t.channels} channels, ${t.callsPerSecond} calls/s`);
  const client = operator.as(key.secret);

  step('tenant: the "press # to confirm" flow');
  const flows = new FlowServiceClient(address, credentials.createInsecure());
  let flow;
  try {
    ({ flow } = await unary(flows, 'createFlow', { requestId: randomUUID(), name: `Payment notice ${stamp}`, definitionJson: CLASSIC_NOTICE_YAML }, key.secret));
  } finally {
    flows.close();
  }
  say(`flow ${flow.id} v${flow.version}: the notice, then "# to confirm, 1 to hear it again, 2 to decline" (three times at most)`);

  step('tenant: the campaign');
  const { campaign } = await client.createCampaign(CreateCampaignRequest.fromPartial({
    requestId: randomUUID(),
    name: `Payment reminders ${stamp}`,
    description: 'make demo',
    defaultRegion,
    timezone,
    callerIds: ['+12125550123', '+13125550142'],
    dialMode: 'DIAL_MODE_NOTIFICATION',
    maxConcurrentCalls: trunk.channels,
    flowId: flow.id,
    flowVersion: 0,
    schedule: plan.schedule,
    retryPolicy: RETRY_POLICY,
    excludedNumberTypes: [],
    trunkGroupId: trunkGroup.id,
  }));
  say(`campaign ${campaign.id} (${campaign.state.replace('CAMPAIGN_STATE_', '')}), numbers read in region ${defaultRegion}`);
  say(`calling windows in ${timezone} (simulated now: ${plan.localNow}): ${plan.describe}`);
  say(`retries: ${RETRY_POLICY_TEXT}`);

  step('tenant: blacklist, then import the contact file');
  const blacklisted = await client.addBlacklistEntries({ defaultRegion, entries: contacts.blacklist.map((phone) => ({ phone, reason: 'asked not to be called', expiresAt: undefined, createdAt: undefined })) });
  say(`blacklist: ${blacklisted.added} numbers added (${contacts.blacklist.map(mask).join(', ')})`);
  const bytes = Buffer.from(contacts.csv, 'utf8');
  const { import: imported } = await client.importContacts(
    ImportHeader.fromPartial({ campaignId: campaign.id, importId: randomUUID(), format: 'IMPORT_FORMAT_CSV', hasHeader: true, columns: { phone: 'phone', name: 'name', fields: { amount: 'amount' } }, listName: 'payment-reminders.csv', sizeBytes: bytes.length }),
    (async function* () {
      for (let offset = 0; offset < bytes.length; offset += 4096) yield bytes.subarray(offset, offset + 4096);
    })(),
    60_000,
  );
  const counts = imported.counts;
  const reasons = Object.entries(counts.rejectedByReason).map(([reason, n]) => `${reason.replace('REJECT_REASON_', '').toLowerCase().replace(/_/g, ' ')} ${n}`).join(', ');
  say(`${contacts.path}: ${counts.read} rows read, ${counts.accepted} contacts accepted, ${counts.rejected} refused (${reasons})`);

  step('tenant: prepare and start');
  for (const [label, call] of [['prepare', 'prepareCampaign'], ['start', 'startCampaign']]) {
    const { campaign: after } = await client[call]({ id: campaign.id });
    say(`${label.padEnd(7)} → ${after.state.replace('CAMPAIGN_STATE_', '')}`);
  }
  return { client, campaign, imported, tenant };
}
