import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@ringpace/testing';
import { PROCESSED_EVENT_RETENTION_MS, pruneProcessedEvents } from './processed-events.js';

describe('processed events', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ poolMax: 2 });
  });
  afterAll(async () => {
    await database.drop();
  });

  it('prune › deletes only this consumer\'s rows older than the retention, a batch at a time', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const old = new Date(now.getTime() - PROCESSED_EVENT_RETENTION_MS - 1_000);
    const recent = new Date(now.getTime() - 60_000);
    const rows: Array<[string, string, Date]> = [
      ['dialer_call_events', 'a:1', old],
      ['dialer_call_events', 'a:2', old],
      ['dialer_call_events', 'a:3', old],
      ['dialer_call_events', 'b:1', recent],
      ['other_consumer', 'c:1', old],
    ];
    for (const [consumer, eventId, at] of rows) {
      await database.db.pool.query('INSERT INTO processed_events (consumer, event_id, processed_at) VALUES ($1, $2, $3)', [consumer, eventId, at]);
    }
    expect(await pruneProcessedEvents({ pool: database.db.pool, consumer: 'dialer_call_events', now, batch: 2 })).toBe(2);
    expect(await pruneProcessedEvents({ pool: database.db.pool, consumer: 'dialer_call_events', now, batch: 2 })).toBe(1);
    expect(await pruneProcessedEvents({ pool: database.db.pool, consumer: 'dialer_call_events', now })).toBe(0);
    const left = await database.db.pool.query<{ consumer: string; event_id: string }>('SELECT consumer, event_id FROM processed_events ORDER BY 1, 2');
    expect(left.rows).toEqual([
      { consumer: 'dialer_call_events', event_id: 'b:1' },
      { consumer: 'other_consumer', event_id: 'c:1' },
    ]);
  });
});
