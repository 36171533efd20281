// Drift check between schema.prisma and the committed SQL: the Prisma client writes and reads back a
// row of every model in a database built only by our migrations.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttemptOutcome, AttemptState, CampaignState, ContactState, createDb, type Db, DialMode, migrate, Prisma } from './index.js';
import { createScratchDatabase, type ScratchDatabase } from './test-support/scratch-database.js';

const adminUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const at = new Date('2026-11-24T08:59:59.123Z');

describe('schema', () => {
  let database: ScratchDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createScratchDatabase(adminUrl);
    await migrate({ url: database.url, lockTimeoutMs: 10_000 });
    db = createDb({ url: database.url, poolMax: 4, statementTimeoutMs: 2_000 });
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  async function seedCampaign() {
    const { prisma } = db;
    const tenant = await prisma.tenant.create({ data: { name: `Acme ${randomUUID()}`, createdAt: at, updatedAt: at } });
    const stamps = { tenantId: tenant.id, createdAt: at, updatedAt: at };
    const flow = await prisma.flow.create({ data: { ...stamps, name: `reminder-${randomUUID()}` } });
    const flowVersion = await prisma.flowVersion.create({
      data: { tenantId: tenant.id, flowId: flow.id, version: 1, document: { start: 'play', nodes: { play: { type: 'play', file: 'hello.wav' } } }, createdAt: at },
    });
    const schedule = await prisma.schedule.create({
      data: { ...stamps, name: 'office hours', timezone: 'Asia/Shanghai', windows: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '20:00' }], holidays: ['2026-10-01'] },
    });
    const retryPolicy = await prisma.retryPolicy.create({ data: { ...stamps, name: 'default', maxAttempts: 3, rules: { busy: { delaySec: 300 } } } });
    const trunkGroup = await prisma.trunkGroup.create({ data: { ...stamps, name: `carrier-${randomUUID()}` } });
    const trunk = await prisma.trunk.create({ data: { ...stamps, trunkGroupId: trunkGroup.id, node: 'fs-1', gatewayName: 'carrier_a', channels: 30, cps: 5 } });
    const campaign = await prisma.campaign.create({
      data: {
        ...stamps,
        name: 'Payment reminder',
        defaultRegion: 'CN',
        timezone: 'Asia/Shanghai',
        callerIds: ['+861012345678', '+861012345679'],
        dialMode: DialMode.notification,
        maxConcurrentCalls: 30,
        flowVersionId: flowVersion.id,
        scheduleId: schedule.id,
        retryPolicyId: retryPolicy.id,
        trunkGroupId: trunkGroup.id,
        requestId: randomUUID(),
      },
    });
    const list = await prisma.contactList.create({ data: { tenantId: tenant.id, campaignId: campaign.id, name: 'march.csv', createdAt: at } });
    return { tenant, flow, flowVersion, schedule, retryPolicy, trunkGroup, trunk, campaign, list, stamps };
  }

  it('schema › every model can be written and read back through the Prisma client', async () => {
    const { prisma } = db;
    const seeded = await seedCampaign();
    const { tenant, campaign, list, stamps } = seeded;
    const apiKey = await prisma.apiKey.create({ data: { tenantId: tenant.id, name: 'ci', prefix: `rp_${randomUUID().slice(0, 8)}`, secretHash: 'a'.repeat(64), createdAt: at } });
    const contact = await prisma.contact.create({
      data: { ...stamps, campaignId: campaign.id, listId: list.id, phoneE164: '+8613812345678', name: 'Zhang San', fields: { amount: '120.50' }, nextAttemptAt: at },
    });
    const attemptId = randomUUID();
    await prisma.attempt.create({ data: { id: attemptId, tenantId: tenant.id, campaignId: campaign.id, contactId: contact.id, round: 1, createdAt: at } });
    const blacklisted = await prisma.blacklistEntry.create({ data: { tenantId: tenant.id, phoneE164: '+8613900000000', reason: 'asked', createdAt: at } });
    const audit = await prisma.auditLogEntry.create({
      data: { tenantId: tenant.id, actor: `api_key:${apiKey.prefix}`, action: 'campaign.start', entity: 'campaign', entityId: campaign.id, eventId: randomUUID(), data: { from: 'draft' }, occurredAt: at },
    });
    const processed = await prisma.processedEvent.create({ data: { consumer: 'dialer', eventId: randomUUID(), processedAt: at } });

    expect(await prisma.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toEqual(tenant);
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { prefix: apiKey.prefix } })).toMatchObject({ revokedAt: null, createdAt: at });
    expect(await prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
      state: CampaignState.draft,
      description: '',
      callerIds: ['+861012345678', '+861012345679'],
      dialMode: 'notification',
      createdAt: at,
    });
    expect(await prisma.flowVersion.findUniqueOrThrow({ where: { flowId_version: { flowId: seeded.flow.id, version: 1 } } })).toMatchObject({
      document: { start: 'play', nodes: { play: { type: 'play', file: 'hello.wav' } } },
    });
    expect(await prisma.schedule.findUniqueOrThrow({ where: { id: seeded.schedule.id } })).toMatchObject({ holidays: ['2026-10-01'] });
    expect(await prisma.retryPolicy.findUniqueOrThrow({ where: { id: seeded.retryPolicy.id } })).toMatchObject({ rules: { busy: { delaySec: 300 } } });
    expect(await prisma.trunk.findUniqueOrThrow({ where: { id: seeded.trunk.id }, include: { trunkGroup: true } })).toMatchObject({ channels: 30, cps: 5, trunkGroup: { id: seeded.trunkGroup.id } });
    expect(await prisma.contactList.findUniqueOrThrow({ where: { id: list.id } })).toEqual(list);
    expect(await prisma.contact.findUniqueOrThrow({ where: { campaignId_phoneE164: { campaignId: campaign.id, phoneE164: '+8613812345678' } } })).toMatchObject({
      state: ContactState.pending,
      attemptCount: 0,
      timezone: null,
      fields: { amount: '120.50' },
      nextAttemptAt: at,
    });
    const attempt = await prisma.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(attempt).toMatchObject({ state: AttemptState.dialing, outcome: null, round: 1 });
    expect(typeof attempt.fencingToken).toBe('bigint');
    expect(await prisma.blacklistEntry.findUniqueOrThrow({ where: { id: blacklisted.id } })).toMatchObject({ expiresAt: null, reason: 'asked' });
    expect(await prisma.auditLogEntry.findUniqueOrThrow({ where: { eventId: audit.eventId } })).toMatchObject({ data: { from: 'draft' }, occurredAt: at });
    expect(await prisma.processedEvent.findUniqueOrThrow({ where: { consumer_eventId: { consumer: 'dialer', eventId: processed.eventId } } })).toEqual(processed);
  });

  it('schema › the database hands out increasing fencing tokens and ends attempts with an outcome', async () => {
    const { prisma } = db;
    const { tenant, campaign, list, stamps } = await seedCampaign();
    const contact = await prisma.contact.create({ data: { ...stamps, campaignId: campaign.id, listId: list.id, phoneE164: '+8613812340000' } });
    const first = await prisma.attempt.create({ data: { id: randomUUID(), tenantId: tenant.id, campaignId: campaign.id, contactId: contact.id, round: 1, createdAt: at } });
    const second = await prisma.attempt.create({ data: { id: randomUUID(), tenantId: tenant.id, campaignId: campaign.id, contactId: contact.id, round: 2, createdAt: at } });
    expect(second.fencingToken).toBeGreaterThan(first.fencingToken);
    const ended = await prisma.attempt.update({
      where: { id: first.id },
      data: { state: AttemptState.ended, outcome: AttemptOutcome.no_answer, hangupCause: 'NO_ANSWER', endedAt: at },
    });
    expect(ended).toMatchObject({ state: 'ended', outcome: 'no_answer', hangupCause: 'NO_ANSWER' });
  });

  describe('unique constraints', () => {
    // Each case builds one insert; running it twice must fail the second time on a unique key.
    type Seed = Awaited<ReturnType<typeof seedCampaign>>;
    const cases: [string, (seed: Seed) => () => Promise<unknown>][] = [
      ['a number is blacklisted once per tenant', ({ tenant }) => () => db.prisma.blacklistEntry.create({ data: { tenantId: tenant.id, phoneE164: '+8613811112222', createdAt: at } })],
      [
        'a number appears once per contact list',
        ({ campaign, list, stamps }) =>
          () => db.prisma.contact.create({ data: { ...stamps, campaignId: campaign.id, listId: list.id, phoneE164: '+8613811112222' } }),
      ],
      [
        'a number appears once per campaign, whatever list brings it',
        ({ tenant, campaign, stamps }) =>
          async () => {
            const list = await db.prisma.contactList.create({ data: { tenantId: tenant.id, campaignId: campaign.id, name: `list ${randomUUID()}`, createdAt: at } });
            return db.prisma.contact.create({ data: { ...stamps, campaignId: campaign.id, listId: list.id, phoneE164: '+8613811113333' } });
          },
      ],
      [
        'an event is processed once per consumer',
        () => {
          const eventId = randomUUID();
          return () => db.prisma.processedEvent.create({ data: { consumer: 'reporting', eventId, processedAt: at } });
        },
      ],
      [
        'a campaign create request is honoured once per tenant',
        ({ stamps }) => {
          const requestId = randomUUID();
          return () =>
            db.prisma.campaign.create({ data: { ...stamps, name: 'again', defaultRegion: 'CN', timezone: 'UTC', dialMode: DialMode.notification, maxConcurrentCalls: 1, requestId } });
        },
      ],
    ];

    it.each(cases)('unique › %s', async (_rule, build) => {
      const insert = build(await seedCampaign());
      await insert();
      const second = insert();
      await expect(second).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      await expect(second).rejects.toMatchObject({ code: 'P2002' });
    });

    it('unique › one round of a contact is one attempt', async () => {
      const { tenant, campaign, list, stamps } = await seedCampaign();
      const contact = await db.prisma.contact.create({ data: { ...stamps, campaignId: campaign.id, listId: list.id, phoneE164: '+8613833334444' } });
      const attempt = () => db.prisma.attempt.create({ data: { id: randomUUID(), tenantId: tenant.id, campaignId: campaign.id, contactId: contact.id, round: 1, createdAt: at } });
      await attempt();
      await expect(attempt()).rejects.toMatchObject({ code: 'P2002' });
    });

    it('unique › the same number may be on the blacklists of two tenants', async () => {
      const one = await seedCampaign();
      const two = await seedCampaign();
      for (const { tenant } of [one, two]) await db.prisma.blacklistEntry.create({ data: { tenantId: tenant.id, phoneE164: '+8613855556666', createdAt: at } });
      expect(await db.prisma.blacklistEntry.count({ where: { phoneE164: '+8613855556666' } })).toBe(2);
    });
  });

  describe('foreign keys of contacts', () => {
    // Each case builds a contact that breaks one rule; the database must refuse it (P2003).
    type Seed = Awaited<ReturnType<typeof seedCampaign>>;
    const cases: [string, (seed: Seed, other: Seed) => Promise<unknown>][] = [
      ["a contact's list is one of its campaign's", ({ campaign, stamps }, other) => db.prisma.contact.create({ data: { ...stamps, campaignId: campaign.id, listId: other.list.id, phoneE164: '+8613877770001' } })],
      [
        "a contact's tenant is its campaign's",
        ({ campaign, list, stamps }, other) => db.prisma.contact.create({ data: { ...stamps, tenantId: other.tenant.id, campaignId: campaign.id, listId: list.id, phoneE164: '+8613877770002' } }),
      ],
      ["a contact's campaign exists", ({ list, stamps }) => db.prisma.contact.create({ data: { ...stamps, campaignId: randomUUID(), listId: list.id, phoneE164: '+8613877770003' } })],
      ["a contact's list exists", ({ campaign, stamps }) => db.prisma.contact.create({ data: { ...stamps, campaignId: campaign.id, listId: randomUUID(), phoneE164: '+8613877770004' } })],
    ];

    it.each(cases)('foreign key › %s', async (_rule, build) => {
      const [seed, other] = [await seedCampaign(), await seedCampaign()];
      await expect(build(seed, other)).rejects.toMatchObject({ code: 'P2003' });
      expect(await db.prisma.contact.count({ where: { campaignId: { in: [seed.campaign.id, other.campaign.id] } } })).toBe(0);
    });

    it('foreign key › a list, a campaign or a tenant with contacts cannot be deleted under them', async () => {
      const { tenant, campaign, list, stamps } = await seedCampaign();
      await db.prisma.contact.create({ data: { ...stamps, campaignId: campaign.id, listId: list.id, phoneE164: '+8613877770005' } });
      await expect(db.prisma.contactList.delete({ where: { id: list.id } })).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      await expect(db.prisma.campaign.delete({ where: { id: campaign.id } })).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      await expect(db.prisma.tenant.delete({ where: { id: tenant.id } })).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    });
  });

  it('schema › a schedule in use by a campaign cannot be deleted under it', async () => {
    const { schedule } = await seedCampaign();
    await expect(db.prisma.schedule.delete({ where: { id: schedule.id } })).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
  });
});

describe('createDb', () => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await createScratchDatabase(adminUrl);
  });
  afterAll(async () => {
    await database.drop();
  });

  it('createDb › a statement longer than statementTimeoutMs is cancelled by the server', async () => {
    const db = createDb({ url: database.url, statementTimeoutMs: 200 });
    try {
      const started = performance.now();
      await expect(db.prisma.$queryRaw`SELECT pg_sleep(2)`).rejects.toThrow(/statement timeout|canceling statement/i);
      await expect(db.pool.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ code: '57014' });
      expect(performance.now() - started).toBeLessThan(1_500);
    } finally {
      await db.close();
    }
  });

  it('createDb › close ends the pool and may be called twice', async () => {
    const db = createDb({ url: database.url });
    expect(await db.prisma.$queryRaw<{ one: number }[]>`SELECT 1::int AS one`).toEqual([{ one: 1 }]);
    await Promise.all([db.close(), db.close()]);
    expect(db.pool.ended).toBe(true);
  });

  it('createDb › an unreachable server fails within connectTimeoutMs', async () => {
    // 10.255.255.1 is a non-routable address: the SYN goes nowhere, so only our timeout ends the wait.
    const db = createDb({ url: 'postgres://postgres@10.255.255.1:5432/none', connectTimeoutMs: 300 });
    try {
      const started = performance.now();
      await expect(db.prisma.$queryRaw`SELECT 1`).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      await db.close();
    }
  });
});
