import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { CallerIdMode, CampaignState, ContactState, CreateCampaignRequest, Schedule, type Campaign, type TrunkGroup } from '@ringpace/proto';
import { startHarness, type Harness, failure } from './test-harness.js';

let harness: Harness;
let tenant: Awaited<ReturnType<Harness['tenant']>>;
let other: Awaited<ReturnType<Harness['tenant']>>;

beforeAll(async () => {
  harness = await startHarness();
  tenant = await harness.tenant('tenant-ops');
  other = await harness.tenant('tenant-ops-other');
});
afterAll(() => harness.close());


const weekdays = (start: string, end: string): Schedule => ({
  ...Schedule.fromPartial({}),
  monday: { windows: [{ start, end }] },
  tuesday: { windows: [{ start, end }] },
  wednesday: { windows: [{ start, end }] },
  thursday: { windows: [{ start, end }] },
  friday: { windows: [{ start, end }] },
});

async function createFlowVersion(tenantId: string): Promise<{ flowId: string; version: number }> {
  const prisma = harness.database.db.prisma;
  const now = harness.clock.now();
  const flow = await prisma.flow.create({ data: { tenantId, name: `notice-${randomUUID()}`, createdAt: now, updatedAt: now } });
  await prisma.flowVersion.create({ data: { tenantId, flowId: flow.id, version: 1, document: { start: 'bye', nodes: { bye: { hangup: {} } } }, createdAt: now } });
  return { flowId: flow.id, version: 1 };
}

async function addContacts(campaign: Campaign, phones: string[]): Promise<void> {
  const prisma = harness.database.db.prisma;
  const now = harness.clock.now();
  const list = await prisma.contactList.create({ data: { tenantId: campaign.tenantId, campaignId: campaign.id, name: 'list', createdAt: now } });
  await prisma.contact.createMany({
    data: phones.map((phone, index) => ({ tenantId: campaign.tenantId, campaignId: campaign.id, listId: list.id, phoneE164: phone, name: `Person ${index}`, fields: { amount: String(index) }, createdAt: new Date(now.getTime() + index), updatedAt: now })),
  });
}

async function trunkGroup(tenantId: string, name = `carriers-${randomUUID()}`): Promise<TrunkGroup> {
  const { trunkGroup: group } = await harness.operator.createTrunkGroup({
    tenantId,
    name,
    callerIdMode: CallerIdMode.UNSPECIFIED,
    trunks: [{ nodeId: 'fs1', gateway: 'carrier-a', channels: 30, callsPerSecond: 5 }],
  });
  return group!;
}

async function draftCampaign(name: string, trunkGroupId: string): Promise<Campaign> {
  const { flowId } = await createFlowVersion(tenant.id);
  const { campaign } = await tenant.client.createCampaign({
    ...CreateCampaignRequest.fromPartial({}),
    name,
    defaultRegion: 'CN',
    timezone: 'Asia/Shanghai',
    callerIds: ['+861065529988'],
    flowId,
    schedule: weekdays('09:00', '18:00'),
    trunkGroupId,
  });
  await addContacts(campaign!, ['+8613800000001', '+8613800000002', '+8613900000003']);
  return campaign!;
}

async function readyCampaign(name: string): Promise<Campaign> {
  const campaign = await draftCampaign(name, (await trunkGroup(tenant.id)).id);
  return (await tenant.client.prepareCampaign({ id: campaign.id })).campaign!;
}

describe('campaign life cycle', () => {
  it('lifecycle › draft → ready → running ⇄ paused → stopped, each change on JetStream and in the audit log', async () => {
    const campaign = await readyCampaign('cycle');
    expect(campaign.state).toBe(CampaignState.READY);
    expect((await tenant.client.startCampaign({ id: campaign.id })).campaign!.state).toBe(CampaignState.RUNNING);
    expect((await tenant.client.pauseCampaign({ id: campaign.id })).campaign!.state).toBe(CampaignState.PAUSED);
    expect((await tenant.client.resumeCampaign({ id: campaign.id })).campaign!.state).toBe(CampaignState.RUNNING);
    expect((await tenant.client.stopCampaign({ id: campaign.id, hangUpCalls: true })).campaign!.state).toBe(CampaignState.STOPPED);
    const prisma = harness.database.db.prisma;
    let audit: { action: string; data: unknown }[] = [];
    for (let i = 0; i < 100 && audit.length < 6; i += 1) {
      audit = await prisma.auditLogEntry.findMany({ where: { entityId: campaign.id }, orderBy: { occurredAt: 'asc' } });
      if (audit.length < 6) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(audit.map((entry) => entry.action)).toEqual(['campaign.created', ...Array<string>(5).fill('campaign.state_changed')]);
    expect(audit.slice(1).map((entry) => (entry.data as { to: string }).to)).toEqual([
      CampaignState.READY, CampaignState.RUNNING, CampaignState.PAUSED, CampaignState.RUNNING, CampaignState.STOPPED,
    ]);
    expect(await prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });

  it.each([
    ['start a draft', 'startCampaign'],
    ['pause a draft', 'pauseCampaign'],
    ['resume a draft', 'resumeCampaign'],
  ] as const)('lifecycle › cannot %s: FAILED_PRECONDITION naming the state', async (_label, method) => {
    const { campaign } = await tenant.client.createCampaign({ ...CreateCampaignRequest.fromPartial({}), name: 'draft only', defaultRegion: 'CN', timezone: 'Asia/Shanghai' });
    const error = await failure(tenant.client[method]({ id: campaign!.id }));
    expect(error.code).toBe('FAILED_PRECONDITION');
    expect(error.message).toContain('is draft');
  });

  it('lifecycle › prepare names everything missing', async () => {
    const { campaign } = await tenant.client.createCampaign({ ...CreateCampaignRequest.fromPartial({}), name: 'bare', defaultRegion: 'CN', timezone: 'Asia/Shanghai' });
    const error = await failure(tenant.client.prepareCampaign({ id: campaign!.id }));
    expect(error.code).toBe('FAILED_PRECONDITION');
    for (const missing of ['flow version', 'schedule', 'caller id', 'no contact', 'trunk_group_id']) expect(error.message).toContain(missing);
  });

  it('lifecycle › prepare refuses a trunk group whose trunks are all disabled, naming trunk_group_id, and accepts it once one is enabled', async () => {
    const group = await trunkGroup(tenant.id);
    const campaign = await draftCampaign('no way out', group.id);
    await harness.operator.setTrunkDisabled({ trunkId: group.trunks[0]!.id, disabled: true });
    const error = await failure(tenant.client.prepareCampaign({ id: campaign.id }));
    expect(error.code).toBe('FAILED_PRECONDITION');
    expect(error.message).toContain('trunk_group_id');
    expect(error.message).toContain('no enabled trunk');
    await harness.operator.setTrunkDisabled({ trunkId: group.trunks[0]!.id, disabled: false });
    expect((await tenant.client.prepareCampaign({ id: campaign.id })).campaign!.state).toBe(CampaignState.READY);
  });

  it('lifecycle › a stopped campaign cannot be resumed, and another tenant gets NOT_FOUND', async () => {
    const campaign = await readyCampaign('stopped for good');
    await tenant.client.stopCampaign({ id: campaign.id, hangUpCalls: false });
    expect((await failure(tenant.client.resumeCampaign({ id: campaign.id }))).code).toBe('FAILED_PRECONDITION');
    expect((await failure(other.client.stopCampaign({ id: campaign.id, hangUpCalls: false }))).code).toBe('NOT_FOUND');
    expect((await failure(other.client.prepareCampaign({ id: campaign.id }))).code).toBe('NOT_FOUND');
  });
});

describe('UpdateCampaign', () => {
  it('update › changes only the masked fields and keeps the rest', async () => {
    const campaign = await readyCampaign('to update');
    const { campaign: updated } = await tenant.client.updateCampaign({
      campaign: { ...campaign, name: 'renamed', description: 'ignored: not in the mask', maxConcurrentCalls: 77 },
      updateMask: ['name', 'max_concurrent_calls'],
    });
    expect(updated).toMatchObject({ name: 'renamed', description: campaign.description, maxConcurrentCalls: 77, state: CampaignState.READY });
    expect(updated!.schedule).toEqual(campaign.schedule);
  });

  it('update › the schedule cannot change while running; every bad field is named under campaign.*', async () => {
    const campaign = await readyCampaign('running update');
    await tenant.client.startCampaign({ id: campaign.id });
    const running = await failure(tenant.client.updateCampaign({ campaign: { ...campaign, schedule: weekdays('10:00', '11:00') }, updateMask: ['schedule'] }));
    expect(running.code).toBe('FAILED_PRECONDITION');
    expect(running.message).toContain('pause it first');
    await tenant.client.pauseCampaign({ id: campaign.id });
    const bad = await failure(tenant.client.updateCampaign({ campaign: { ...campaign, name: '', schedule: weekdays('18:00', '09:00') }, updateMask: ['name', 'schedule', 'bogus'] }));
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.message).toContain('"bogus" cannot be updated');
    const fields = await failure(tenant.client.updateCampaign({ campaign: { ...campaign, name: '', schedule: weekdays('18:00', '09:00') }, updateMask: ['name', 'schedule'] }));
    expect(fields.message).toContain('campaign.name: is required');
    expect(fields.message).toContain('campaign.schedule.monday.windows[0]');
    const paused = await tenant.client.updateCampaign({ campaign: { ...campaign, schedule: weekdays('10:00', '11:00') }, updateMask: ['schedule'] });
    expect(paused.campaign!.schedule!.monday!.windows).toEqual([{ start: '10:00', end: '11:00' }]);
  });
});

describe('UpdateCampaign › trunk group', () => {
  it('update › the trunk group changes while ready or paused, not while running, and can be cleared', async () => {
    const campaign = await readyCampaign('moving carriers');
    const next = await trunkGroup(tenant.id);
    const moved = await tenant.client.updateCampaign({ campaign: { ...campaign, trunkGroupId: next.id }, updateMask: ['trunk_group_id'] });
    expect(moved.campaign!.trunkGroupId).toBe(next.id);
    expect((await tenant.client.getCampaign({ id: campaign.id })).campaign!.trunkGroupId).toBe(next.id);
    await tenant.client.startCampaign({ id: campaign.id });
    const running = await failure(tenant.client.updateCampaign({ campaign: { ...campaign, trunkGroupId: '' }, updateMask: ['trunk_group_id'] }));
    expect(running.code).toBe('FAILED_PRECONDITION');
    expect(running.message).toContain('trunk group');
    await tenant.client.pauseCampaign({ id: campaign.id });
    const cleared = await tenant.client.updateCampaign({ campaign: { ...campaign, trunkGroupId: '' }, updateMask: ['trunk_group_id'] });
    expect(cleared.campaign!.trunkGroupId).toBe('');
  });

  it("update › another tenant's trunk group is NOT_FOUND on campaign.trunk_group_id, and a malformed id is INVALID_ARGUMENT", async () => {
    const campaign = await readyCampaign('borrowing');
    const foreign = await trunkGroup(other.id);
    const error = await failure(tenant.client.updateCampaign({ campaign: { ...campaign, trunkGroupId: foreign.id }, updateMask: ['trunk_group_id'] }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('campaign.trunk_group_id');
    const malformed = await failure(tenant.client.updateCampaign({ campaign: { ...campaign, trunkGroupId: 'carriers' }, updateMask: ['trunk_group_id'] }));
    expect(malformed.code).toBe('INVALID_ARGUMENT');
    expect(malformed.message).toContain('campaign.trunk_group_id: must be a UUID');
    expect((await tenant.client.getCampaign({ id: campaign.id })).campaign!.trunkGroupId).toBe(campaign.trunkGroupId);
  });

  it("CreateCampaign › another tenant's trunk group is NOT_FOUND on trunk_group_id and no campaign is stored", async () => {
    const foreign = await trunkGroup(other.id);
    const before = await harness.database.db.prisma.campaign.count({ where: { tenantId: tenant.id } });
    const error = await failure(tenant.client.createCampaign({ ...CreateCampaignRequest.fromPartial({}), name: 'foreign trunks', defaultRegion: 'CN', timezone: 'Asia/Shanghai', trunkGroupId: foreign.id }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('trunk_group_id');
    expect(await harness.database.db.prisma.campaign.count({ where: { tenantId: tenant.id } })).toBe(before);
  });

  it('ListCampaigns › shows each campaign with its trunk group', async () => {
    const campaign = await readyCampaign('listed with trunks');
    const listed = await tenant.client.listCampaigns({ pageSize: 500, pageToken: '', state: CampaignState.UNSPECIFIED });
    expect(listed.campaigns.find((c) => c.id === campaign.id)!.trunkGroupId).toBe(campaign.trunkGroupId);
    expect(campaign.trunkGroupId).not.toBe('');
  });
});

describe('bad schedules', () => {
  it('CreateCampaign › an overlapping window is named (message with an en dash) and the service lives on', async () => {
    const overlapping: Schedule = { ...Schedule.fromPartial({}), monday: { windows: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] } };
    const error = await failure(tenant.client.createCampaign({ ...CreateCampaignRequest.fromPartial({}), name: 'overlap', defaultRegion: 'CN', timezone: 'Asia/Shanghai', schedule: overlapping }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('schedule.monday.windows[1]: overlaps window [0] (09:00–12:00)');
    expect((await tenant.client.getTenantHolidays({})).holidays).toBeDefined();
  });
});

describe('blacklist', () => {
  it('blacklist › adds national and E.164 numbers, updates repeats, and blocks pending contacts', async () => {
    const { campaign } = await tenant.client.createCampaign({ ...CreateCampaignRequest.fromPartial({}), name: 'bl', defaultRegion: 'CN', timezone: 'Asia/Shanghai' });
    await addContacts(campaign!, ['+8613811112222', '+8613833334444']);
    const first = await tenant.client.addBlacklistEntries({ defaultRegion: 'CN', entries: [{ phone: '138 1111 2222', reason: 'asked', expiresAt: undefined, createdAt: undefined }] });
    expect(first).toEqual({ added: 1, updated: 0 });
    const again = await tenant.client.addBlacklistEntries({ defaultRegion: '', entries: [{ phone: '+8613811112222', reason: 'asked twice', expiresAt: undefined, createdAt: undefined }] });
    expect(again).toEqual({ added: 0, updated: 1 });
    const contacts = await tenant.client.listContacts({ campaignId: campaign!.id, state: ContactState.BLOCKED, query: '', pageSize: 0, pageToken: '' });
    expect(contacts.contacts.map((c) => c.phone)).toEqual(['+8613811112222']);
    const listed = await tenant.client.listBlacklist({ query: '1111', pageSize: 0, pageToken: '' });
    expect(listed.entries).toMatchObject([{ phone: '+8613811112222', reason: 'asked twice' }]);
    expect((await other.client.listBlacklist({ query: '', pageSize: 0, pageToken: '' })).entries).toEqual([]);
    expect(await tenant.client.removeBlacklistEntries({ phones: ['+8613811112222'], defaultRegion: '' })).toEqual({ removed: 1 });
  });

  it('blacklist › bad entries are named by index and nothing is stored', async () => {
    const error = await failure(tenant.client.addBlacklistEntries({ defaultRegion: 'ZZ', entries: [{ phone: '12', reason: '', expiresAt: undefined, createdAt: undefined }, { phone: '+8613800000000', reason: '', expiresAt: new Date(0), createdAt: undefined }] }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    for (const field of ['default_region', 'entries[0].phone', 'entries[1].expires_at']) expect(error.message).toContain(field);
  });
});

describe('holidays and contacts', () => {
  it('holidays › replaces the set, sorted; bad and repeated dates are named', async () => {
    const set = await tenant.client.setTenantHolidays({ holidays: [{ date: '2026-10-01', name: 'National Day' }, { date: '2026-01-01', name: 'New Year' }] });
    expect(set.holidays.map((h) => h.date)).toEqual(['2026-01-01', '2026-10-01']);
    expect((await tenant.client.getTenantHolidays({})).holidays).toHaveLength(2);
    expect((await other.client.getTenantHolidays({})).holidays).toEqual([]);
    const error = await failure(tenant.client.setTenantHolidays({ holidays: [{ date: '2026-02-30', name: '' }, { date: '2026-01-01', name: '' }, { date: '2026-01-01', name: '' }] }));
    expect(error.message).toContain('holidays[0].date');
    expect(error.message).toContain('holidays[2].date: repeats holidays[1]');
  });

  it('ListContacts › filters by fuzzy name or digits, pages, and hides other tenants', async () => {
    const { campaign } = await tenant.client.createCampaign({ ...CreateCampaignRequest.fromPartial({}), name: 'people', defaultRegion: 'CN', timezone: 'Asia/Shanghai' });
    await addContacts(campaign!, ['+8613700000001', '+8613700000002', '+8613700000003', '+8613755550004']);
    const byDigits = await tenant.client.listContacts({ campaignId: campaign!.id, state: ContactState.UNSPECIFIED, query: '5555', pageSize: 0, pageToken: '' });
    expect(byDigits.contacts.map((c) => c.phone)).toEqual(['+8613755550004']);
    const byName = await tenant.client.listContacts({ campaignId: campaign!.id, state: ContactState.UNSPECIFIED, query: 'person 2', pageSize: 0, pageToken: '' });
    expect(byName.contacts.map((c) => c.name)).toEqual(['Person 2']);
    const first = await tenant.client.listContacts({ campaignId: campaign!.id, state: ContactState.PENDING, query: '', pageSize: 3, pageToken: '' });
    const second = await tenant.client.listContacts({ campaignId: campaign!.id, state: ContactState.PENDING, query: '', pageSize: 3, pageToken: first.nextPageToken });
    expect([...first.contacts, ...second.contacts].map((c) => c.phone)).toHaveLength(4);
    expect(second.nextPageToken).toBe('');
    expect(first.contacts[0]!.fields).toEqual({ amount: '0' });
    expect((await failure(other.client.listContacts({ campaignId: campaign!.id, state: ContactState.UNSPECIFIED, query: '', pageSize: 0, pageToken: '' }))).code).toBe('NOT_FOUND');
  });
});

describe('WatchCampaign', () => {
  it('watch › sends the counts, then each change, and ends when the campaign stops', async () => {
    const campaign = await readyCampaign('watched');
    const seen: { pending: number; confirmed: number; state: CampaignState }[] = [];
    const watching = (async () => {
      for await (const update of tenant.client.watchCampaign({ id: campaign.id, minIntervalMs: 200 })) {
        seen.push({ pending: update.progress!.pending, confirmed: update.progress!.confirmed, state: update.progress!.state });
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const prisma = harness.database.db.prisma;
    const contact = await prisma.contact.findFirstOrThrow({ where: { campaignId: campaign.id } });
    await prisma.contact.update({ where: { id: contact.id }, data: { state: 'confirmed' } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await tenant.client.stopCampaign({ id: campaign.id, hangUpCalls: false });
    await watching;
    expect(seen[0]).toEqual({ pending: 3, confirmed: 0, state: CampaignState.READY });
    expect(seen).toContainEqual({ pending: 2, confirmed: 1, state: CampaignState.READY });
    expect(seen.at(-1)!.state).toBe(CampaignState.STOPPED);
  });
});
