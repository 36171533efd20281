// The CLI over real gRPC against an in-process fake server that implements the few methods used, so the
// wire behaviour (metadata, trailers, streams, deadlines) is the real one.
import { Metadata, Server, ServerCredentials, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, toGrpcError } from '@ringpace/errors';
import {
  Campaign,
  CampaignProgress,
  CampaignServiceService,
  CampaignState,
  FlowServiceService,
  ImportStatus,
  RejectReason,
  TrunkGroup,
  type CampaignServiceServer,
  type FlowServiceServer,
  type ImportContactsRequest,
} from '@ringpace/proto';
import { CAMPAIGN_EXAMPLE } from './campaign-example.js';
import { createGrpcClient } from './client.js';
import { CHUNK_BYTES } from './commands/contacts.js';
import { ExitCode } from './exit-codes.js';
import { run } from './run.js';
import { memoryIo, type MemoryIoOptions } from './testing.js';

const ADMIN_TOKEN = 'admin-secret';
const API_KEY = 'rpk_test_key';
const CAMPAIGN_ID = '0b7c2f1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';
const TRUNK_GROUP_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';

/** What the fake server saw, per test. */
const seen = {
  authorization: [] as string[],
  lifecycle: [] as string[],
  importMessages: [] as ImportContactsRequest[],
  trunkGroupIds: [] as string[],
};

function bearer(metadata: Metadata): string {
  const value = metadata.get('authorization')[0];
  return typeof value === 'string' ? value : '';
}

const state = { current: CampaignState.DRAFT };
const campaign = () => Campaign.fromPartial({ id: CAMPAIGN_ID, name: 'reminder', state: state.current });

/** Answers UNAUTHENTICATED unless the call carries the API key. */
function tenantOnly(metadata: Metadata): boolean {
  seen.authorization.push(bearer(metadata));
  return bearer(metadata) === `Bearer ${API_KEY}`;
}

const unauthenticated = { code: status.UNAUTHENTICATED, details: 'unknown or revoked API key', metadata: new Metadata() };

const campaignService: Partial<CampaignServiceServer> = {
  createTenant(call, callback) {
    seen.authorization.push(bearer(call.metadata));
    if (bearer(call.metadata) !== `Bearer ${ADMIN_TOKEN}`) return callback({ code: status.PERMISSION_DENIED, details: 'operator credential required', metadata: new Metadata() });
    callback(null, { tenant: { id: 't-1', name: call.request.name, createdAt: new Date('2026-11-24T09:00:00Z') } });
  },
  listTrunkGroups(call, callback) {
    if (!tenantOnly(call.metadata)) return callback(unauthenticated);
    callback(null, { trunkGroups: [TrunkGroup.fromPartial({ id: TRUNK_GROUP_ID, name: 'carriers' })] });
  },
  createCampaign(call, callback) {
    if (!tenantOnly(call.metadata)) return callback(unauthenticated);
    seen.trunkGroupIds.push(call.request.trunkGroupId);
    // The real service's error path: a ValidationError through toGrpcError, violations in trailers.
    callback(toGrpcError(new ValidationError([{ field: 'schedule.wednesday.windows[1]', message: 'overlaps windows[0]' }, { field: 'flow_id', message: 'flow not found' }])));
  },
  getCampaign(call, callback) {
    if (!tenantOnly(call.metadata)) return callback(unauthenticated);
    if (call.request.id === 'slow') return; // never answers: the client's deadline must end the call
    callback(null, { campaign: campaign() });
  },
  prepareCampaign(call, callback) {
    seen.lifecycle.push('prepare');
    state.current = CampaignState.READY;
    callback(null, { campaign: campaign() });
  },
  startCampaign(call, callback) {
    seen.lifecycle.push('start');
    if (state.current !== CampaignState.READY) return callback(toGrpcError(new ValidationError([])));
    state.current = CampaignState.RUNNING;
    callback(null, { campaign: campaign() });
  },
  watchCampaign(call) {
    if (!tenantOnly(call.metadata)) return call.destroy(Object.assign(new Error('unauthenticated'), unauthenticated));
    const base = CampaignProgress.fromPartial({ campaignId: CAMPAIGN_ID, state: CampaignState.RUNNING, total: 4, pending: 4, at: new Date('2026-11-24T09:00:00Z') });
    const updates = [base, { ...base, pending: 2, confirmed: 1, refused: 1, attempts: 2 }, { ...base, state: CampaignState.COMPLETED, pending: 0, confirmed: 2, refused: 1, exhausted: 1, attempts: 6 }];
    if (call.request.id === 'endless') {
      // Sends one update and then keeps the stream open, like a running campaign.
      call.write({ progress: base });
      return;
    }
    for (const progress of updates) call.write({ progress });
    call.end();
  },
  importContacts(call, callback) {
    if (!tenantOnly(call.metadata)) return callback(unauthenticated);
    seen.importMessages = [];
    call.on('data', (message: ImportContactsRequest) => seen.importMessages.push(message));
    call.on('end', () => {
      const header = seen.importMessages[0]?.part;
      if (header?.$case !== 'header') return callback(toGrpcError(new ValidationError([{ field: 'header', message: 'must come first' }])));
      callback(null, {
        import: {
          id: header.value.importId,
          campaignId: header.value.campaignId,
          listId: 'l-1',
          status: ImportStatus.COMPLETED,
          counts: { read: 3, accepted: 2, rejected: 1, rejectedByReason: { REJECT_REASON_BLACKLISTED: 1 } },
          committedRows: 3,
          error: '',
          createdAt: undefined,
          updatedAt: undefined,
        },
      });
    });
  },
  listImportRejections(call, callback) {
    callback(null, { rows: [{ line: 3, reason: RejectReason.BLACKLISTED, rawMasked: '+8613****00', detail: 'on the do-not-call list' }], nextPageToken: '' });
  },
};

const flowService: Partial<FlowServiceServer> = {
  validateFlow(call, callback) {
    const definition = JSON.parse(call.request.definitionJson) as { nodes?: unknown[] };
    callback(null, definition.nodes?.length === 0 ? { valid: false, problems: [{ path: 'nodes', message: 'a flow needs at least one node' }] } : { valid: true, problems: [] });
  },
};

let server: Server;
let address: string;

beforeAll(async () => {
  server = new Server();
  server.addService(CampaignServiceService, campaignService as UntypedServiceImplementation);
  server.addService(FlowServiceService, flowService as UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  address = `127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
});

async function cli(argv: string[], options: MemoryIoOptions = {}) {
  const io = memoryIo({ env: { address, apiKey: API_KEY, adminToken: ADMIN_TOKEN }, ...options });
  const code = await run(argv, io, createGrpcClient);
  return { code, out: io.out(), err: io.err() };
}

describe('ringpace over gRPC (fake server)', () => {
  it('tenants create › presents the admin token and prints the tenant', async () => {
    const { code, out } = await cli(['tenants', 'create', 'Acme']);
    expect(code).toBe(ExitCode.Ok);
    expect(seen.authorization.at(-1)).toBe(`Bearer ${ADMIN_TOKEN}`);
    expect(out).toBe('id:      t-1\nname:    Acme\ncreated: 2026-11-24T09:00:00Z\n');
  });

  it('tenants create › with only an API key the server refuses: exit 4', async () => {
    const io = memoryIo({ env: { address, apiKey: API_KEY } });
    expect(await run(['tenants', 'create', 'Acme'], io, createGrpcClient)).toBe(ExitCode.Unauthenticated);
    expect(io.err()).toBe('error: operator credential required\n');
  });

  it('campaigns create › the violation trailer comes back as lines of campaign.yaml', async () => {
    const { code, err } = await cli(['campaigns', 'create', '-f', 'campaign.yaml'], { files: { 'campaign.yaml': CAMPAIGN_EXAMPLE } });
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(err).toBe('error: campaign.yaml: invalid\n  campaign.yaml:12: schedule.weekdays[1]: overlaps windows[0]\n  campaign.yaml:9: flow_id: flow not found\n');
    // trunk_group: carriers was looked up by name among the tenant's groups.
    expect(seen.trunkGroupIds.at(-1)).toBe(TRUNK_GROUP_ID);
  });

  it('campaigns start › a draft is prepared, then started', async () => {
    state.current = CampaignState.DRAFT;
    seen.lifecycle = [];
    const { code, out } = await cli(['campaigns', 'start', CAMPAIGN_ID, '--json']);
    expect(code).toBe(ExitCode.Ok);
    expect(seen.lifecycle).toEqual(['prepare', 'start']);
    expect((JSON.parse(out) as { campaign: Campaign }).campaign.state).toBe(CampaignState.RUNNING);
  });

  it('contacts import › the header arrives first, then the file in 256 KiB chunks, in order', async () => {
    const file = Buffer.from(Array.from({ length: 40_000 }, (_, index) => `+86138${String(index).padStart(8, '0')},name ${index}\n`).join(''));
    const { code, out } = await cli(['contacts', 'import', 'list.csv', '--campaign', CAMPAIGN_ID, '--phone', '1', '--no-header', '--import-id', 'f0e1d2c3-b4a5-4697-8899-aabbccddeeff'], { files: { 'list.csv': file } });
    expect(code).toBe(ExitCode.ImportRejectedRows);
    const [first, ...rest] = seen.importMessages;
    expect(first?.part).toEqual({
      $case: 'header',
      value: expect.objectContaining({ campaignId: CAMPAIGN_ID, importId: 'f0e1d2c3-b4a5-4697-8899-aabbccddeeff', hasHeader: false, sizeBytes: file.byteLength, columns: { phone: '1', name: '', timezone: '', fields: {} } }) as unknown,
    });
    const chunks = rest.map((message) => (message.part?.$case === 'chunk' ? Buffer.from(message.part.value) : Buffer.alloc(0)));
    expect(rest.every((message) => message.part?.$case === 'chunk')).toBe(true);
    const full = Math.floor(file.byteLength / CHUNK_BYTES);
    expect(chunks.map((chunk) => chunk.byteLength)).toEqual([...Array<number>(full).fill(CHUNK_BYTES), file.byteLength - full * CHUNK_BYTES]);
    expect(Buffer.concat(chunks).equals(file)).toBe(true);
    expect(out).toContain('rejected rows (first 1 of 1):\nLINE  REASON       VALUE        DETAIL\n   3  blacklisted  +8613****00  on the do-not-call list\n');
  });

  it('campaigns watch › renders each update, then the ending, off a terminal', async () => {
    const { code, out } = await cli(['campaigns', 'watch', CAMPAIGN_ID]);
    expect(code).toBe(ExitCode.Ok);
    expect(out.split('\n')).toEqual([
      '2026-11-24T09:00:00Z running done 0/4  confirmed 0  notified 0  refused 0  failed 0  pending 4  dialing 0  attempts 0',
      '2026-11-24T09:00:00Z running done 2/4  confirmed 1  notified 0  refused 1  failed 0  pending 2  dialing 0  attempts 2',
      '2026-11-24T09:00:00Z completed done 4/4  confirmed 2  notified 0  refused 1  failed 1  pending 0  dialing 0  attempts 6',
      'campaign completed: 4 contacts, confirmed 2  notified 0  refused 1  failed 1  pending 0  dialing 0, 6 attempts',
      '',
    ]);
  });

  it('campaigns watch › on a terminal, one bar redrawn per update', async () => {
    const { out } = await cli(['campaigns', 'watch', CAMPAIGN_ID], { tty: true });
    const frames = out.split('\r').filter((frame) => frame !== '');
    expect(frames.map((frame) => frame.slice(0, 37))).toEqual(['[------------------------------]   0%', '[###############---------------]  50%', '[##############################] 100%']);
  });

  it('campaigns watch › Ctrl-C ends the watch of a running campaign with exit 0', async () => {
    const interrupt = new AbortController();
    const io = memoryIo({ env: { address, apiKey: API_KEY }, signal: interrupt.signal });
    const watching = run(['campaigns', 'watch', 'endless'], io, createGrpcClient);
    await expect.poll(() => io.out()).toContain('pending 4');
    interrupt.abort();
    expect(await watching).toBe(ExitCode.Ok);
  });

  it('flows validate › over FlowService on the same connection', async () => {
    const { code, out } = await cli(['flows', 'validate', 'flow.json'], { files: { 'flow.json': '{\n  "nodes": []\n}\n' } });
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(out).toBe('flow.json:2: nodes: a flow needs at least one node\n');
  });

  it('a wrong API key is exit 4; an unreachable server and a deadline are exit 6', async () => {
    const wrongKey = memoryIo({ env: { address, apiKey: 'rpk_wrong' } });
    expect(await run(['campaigns', 'get', CAMPAIGN_ID], wrongKey, createGrpcClient)).toBe(ExitCode.Unauthenticated);
    const down = memoryIo({ env: { apiKey: API_KEY } });
    expect(await run(['campaigns', 'get', CAMPAIGN_ID, '--address', '127.0.0.1:1', '--timeout', '2000'], down, createGrpcClient)).toBe(ExitCode.Unavailable);
    expect(down.err()).toMatch(/^error: ringpace server 127\.0\.0\.1:1: /);
    const slow = await cli(['campaigns', 'get', 'slow', '--timeout', '200']);
    expect(slow.code).toBe(ExitCode.Unavailable);
    expect(slow.err).toMatch(/^error: Deadline exceeded/);
  });
});
