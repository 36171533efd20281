import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { CampaignState, CreateCampaignRequest, DialMode } from '@ringpace/proto';
import { startHarness, type Harness, failure } from './test-harness.js';
import type { CampaignClient } from './client.js';

let harness: Harness;
let tenantA: Awaited<ReturnType<Harness['tenant']>>;
let tenantB: Awaited<ReturnType<Harness['tenant']>>;

beforeAll(async () => {
  harness = await startHarness();
  tenantA = await harness.tenant('tenant-a');
  tenantB = await harness.tenant('tenant-b');
});
afterAll(() => harness.close());

function campaignRequest(overrides: Partial<CreateCampaignRequest> = {}): CreateCampaignRequest {
  return {
    ...CreateCampaignRequest.fromPartial({}),
    name: 'Payment reminders',
    defaultRegion: 'CN',
    timezone: 'Asia/Shanghai',
    callerIds: ['+861065529988'],
    ...overrides,
  };
}


describe('campaign service › tenancy', () => {
  it('campaigns › tenant A creates, reads and lists its campaign', async () => {
    const { campaign } = await tenantA.client.createCampaign(campaignRequest({ name: 'A notices', maxConcurrentCalls: 30 }));
    expect(campaign).toMatchObject({ tenantId: tenantA.id, name: 'A notices', state: CampaignState.DRAFT, dialMode: DialMode.NOTIFICATION, maxConcurrentCalls: 30, defaultRegion: 'CN' });
    const got = await tenantA.client.getCampaign({ id: campaign!.id });
    expect(got.campaign).toEqual(campaign);
    const listed = await tenantA.client.listCampaigns({ pageSize: 0, pageToken: '', state: CampaignState.UNSPECIFIED });
    expect(listed.campaigns.map((c) => c.id)).toContain(campaign!.id);
  });

  it('campaigns › an API key of tenant B can neither read nor list tenant A campaigns', async () => {
    const { campaign } = await tenantA.client.createCampaign(campaignRequest({ name: 'A private' }));
    const error = await failure(tenantB.client.getCampaign({ id: campaign!.id }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).not.toContain('A private');
    const listed = await tenantB.client.listCampaigns({ pageSize: 500, pageToken: '', state: CampaignState.UNSPECIFIED });
    expect(listed.campaigns.filter((c) => c.tenantId !== tenantB.id)).toEqual([]);
    expect(listed.campaigns.map((c) => c.id)).not.toContain(campaign!.id);
  });

  it('campaigns › tenant B cannot change tenant A campaigns through an idempotency key either', async () => {
    const requestId = randomUUID();
    const { campaign: mine } = await tenantA.client.createCampaign(campaignRequest({ requestId, name: 'A keyed' }));
    const { campaign: theirs } = await tenantB.client.createCampaign(campaignRequest({ requestId, name: 'B keyed' }));
    expect(theirs!.id).not.toBe(mine!.id);
    expect(theirs!.tenantId).toBe(tenantB.id);
    expect((await tenantA.client.getCampaign({ id: mine!.id })).campaign!.name).toBe('A keyed');
  });

  it('campaigns › an unknown id and a malformed id are told apart', async () => {
    expect((await failure(tenantA.client.getCampaign({ id: randomUUID() }))).code).toBe('NOT_FOUND');
    const malformed = await failure(tenantA.client.getCampaign({ id: 'campaign-1' }));
    expect(malformed.code).toBe('INVALID_ARGUMENT');
    expect(malformed.message).toContain('id: must be a UUID');
  });
});

describe('campaign service › authentication', () => {
  it.each<[string, (h: Harness) => CampaignClient]>([
    ['no credentials', (h) => h.operator.as(undefined)],
    ['an unknown key', (h) => h.operator.as(`rpk_abcdefghijkl_${'A'.repeat(43)}`)],
    ['garbage', (h) => h.operator.as('not-a-key')],
  ])('auth › %s gets UNAUTHENTICATED', async (_label, client) => {
    const error = await failure(client(harness).listCampaigns({ pageSize: 0, pageToken: '', state: CampaignState.UNSPECIFIED }));
    expect(error.code).toBe('UNAUTHENTICATED');
  });

  it('auth › a revoked key gets UNAUTHENTICATED at once, and revoking twice keeps the first time', async () => {
    const tenant = await harness.tenant('tenant-revoked');
    await tenant.client.listCampaigns({ pageSize: 0, pageToken: '', state: CampaignState.UNSPECIFIED });
    const first = await harness.operator.revokeApiKey({ id: tenant.apiKeyId });
    expect(first.apiKey!.revokedAt).toBeInstanceOf(Date);
    const error = await failure(tenant.client.listCampaigns({ pageSize: 0, pageToken: '', state: CampaignState.UNSPECIFIED }));
    expect(error.code).toBe('UNAUTHENTICATED');
    harness.clock.advance(60_000);
    const second = await harness.operator.revokeApiKey({ id: tenant.apiKeyId });
    expect(second.apiKey!.revokedAt).toEqual(first.apiKey!.revokedAt);
  });

  it('auth › operator methods refuse API keys and tenant methods refuse the operator token', async () => {
    expect((await failure(tenantA.client.createTenant({ name: 'sneaky' }))).code).toBe('PERMISSION_DENIED');
    expect((await failure(tenantA.client.createApiKey({ tenantId: tenantB.id, name: 'steal' }))).code).toBe('PERMISSION_DENIED');
    expect((await failure(harness.operator.createCampaign(campaignRequest()))).code).toBe('PERMISSION_DENIED');
  });

  it('auth › the API key secret is stored only as a hash', async () => {
    const rows = await harness.database.db.prisma.apiKey.findMany({ where: { tenantId: tenantA.id } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(tenantA.key);
  });
});

describe('campaign service › bad input', () => {
  it('CreateCampaign › every bad field is named in one INVALID_ARGUMENT', async () => {
    const error = await failure(tenantA.client.createCampaign(campaignRequest({ name: '', defaultRegion: 'XX', timezone: 'Nowhere/City', callerIds: ['12345'] })));
    expect(error.code).toBe('INVALID_ARGUMENT');
    for (const field of ['name', 'default_region', 'timezone', 'caller_ids[0]']) expect(error.message).toContain(`${field}:`);
  });

  it('CreateCampaign › problems quoting any Unicode travel back intact, and the service lives on', async () => {
    const error = await failure(tenantA.client.createCampaign(campaignRequest({ timezone: '亚洲/上海', name: '–' })));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('"亚洲/上海" is not an IANA time zone');
    expect((await tenantA.client.listCampaigns({ pageSize: 1, pageToken: '', state: CampaignState.UNSPECIFIED })).campaigns).toHaveLength(1);
  });

  it('CreateTenant and CreateApiKey › name the bad field; an unknown tenant is NOT_FOUND', async () => {
    expect((await failure(harness.operator.createTenant({ name: ' ' }))).message).toContain('name: is required');
    expect((await failure(harness.operator.createApiKey({ tenantId: 'x', name: 'k' }))).message).toContain('tenant_id: must be a UUID');
    expect((await failure(harness.operator.createApiKey({ tenantId: randomUUID(), name: 'k' }))).code).toBe('NOT_FOUND');
  });

  it('CreateTenant › a second tenant with the same name is ALREADY_EXISTS', async () => {
    const name = `dup-${randomUUID()}`;
    await harness.operator.createTenant({ name });
    expect((await failure(harness.operator.createTenant({ name }))).code).toBe('ALREADY_EXISTS');
  });

  it('ListCampaigns › a page size out of range and a forged token are INVALID_ARGUMENT', async () => {
    expect((await failure(tenantA.client.listCampaigns({ pageSize: 501, pageToken: '', state: CampaignState.UNSPECIFIED }))).message).toContain('page_size');
    expect((await failure(tenantA.client.listCampaigns({ pageSize: 1, pageToken: 'forged', state: CampaignState.UNSPECIFIED }))).message).toContain('page_token');
  });
});

describe('campaign service › idempotency and paging', () => {
  it('CreateCampaign › a retry with the same request_id returns the first campaign and stores one row', async () => {
    const requestId = randomUUID();
    const first = await tenantA.client.createCampaign(campaignRequest({ requestId, name: 'retried' }));
    const again = await tenantA.client.createCampaign(campaignRequest({ requestId, name: 'retried' }));
    const concurrent = await Promise.all([1, 2, 3].map(() => tenantA.client.createCampaign(campaignRequest({ requestId, name: 'retried' }))));
    for (const response of [again, ...concurrent]) expect(response.campaign!.id).toBe(first.campaign!.id);
    expect(await harness.database.db.prisma.campaign.count({ where: { tenantId: tenantA.id, requestId } })).toBe(1);
  });

  it('ListCampaigns › pages newest first without gaps or repeats, and the filter holds', async () => {
    const tenant = await harness.tenant('tenant-paging');
    const created: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      harness.clock.advance(1_000);
      created.push((await tenant.client.createCampaign(campaignRequest({ name: `paged ${i}` }))).campaign!.id);
    }
    const seen: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const page = await tenant.client.listCampaigns({ pageSize: 3, pageToken, state: CampaignState.DRAFT });
      seen.push(...page.campaigns.map((c) => c.id));
      pageToken = page.nextPageToken;
      pages += 1;
    } while (pageToken !== '' && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
    const running = await tenant.client.listCampaigns({ pageSize: 3, pageToken: '', state: CampaignState.RUNNING });
    expect(running.campaigns).toEqual([]);
  });
});
