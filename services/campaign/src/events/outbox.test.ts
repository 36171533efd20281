import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ManualClock } from '@ringpace/clock';
import { silentLogger } from '@ringpace/log';
import { Event } from '@ringpace/proto';
import { createTestDatabase, type TestDatabase } from '@ringpace/testing';
import { createOutbox } from './outbox.js';

let database: TestDatabase;
beforeAll(async () => { database = await createTestDatabase(); });
afterAll(() => database.drop());

function event(n: number): Event {
  return { ...Event.fromPartial({}), eventId: randomUUID(), tenantId: 't', campaignId: 'c', sequence: n, payload: { $case: 'campaignStateChanged', value: { from: 'CAMPAIGN_STATE_DRAFT' as never, to: 'CAMPAIGN_STATE_READY' as never, reason: `n${n}`, actor: 'x', hangUpCalls: false } } };
}

describe('outbox', () => {
  it('outbox › an event written in a transaction is published once NATS answers again, in order', async () => {
    const prisma = database.db.prisma;
    const clock = new ManualClock();
    const published: number[] = [];
    let natsUp = false;
    const outbox = createOutbox(prisma, (e) => (natsUp ? (published.push(e.sequence), Promise.resolve()) : Promise.reject(new Error('nats down'))), clock, silentLogger());
    for (const n of [1, 2, 3]) {
      clock.advance(1);
      await prisma.$transaction((tx) => outbox.enqueue(tx, event(n)));
    }
    expect(await outbox.flush()).toBe(0);
    expect(published).toEqual([]);
    natsUp = true;
    expect(await outbox.flush()).toBe(3);
    expect(published).toEqual([1, 2, 3]);
    expect(await prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
    expect(await outbox.flush()).toBe(0);
  });

  it('outbox › a rolled-back transaction leaves no event behind', async () => {
    const prisma = database.db.prisma;
    const outbox = createOutbox(prisma, () => Promise.resolve(), new ManualClock(), silentLogger());
    const lost = event(9);
    await expect(prisma.$transaction(async (tx) => {
      await outbox.enqueue(tx, lost);
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect(await prisma.outboxEvent.findUnique({ where: { eventId: lost.eventId } })).toBeNull();
  });

  it('outbox › the relay publishes what is pending until stopped', async () => {
    const prisma = database.db.prisma;
    const published: string[] = [];
    const outbox = createOutbox(prisma, (e) => { published.push(e.eventId); return Promise.resolve(); }, new ManualClock(), silentLogger());
    const pending = event(4);
    await prisma.$transaction((tx) => outbox.enqueue(tx, pending));
    const stop = new AbortController();
    const relay = outbox.relay(20, stop.signal);
    for (let i = 0; i < 50 && !published.includes(pending.eventId); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    stop.abort();
    await relay;
    expect(published).toContain(pending.eventId);
  });
});
