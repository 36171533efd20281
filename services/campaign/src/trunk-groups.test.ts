import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { CallerIdMode, type CreateTrunkGroupRequest, type TrunkSpec } from '@ringpace/proto';
import { startHarness, type Harness, failure } from './test-harness.js';

let harness: Harness;
let tenant: Awaited<ReturnType<Harness['tenant']>>;
let other: Awaited<ReturnType<Harness['tenant']>>;

beforeAll(async () => {
  harness = await startHarness();
  tenant = await harness.tenant('trunks');
  other = await harness.tenant('trunks-other');
});
afterAll(() => harness.close());


const trunk = (overrides: Partial<TrunkSpec> = {}): TrunkSpec => ({ nodeId: 'fs1', gateway: 'carrier-a', channels: 60, callsPerSecond: 10, ...overrides });

function groupRequest(overrides: Partial<CreateTrunkGroupRequest> = {}): CreateTrunkGroupRequest {
  return { tenantId: tenant.id, name: `carriers-${randomUUID()}`, callerIdMode: CallerIdMode.UNSPECIFIED, trunks: [trunk()], ...overrides };
}

describe('trunk groups', () => {
  it('CreateTrunkGroup › the operator creates a group with its trunks; the tenant reads and lists it', async () => {
    const { trunkGroup } = await harness.operator.createTrunkGroup(groupRequest({
      name: 'Carriers East',
      callerIdMode: CallerIdMode.REGION,
      trunks: [trunk({ nodeId: 'fs2', gateway: 'carrier.b', channels: 100_000, callsPerSecond: 10_000 }), trunk({ channels: 1, callsPerSecond: 1 })],
    }));
    expect(trunkGroup).toMatchObject({ tenantId: tenant.id, name: 'Carriers East', callerIdMode: CallerIdMode.REGION });
    expect(trunkGroup!.createdAt).toEqual(harness.clock.now());
    // Trunks come back ordered by node, then gateway.
    expect(trunkGroup!.trunks.map(({ nodeId, gateway, channels, callsPerSecond, disabled }) => ({ nodeId, gateway, channels, callsPerSecond, disabled }))).toEqual([
      { nodeId: 'fs1', gateway: 'carrier-a', channels: 1, callsPerSecond: 1, disabled: false },
      { nodeId: 'fs2', gateway: 'carrier.b', channels: 100_000, callsPerSecond: 10_000, disabled: false },
    ]);
    expect((await tenant.client.getTrunkGroup({ id: trunkGroup!.id })).trunkGroup).toEqual(trunkGroup);
    expect((await harness.operator.getTrunkGroup({ id: trunkGroup!.id })).trunkGroup).toEqual(trunkGroup);
    const listed = await tenant.client.listTrunkGroups({ tenantId: '' });
    expect(listed.trunkGroups.map((g) => g.id)).toContain(trunkGroup!.id);
    expect((await harness.operator.listTrunkGroups({ tenantId: tenant.id })).trunkGroups).toEqual(listed.trunkGroups);
  });

  it('CreateTrunkGroup › an unspecified caller ID mode means ROTATE', async () => {
    const { trunkGroup } = await harness.operator.createTrunkGroup(groupRequest());
    expect(trunkGroup!.callerIdMode).toBe(CallerIdMode.ROTATE);
  });

  it('CreateTrunkGroup › every bad field is named in one INVALID_ARGUMENT and nothing is stored', async () => {
    const before = await harness.database.db.prisma.trunkGroup.count();
    const error = await failure(harness.operator.createTrunkGroup({
      tenantId: 'not-a-uuid',
      name: ' ',
      callerIdMode: CallerIdMode.UNRECOGNIZED,
      trunks: [
        trunk({ nodeId: 'fs.1', gateway: 'carrier a', channels: 0, callsPerSecond: 10_001 }),
        trunk({ nodeId: '', gateway: '', channels: 100_001, callsPerSecond: 0 }),
        trunk(),
        trunk(),
      ],
    }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    for (const field of [
      'tenant_id: must be a UUID',
      'name: is required',
      'caller_id_mode',
      'trunks[0].node_id',
      'trunks[0].gateway',
      'trunks[0].channels: must be between 1 and 100000',
      'trunks[0].calls_per_second: must be between 1 and 10000',
      'trunks[1].node_id: is required',
      'trunks[1].gateway: is required',
      'trunks[1].channels',
      'trunks[1].calls_per_second',
      'trunks[3]: repeats trunks[2]',
    ]) expect(error.message).toContain(field);
    const empty = await failure(harness.operator.createTrunkGroup(groupRequest({ trunks: [] })));
    expect(empty.message).toContain('trunks: needs at least one trunk');
    expect(await harness.database.db.prisma.trunkGroup.count()).toBe(before);
  });

  it('CreateTrunkGroup › a second group with the same name in one tenant is ALREADY_EXISTS; another tenant may reuse it', async () => {
    const name = `dup-${randomUUID()}`;
    await harness.operator.createTrunkGroup(groupRequest({ name }));
    expect((await failure(harness.operator.createTrunkGroup(groupRequest({ name })))).code).toBe('ALREADY_EXISTS');
    const { trunkGroup } = await harness.operator.createTrunkGroup(groupRequest({ name, tenantId: other.id }));
    expect(trunkGroup!.tenantId).toBe(other.id);
  });

  it('CreateTrunkGroup › an unknown tenant is NOT_FOUND', async () => {
    expect((await failure(harness.operator.createTrunkGroup(groupRequest({ tenantId: randomUUID() })))).code).toBe('NOT_FOUND');
  });

  it('CreateTrunkGroup and SetTrunkDisabled › need the admin token: an API key is PERMISSION_DENIED', async () => {
    expect((await failure(tenant.client.createTrunkGroup(groupRequest()))).code).toBe('PERMISSION_DENIED');
    const { trunkGroup } = await harness.operator.createTrunkGroup(groupRequest());
    expect((await failure(tenant.client.setTrunkDisabled({ trunkId: trunkGroup!.trunks[0]!.id, disabled: true }))).code).toBe('PERMISSION_DENIED');
    expect((await tenant.client.getTrunkGroup({ id: trunkGroup!.id })).trunkGroup!.trunks[0]!.disabled).toBe(false);
  });

  it("GetTrunkGroup and ListTrunkGroups › another tenant's group is NOT_FOUND and never listed", async () => {
    const { trunkGroup } = await harness.operator.createTrunkGroup(groupRequest());
    const error = await failure(other.client.getTrunkGroup({ id: trunkGroup!.id }));
    expect(error.code).toBe('NOT_FOUND');
    // An API key lists its own tenant's groups, whatever tenant_id it sends.
    const listed = await other.client.listTrunkGroups({ tenantId: tenant.id });
    expect(listed.trunkGroups.every((g) => g.tenantId === other.id)).toBe(true);
    expect(listed.trunkGroups.map((g) => g.id)).not.toContain(trunkGroup!.id);
  });

  it('GetTrunkGroup and ListTrunkGroups › bad ids are named; the operator must say which tenant', async () => {
    expect((await failure(tenant.client.getTrunkGroup({ id: 'x' }))).message).toContain('id: must be a UUID');
    expect((await failure(tenant.client.getTrunkGroup({ id: randomUUID() }))).code).toBe('NOT_FOUND');
    expect((await failure(harness.operator.listTrunkGroups({ tenantId: '' }))).message).toContain('tenant_id: is required');
    expect((await failure(harness.operator.listTrunkGroups({ tenantId: randomUUID() }))).code).toBe('NOT_FOUND');
  });

  it('SetTrunkDisabled › disables and enables one trunk; disabling twice keeps the first time', async () => {
    const { trunkGroup } = await harness.operator.createTrunkGroup(groupRequest({ trunks: [trunk(), trunk({ gateway: 'carrier-b' })] }));
    const [first, second] = trunkGroup!.trunks;
    const disabled = await harness.operator.setTrunkDisabled({ trunkId: first!.id, disabled: true });
    expect(disabled.trunk).toEqual({ ...first, disabled: true });
    const disabledAt = (await harness.database.db.prisma.trunk.findUniqueOrThrow({ where: { id: first!.id } })).disabledAt;
    harness.clock.advance(60_000);
    await harness.operator.setTrunkDisabled({ trunkId: first!.id, disabled: true });
    expect((await harness.database.db.prisma.trunk.findUniqueOrThrow({ where: { id: first!.id } })).disabledAt).toEqual(disabledAt);
    expect((await tenant.client.getTrunkGroup({ id: trunkGroup!.id })).trunkGroup!.trunks.map((t) => t.disabled)).toEqual([true, false]);
    expect(second!.disabled).toBe(false);
    expect((await harness.operator.setTrunkDisabled({ trunkId: first!.id, disabled: false })).trunk!.disabled).toBe(false);
    expect((await failure(harness.operator.setTrunkDisabled({ trunkId: randomUUID(), disabled: true }))).code).toBe('NOT_FOUND');
    expect((await failure(harness.operator.setTrunkDisabled({ trunkId: '', disabled: true }))).message).toContain('trunk_id: is required');
  });
});
