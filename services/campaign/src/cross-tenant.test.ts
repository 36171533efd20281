// Another tenant's id in every method that takes one answers NOT_FOUND — never its data, never a change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { AppError, fromGrpcError } from '@ringpace/errors';
import { CallerIdMode, Campaign, ContactState, CreateCampaignRequest, FlowDocumentFormat, FlowServiceClient, ImportFormat, ImportHeader, TextEncoding } from '@ringpace/proto';
import { startHarness, type Harness } from './test-harness.js';

let harness: Harness;
let owner: Awaited<ReturnType<Harness['tenant']>>;
let intruder: Awaited<ReturnType<Harness['tenant']>>;
let campaignId: string;
let flowId: string;
let importId: string;
let flows: FlowServiceClient;
let trunkGroupId: string;
let trunkId: string;

const flowText = 'start: bye\nnodes:\n  bye:\n    verb: hangup\n    result: confirmed\n';

function flowCall<Res>(as: string, invoke: (md: Metadata, cb: (error: ServiceError | null, response: Res) => void) => unknown): Promise<Res> {
  const md = new Metadata();
  md.set('authorization', `Bearer ${as}`);
  return new Promise((resolve, reject) => invoke(md, (error, response) => (error ? reject(fromGrpcError(error)) : resolve(response))));
}

function bytes(text: string): AsyncIterable<Uint8Array> {
  return (async function* () {
    await Promise.resolve();
    yield Buffer.from(text, 'utf8');
  })();
}

beforeAll(async () => {
  harness = await startHarness();
  owner = await harness.tenant('owner');
  intruder = await harness.tenant('intruder');
  flows = new FlowServiceClient(harness.address, credentials.createInsecure());
  flowId = (await flowCall<{ flow?: { id: string } }>(owner.key, (md, cb) => flows.createFlow({ requestId: '', name: 'owned', definitionJson: flowText }, md, cb))).flow!.id;
  const { campaign } = await owner.client.createCampaign({ ...CreateCampaignRequest.fromPartial({}), name: 'owned', defaultRegion: 'CN', timezone: 'Asia/Shanghai', flowId });
  campaignId = campaign!.id;
  const { trunkGroup } = await harness.operator.createTrunkGroup({ tenantId: owner.id, name: 'owned', callerIdMode: CallerIdMode.UNSPECIFIED, trunks: [{ nodeId: 'fs1', gateway: 'carrier-a', channels: 10, callsPerSecond: 1 }] });
  trunkGroupId = trunkGroup!.id;
  trunkId = trunkGroup!.trunks[0]!.id;
  importId = randomUUID();
  const header: ImportHeader = { ...ImportHeader.fromPartial({}), campaignId, importId, format: ImportFormat.CSV, encoding: TextEncoding.UTF8, hasHeader: true, columns: { phone: 'phone', name: '', timezone: '', fields: {} } };
  await owner.client.importContacts(header, bytes('phone\n13800000001\nnot-a-number\n'));
});
afterAll(async () => {
  flows.close();
  await harness.close();
});

type Attempt = (client: typeof intruder.client, key: string) => Promise<unknown>;

const attempts: [string, Attempt][] = [
  ['GetCampaign', (c) => c.getCampaign({ id: campaignId })],
  ['UpdateCampaign', (c) => c.updateCampaign({ campaign: { ...Campaign.fromPartial({}), id: campaignId, name: 'taken' }, updateMask: ['name'] })],
  ['PrepareCampaign', (c) => c.prepareCampaign({ id: campaignId })],
  ['StartCampaign', (c) => c.startCampaign({ id: campaignId })],
  ['PauseCampaign', (c) => c.pauseCampaign({ id: campaignId })],
  ['ResumeCampaign', (c) => c.resumeCampaign({ id: campaignId })],
  ['StopCampaign', (c) => c.stopCampaign({ id: campaignId, hangUpCalls: true })],
  ['WatchCampaign', async (c) => { for await (const _ of c.watchCampaign({ id: campaignId, minIntervalMs: 0 })) return; }],
  ['ImportContacts', (c) => c.importContacts({ ...ImportHeader.fromPartial({}), campaignId, importId: randomUUID(), format: ImportFormat.CSV, hasHeader: true, columns: { phone: 'phone', name: '', timezone: '', fields: {} } }, bytes('phone\n13800000002\n'))],
  ['GetImport', (c) => c.getImport({ id: importId })],
  ['ListImportRejections', (c) => c.listImportRejections({ importId, pageSize: 0, pageToken: '' })],
  ['ListContacts', (c) => c.listContacts({ campaignId, state: ContactState.UNSPECIFIED, query: '', pageSize: 0, pageToken: '' })],
  ['GetFlow', (_c, key) => flowCall(key, (md, cb) => flows.getFlow({ id: flowId, version: 0 }, md, cb))],
  ['PushFlowVersion', (_c, key) => flowCall(key, (md, cb) => flows.pushFlowVersion({ flowId, definitionJson: flowText, documentFormat: FlowDocumentFormat.YAML, requestId: '' }, md, cb))],
  ['SimulateFlow', (_c, key) => flowCall(key, (md, cb) => flows.simulateFlow({ source: { $case: 'flow', value: { id: flowId, version: 0 } }, contact: {}, script: [], maxSteps: 0 }, md, cb))],
  ['CreateCampaign pinning the flow', (c) => c.createCampaign({ ...CreateCampaignRequest.fromPartial({}), name: 'steal', defaultRegion: 'CN', timezone: 'Asia/Shanghai', flowId })],
  ['GetTrunkGroup', (c) => c.getTrunkGroup({ id: trunkGroupId })],
  ['CreateCampaign naming the trunk group', (c) => c.createCampaign({ ...CreateCampaignRequest.fromPartial({}), name: 'steal trunks', defaultRegion: 'CN', timezone: 'Asia/Shanghai', trunkGroupId })],
];

describe('tenancy › every method', () => {
  it.each(attempts)("%s with another tenant's id is refused and changes nothing", async (_method, attempt) => {
    const before = await harness.database.db.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    let caught: unknown;
    try {
      await attempt(intruder.client, intruder.key);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const code = (caught as AppError).code;
    // Pinning another tenant's flow is a bad field of the request (no such flow for this tenant).
    expect(code === 'NOT_FOUND' || (_method.startsWith('CreateCampaign') && code === 'INVALID_ARGUMENT')).toBe(true);
    expect((caught as AppError).message).not.toContain('owned');
    const after = await harness.database.db.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(after).toEqual(before);
  });

  it("UpdateCampaign naming another tenant's trunk group is NOT_FOUND on campaign.trunk_group_id and changes nothing", async () => {
    const { campaign } = await intruder.client.createCampaign({ ...CreateCampaignRequest.fromPartial({}), name: 'mine', defaultRegion: 'CN', timezone: 'Asia/Shanghai' });
    let caught: unknown;
    try {
      await intruder.client.updateCampaign({ campaign: { ...campaign!, trunkGroupId }, updateMask: ['trunk_group_id'] });
    } catch (error) {
      caught = error;
    }
    expect((caught as AppError).code).toBe('NOT_FOUND');
    expect((caught as AppError).message).toContain('campaign.trunk_group_id');
    expect((await intruder.client.getCampaign({ id: campaign!.id })).campaign!.trunkGroupId).toBe('');
  });

  it('ListTrunkGroups with another tenant_id lists only the caller’s own groups', async () => {
    const { trunkGroups } = await intruder.client.listTrunkGroups({ tenantId: owner.id });
    expect(trunkGroups.map((g) => g.id)).not.toContain(trunkGroupId);
  });

  it('CreateTrunkGroup and SetTrunkDisabled with an API key are PERMISSION_DENIED and change nothing', async () => {
    for (const attempt of [
      () => intruder.client.createTrunkGroup({ tenantId: owner.id, name: 'planted', callerIdMode: CallerIdMode.UNSPECIFIED, trunks: [{ nodeId: 'fs1', gateway: 'x', channels: 1, callsPerSecond: 1 }] }),
      () => intruder.client.setTrunkDisabled({ trunkId, disabled: true }),
    ]) {
      const caught = await attempt().then(() => undefined, (error: unknown) => error);
      expect((caught as AppError).code).toBe('PERMISSION_DENIED');
    }
    const { trunkGroups } = await owner.client.listTrunkGroups({ tenantId: '' });
    expect(trunkGroups.map((g) => g.name)).toEqual(['owned']);
    expect(trunkGroups[0]!.trunks[0]!.disabled).toBe(false);
  });
});
