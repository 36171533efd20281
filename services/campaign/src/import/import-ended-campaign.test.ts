import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@ringpace/clock';
import { AppError } from '@ringpace/errors';
import { createTestDatabase, type TestDatabase } from '@ringpace/testing';
import { chunksOf, createTenantWithCampaign, importHeader, runImport } from './import-test-support.js';

let database: TestDatabase;
const clock = new ManualClock(Date.UTC(2026, 10, 24, 9, 0, 0));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const file = () => chunksOf(Buffer.from('tel,name\n13812345678,Li\n13812345679,Wang\n'));

async function setState(campaignId: string, state: 'stopped' | 'completed' | 'paused'): Promise<void> {
  await database.db.prisma.campaign.update({ where: { id: campaignId }, data: { state } });
}

describe('contact import › campaigns that ended', () => {
  it.each(['stopped', 'completed'] as const)('an import into a %s campaign is refused naming the state, and nothing is stored', async (state) => {
    const { tenantId, campaignId } = await createTenantWithCampaign(database.db, clock.now());
    await setState(campaignId, state);
    const error = await runImport(database.db, clock, tenantId, importHeader({ campaignId }), file()).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect((error as AppError).message).toContain(`campaign is ${state}`);
    expect(await database.db.prisma.contact.count({ where: { campaignId } })).toBe(0);
    expect(await database.db.prisma.contactImport.count({ where: { campaignId } })).toBe(0);
  });

  it('a paused campaign still takes contacts', async () => {
    const { tenantId, campaignId } = await createTenantWithCampaign(database.db, clock.now());
    await setState(campaignId, 'paused');
    await runImport(database.db, clock, tenantId, importHeader({ campaignId }), file());
    expect(await database.db.prisma.contact.count({ where: { campaignId } })).toBe(2);
  });

  it('a completed import sent again after its campaign stopped still answers as before', async () => {
    const { tenantId, campaignId } = await createTenantWithCampaign(database.db, clock.now());
    const header = importHeader({ campaignId });
    const first = await runImport(database.db, clock, tenantId, header, file());
    await setState(campaignId, 'stopped');
    expect(await runImport(database.db, clock, tenantId, header, file())).toEqual(first);
  });
});
