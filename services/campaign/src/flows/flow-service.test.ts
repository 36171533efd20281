import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { fromGrpcError } from '@ringpace/errors';
import { CLASSIC_NOTICE_YAML } from '@ringpace/flow';
import {
  CreateCampaignRequest,
  FlowDocumentFormat,
  FlowServiceClient,
  type CreateFlowRequest,
  type CreateFlowResponse,
  type GetFlowRequest,
  type GetFlowResponse,
  type ListFlowsRequest,
  type ListFlowsResponse,
  type PushFlowVersionRequest,
  type PushFlowVersionResponse,
  type SimulateFlowRequest,
  type SimulateFlowResponse,
  type SimulationStep,
  type ValidateFlowRequest,
  type ValidateFlowResponse,
} from '@ringpace/proto';
import { startHarness, type Harness, failure } from '../test-harness.js';

const classicNotice = CLASSIC_NOTICE_YAML;

let harness: Harness;
let flows: FlowServiceClient;
let key: string;
let otherKey: string;

beforeAll(async () => {
  harness = await startHarness();
  key = (await harness.tenant('flows')).key;
  otherKey = (await harness.tenant('flows-other')).key;
  flows = new FlowServiceClient(harness.address, credentials.createInsecure());
});
afterAll(async () => {
  flows.close();
  await harness.close();
});

type Callback<Res> = (error: ServiceError | null, response: Res) => void;

function unary<Res>(as: string, invoke: (metadata: Metadata, callback: Callback<Res>) => unknown): Promise<Res> {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${as}`);
  return new Promise((resolve, reject) => {
    invoke(metadata, (error, response) => (error ? reject(fromGrpcError(error)) : resolve(response)));
  });
}

const api = {
  createFlow: (request: CreateFlowRequest, as = key) => unary<CreateFlowResponse>(as, (md, cb) => flows.createFlow(request, md, cb)),
  getFlow: (request: GetFlowRequest, as = key) => unary<GetFlowResponse>(as, (md, cb) => flows.getFlow(request, md, cb)),
  listFlows: (request: ListFlowsRequest, as = key) => unary<ListFlowsResponse>(as, (md, cb) => flows.listFlows(request, md, cb)),
  pushFlowVersion: (request: PushFlowVersionRequest, as = key) => unary<PushFlowVersionResponse>(as, (md, cb) => flows.pushFlowVersion(request, md, cb)),
  validateFlow: (request: ValidateFlowRequest, as = key) => unary<ValidateFlowResponse>(as, (md, cb) => flows.validateFlow(request, md, cb)),
  simulateFlow: (request: SimulateFlowRequest, as = key) => unary<SimulateFlowResponse>(as, (md, cb) => flows.simulateFlow(request, md, cb)),
};


describe('FlowService', () => {
  it('flows › create, push a version, read both; a campaign pinned to v1 keeps v1', async () => {
    const created = await api.createFlow({ requestId: 'r1', name: 'notice', definitionJson: classicNotice });
    expect(created.flow!.version).toBe(1);
    expect(JSON.parse(created.flow!.definitionJson)).toMatchObject({ start: 'notice' });
    const tenantClient = harness.operator.as(key);
    const { campaign } = await tenantClient.createCampaign({ ...CreateCampaignRequest.fromPartial({}), name: 'pinned', defaultRegion: 'CN', timezone: 'Asia/Shanghai', flowId: created.flow!.id });
    expect(campaign!.flowVersion).toBe(1);
    const pushed = await api.pushFlowVersion({ flowId: created.flow!.id, definitionJson: classicNotice.replace('is due.', 'is due today.'), documentFormat: FlowDocumentFormat.YAML, requestId: '' });
    expect(pushed.flow!.version).toBe(2);
    const v1 = await api.getFlow({ id: created.flow!.id, version: 1 });
    expect(v1.flow!.definitionJson).toContain('is due.');
    expect((await tenantClient.getCampaign({ id: campaign!.id })).campaign!.flowVersion).toBe(1);
    const listed = await api.listFlows({ pageSize: 0, pageToken: '' });
    expect(listed.flows.map((f) => f.version)).toEqual([2]);
    expect((await failure(api.getFlow({ id: created.flow!.id, version: 0 }, otherKey))).code).toBe('NOT_FOUND');
  });

  it('ValidateFlow › returns every problem with its path and line; template fields are checked against the contacts', async () => {
    const broken = classicNotice.replace('"#": confirmed', '"#": confirmd').replace('timeout: 5s', 'timeout: five');
    const result = await api.validateFlow({ definitionJson: broken, contactFields: ['amount'], documentFormat: FlowDocumentFormat.UNSPECIFIED });
    expect(result.valid).toBe(false);
    const paths = result.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['nodes.ask.next.digits["#"]', 'nodes.ask.timeout']));
    expect(result.problems.every((p) => /line \d+/.test(p.message))).toBe(true);
    const unknownField = await api.validateFlow({ definitionJson: classicNotice, contactFields: ['balance'], documentFormat: FlowDocumentFormat.YAML });
    expect(unknownField.valid).toBe(false);
    expect(unknownField.problems.map((p) => p.path)).toContain('nodes.notice.text');
  });

  it('CreateFlow › an invalid document is INVALID_ARGUMENT naming definition_json.<path>, nothing stored', async () => {
    const error = await failure(api.createFlow({ requestId: '', name: 'broken', definitionJson: classicNotice.replace('start: notice', 'start: nowhere') }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('definition_json.start');
    expect(await harness.database.db.prisma.flow.count({ where: { name: 'broken' } })).toBe(0);
  });

  const dtmf = (digits: string): SimulationStep => ({ step: { $case: 'dtmf', value: { digits, afterMs: 500 } } });
  const silence: SimulationStep = { step: { $case: 'silenceMs', value: 5_000 } };

  it.each<[string, SimulationStep[], string]>([
    ['# at once', [dtmf('#')], 'confirmed'],
    ['1 then #', [dtmf('1'), dtmf('#')], 'confirmed'],
    ['2', [dtmf('2')], 'refused'],
    ['silence three times', [silence, silence, silence], 'no_response'],
  ])('SimulateFlow › the classic notice with %s ends %s', async (_label, script, result) => {
    const simulated = await api.simulateFlow({
      source: { $case: 'definition', value: classicNotice },
      contact: { phone: '+8613800000000', name: 'Zhang San', amount: '120.50' },
      script,
      maxSteps: 0,
    });
    expect(simulated.result).toBe(result);
    expect(simulated.reason).toBe('completed');
    expect(simulated.trace[0]).toMatchObject({ nodeId: 'notice', verb: 'say' });
    expect(JSON.stringify(simulated.trace[0]!.detail)).toContain('Zhang San');
  });
});
