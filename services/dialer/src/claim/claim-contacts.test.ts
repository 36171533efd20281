import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@ringpace/db';
import { createTestDatabase, type TestDatabase } from '@ringpace/testing';
import { enabledTrunks } from '../pacing/trunk.js';
import { PlanStore } from '../plans/campaign-plan.js';
import { T0 } from '../testing/harness.js';
import { seedCampaign } from '../testing/seed.js';
import { claimContacts, type ClaimRequest } from './claim-contacts.js';

describe('claimContacts', () => {
  let database: TestDatabase;
  let second: Db;
  beforeAll(async () => {
    database = await createTestDatabase({ poolMax: 4 });
    second = createDb({ url: database.url, poolMax: 4 });
  });
  afterAll(async () => {
    await second.close();
    await database.drop();
  });

  async function request(seeded: { campaignId: string }, limit: number, podId: string): Promise<ClaimRequest> {
    const prisma = database.db.prisma;
    const plan = await new PlanStore().byId(database.db.pool, seeded.campaignId);
    const [trunk] = await enabledTrunks(prisma);
    let turn = 0;
    return { trunk: trunk!, plan: plan!, limit, now: new Date(T0), podId, ringTimeoutMs: 30_000, maxCallMs: 600_000, nextTurn: () => turn++ };
  }

  it('claim › two claimers in parallel never take the same contact', async () => {
    const seeded = await seedCampaign(database.db.prisma, { now: new Date(T0), contacts: 50 });
    const [a, b] = await Promise.all([
      request(seeded, 30, 'pod-a').then((r) => claimContacts(database.db.pool, r)),
      request(seeded, 30, 'pod-b').then((r) => claimContacts(second.pool, r)),
    ]);
    const contactsA = a.calls.map((c) => c.contactId);
    const contactsB = b.calls.map((c) => c.contactId);
    expect(contactsA.filter((id) => contactsB.includes(id))).toEqual([]);
    expect(contactsA.length + contactsB.length).toBe(50);
    expect(await database.db.prisma.attempt.count({ where: { campaignId: seeded.campaignId } })).toBe(50);
    expect(await database.db.prisma.contact.count({ where: { campaignId: seeded.campaignId, state: 'dialing', attemptCount: 1 } })).toBe(50);
    // Nothing is left to claim.
    expect((await claimContacts(database.db.pool, await request(seeded, 30, 'pod-c'))).calls).toEqual([]);
  });

  it('claim › a campaign limit counts the open attempts of every pod', async () => {
    const seeded = await seedCampaign(database.db.prisma, { now: new Date(T0), contacts: 10, maxConcurrentCalls: 4 });
    const [a, b] = await Promise.all([
      request(seeded, 3, 'pod-a').then((r) => claimContacts(database.db.pool, r)),
      request(seeded, 3, 'pod-b').then((r) => claimContacts(second.pool, r)),
    ]);
    expect(a.calls.length + b.calls.length).toBe(4);
    const third = await claimContacts(database.db.pool, await request(seeded, 3, 'pod-c'));
    expect(third).toMatchObject({ calls: [], skipped: 'campaign_limit' });
  });

  it('claim › a paused campaign gives nothing', async () => {
    const seeded = await seedCampaign(database.db.prisma, { now: new Date(T0), contacts: 2, state: 'paused' });
    const result = await claimContacts(database.db.pool, await request(seeded, 5, 'pod-a'));
    expect(result).toMatchObject({ calls: [], skipped: 'not_running' });
  });

  it('claim › a campaign paused after its plan was read gives nothing and leaves its contacts as they were', async () => {
    const seeded = await seedCampaign(database.db.prisma, { now: new Date(T0), contacts: 3 });
    const stale = await request(seeded, 5, 'pod-a');
    await database.db.prisma.campaign.update({ where: { id: seeded.campaignId }, data: { state: 'paused' } });
    expect(await claimContacts(database.db.pool, stale)).toMatchObject({ calls: [], skipped: 'not_running' });
    expect(await database.db.prisma.contact.count({ where: { campaignId: seeded.campaignId, state: 'pending', attemptCount: 0 } })).toBe(3);
    expect(await database.db.prisma.attempt.count({ where: { campaignId: seeded.campaignId } })).toBe(0);
  });

  it('claim › a limit set after the plan was read still holds, and the contacts beyond it stay pending', async () => {
    const seeded = await seedCampaign(database.db.prisma, { now: new Date(T0), contacts: 6 });
    const stale = await request(seeded, 5, 'pod-a');
    expect(stale.plan.maxConcurrentCalls).toBe(0);
    await database.db.prisma.campaign.update({ where: { id: seeded.campaignId }, data: { maxConcurrentCalls: 2 } });
    expect((await claimContacts(database.db.pool, stale)).calls).toHaveLength(2);
    expect(await database.db.prisma.contact.count({ where: { campaignId: seeded.campaignId, state: 'pending', attemptCount: 0 } })).toBe(4);
    expect(await claimContacts(database.db.pool, stale)).toMatchObject({ calls: [], skipped: 'campaign_limit' });
  });
});
