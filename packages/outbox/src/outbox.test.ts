import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ManualClock } from '@ringpace/clock';
import { silentLogger } from '@ringpace/log';
import { Event } from '@ringpace/proto';
import { createTestDatabase, type TestDatabase } from '@ringpace/testing';
import { createOutbox, type Outbox, type PublishEvent } from './outbox.js';

let database: TestDatabase;
beforeAll(async () => { database = await createTestDatabase({ poolMax: 20 }); });
afterAll(() => database.drop());

function event(n: number, campaignId = 'c'): Event {
  return { ...Event.fromPartial({}), eventId: randomUUID(), tenantId: 't', campaignId, sequence: n, payload: { $case: 'campaignStateChanged', value: { from: 'CAMPAIGN_STATE_DRAFT' as never, to: 'CAMPAIGN_STATE_READY' as never, reason: `n${n}`, actor: 'x', hangUpCalls: false } } };
}

function outboxWith(publish: PublishEvent, clock = new ManualClock()): Outbox {
  return createOutbox({ pool: database.db.pool, publish, clock, log: silentLogger() });
}

async function clearOutbox(): Promise<void> {
  await database.db.prisma.outboxEvent.deleteMany({});
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

describe('outbox', () => {
  it('outbox › an event written in a transaction is published once NATS answers again, in order', async () => {
    await clearOutbox();
    const prisma = database.db.prisma;
    const clock = new ManualClock();
    const published: number[] = [];
    let natsUp = false;
    const outbox = outboxWith((e) => (natsUp ? (published.push(e.sequence), Promise.resolve()) : Promise.reject(new Error('nats down'))), clock);
    for (const n of [1, 2, 3]) {
      clock.advance(1);
      await prisma.$transaction((tx) => outbox.enqueue(tx, event(n)));
    }
    expect(await outbox.flush()).toBe(0);
    expect(published).toEqual([]);
    expect((await prisma.outboxEvent.findMany({ orderBy: { createdAt: 'asc' } })).map((row) => row.attempts)).toEqual([1, 0, 0]);
    natsUp = true;
    expect(await outbox.flush()).toBe(3);
    expect(published).toEqual([1, 2, 3]);
    expect(await prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
    expect(await outbox.flush()).toBe(0);
  });

  it('outbox › a rolled-back transaction leaves no event behind', async () => {
    const prisma = database.db.prisma;
    const outbox = outboxWith(() => Promise.resolve());
    const lost = event(9);
    await expect(prisma.$transaction(async (tx) => {
      await outbox.enqueue(tx, lost);
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect(await prisma.outboxEvent.findUnique({ where: { eventId: lost.eventId } })).toBeNull();
  });

  it('outbox › an event written with SQL on a pg client is published like one written through Prisma, once per id', async () => {
    await clearOutbox();
    const published: string[] = [];
    const outbox = outboxWith((e) => { published.push(e.eventId); return Promise.resolve(); });
    const written = event(1);
    const client = await database.db.pool.connect();
    try {
      await client.query('BEGIN');
      await outbox.enqueueSql(client, written);
      await outbox.enqueueSql(client, written);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await outbox.flush()).toBe(1);
    expect(published).toEqual([written.eventId]);
  });

  it('outbox › the relay publishes what is pending until stopped', async () => {
    const prisma = database.db.prisma;
    const published: string[] = [];
    const outbox = outboxWith((e) => { published.push(e.eventId); return Promise.resolve(); });
    const pending = event(4);
    await prisma.$transaction((tx) => outbox.enqueue(tx, pending));
    const stop = new AbortController();
    const relay = outbox.relay(20, stop.signal);
    for (let i = 0; i < 50 && !published.includes(pending.eventId); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    stop.abort();
    await relay;
    expect(published).toContain(pending.eventId);
  });

  it('outbox › while one process publishes an aggregate, another relays only the other aggregates', async () => {
    await clearOutbox();
    const prisma = database.db.prisma;
    const clock = new ManualClock();
    const writer = outboxWith(() => Promise.resolve(), clock);
    const first = event(1, 'slow');
    const second = event(2, 'slow');
    const other = event(1, 'other');
    for (const e of [first, second, other]) {
      clock.advance(1);
      await prisma.$transaction((tx) => writer.enqueue(tx, e));
    }
    const gate = deferred();
    const entered = deferred();
    const publishedByA: string[] = [];
    const a = outboxWith(async (e) => {
      if (e.eventId === first.eventId) { entered.resolve(); await gate.promise; }
      publishedByA.push(e.eventId);
    });
    const publishedByB: string[] = [];
    const b = outboxWith((e) => { publishedByB.push(e.eventId); return Promise.resolve(); });

    const flushA = a.flush();
    await entered.promise;
    expect(await b.flush()).toBe(1);
    expect(publishedByB).toEqual([other.eventId]);
    gate.resolve();
    await flushA;
    expect(publishedByA).toEqual([first.eventId, second.eventId]);
    expect(await prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });

  it('outbox › relays in several processes publish every event once, in write order within each aggregate', async () => {
    await clearOutbox();
    const prisma = database.db.prisma;
    const clock = new ManualClock();
    const writer = outboxWith(() => Promise.resolve(), clock);
    const campaigns = ['a', 'b', 'c', 'd', 'e'];
    const written: Event[] = [];
    for (let n = 1; n <= 30; n += 1) {
      for (const campaign of campaigns) {
        clock.advance(1);
        const e = event(n, campaign);
        written.push(e);
        await prisma.$transaction((tx) => writer.enqueue(tx, e));
      }
    }
    const log: Event[] = [];
    const publish: PublishEvent = async (e) => {
      // Yields so the relays interleave.
      await new Promise((resolve) => setImmediate(resolve));
      log.push(e);
    };
    const relays = [0, 1, 2, 3].map(() => createOutbox({ pool: database.db.pool, publish, clock, log: silentLogger(), batchSize: 7 }));
    await Promise.all(relays.flatMap((relay) => [relay.flush(), relay.flush()]));
    while (await prisma.outboxEvent.count({ where: { publishedAt: null } }) > 0) await relays[0]!.flush();

    expect(log.map((e) => e.eventId).sort()).toEqual(written.map((e) => e.eventId).sort());
    for (const campaign of campaigns) {
      expect(log.filter((e) => e.campaignId === campaign).map((e) => e.sequence)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
  });
});
