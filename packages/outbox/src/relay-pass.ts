// One relay pass: read the oldest pending events and publish them aggregate by aggregate, each under a
// PostgreSQL advisory lock, so relays in several processes never publish one aggregate at the same time: a
// later event of an aggregate cannot overtake an earlier one, and a published event is not sent again.
import type pg from 'pg';
import type { Clock } from '@ringpace/clock';
import type { Db } from '@ringpace/db';
import { withDeadline } from '@ringpace/errors';
import type { Logger } from '@ringpace/log';
import { Event } from '@ringpace/proto';

export interface RelayPassOptions {
  readonly pool: Db['pool'];
  readonly publish: (event: Event) => Promise<void>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly aggregateOf: (event: Event) => string;
  readonly batchSize: number;
  readonly publishTimeoutMs: number;
}

export interface RelayPassResult {
  /** Pending rows read (the window). */
  readonly read: number;
  /** Events this pass published. */
  readonly published: number;
  /** A publish failed: the pass stopped there, so the next event of its aggregate waits for the retry. */
  readonly failed: boolean;
}

interface PendingRow {
  readonly event_id: string;
  readonly payload: Buffer;
}

interface Pending {
  readonly eventId: string;
  readonly event: Event;
}

// Advisory lock keys share one 64-bit space per database; the prefix keeps ours apart from other users'.
const LOCK_PREFIX = 'ringpace.outbox:';

export async function relayPass(options: RelayPassOptions): Promise<RelayPassResult> {
  const { pool, log } = options;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // The window: the oldest pending events in write order. An event of an aggregate is only ever preceded
    // by that aggregate's earlier events, so every aggregate in the window starts at its oldest pending one.
    const { rows } = await client.query<PendingRow>(
      'SELECT event_id, payload FROM outbox_events WHERE published_at IS NULL ORDER BY created_at, event_id LIMIT $1',
      [options.batchSize],
    );
    const aggregates = new Map<string, Pending[]>();
    for (const row of rows) {
      let event: Event;
      try {
        event = Event.decode(row.payload);
      } catch (error) {
        log.error({ err: error, eventId: row.event_id }, 'outbox event cannot be decoded; it stays pending');
        await client.query('UPDATE outbox_events SET attempts = attempts + 1 WHERE event_id = $1', [row.event_id]);
        continue;
      }
      const key = options.aggregateOf(event);
      const list = aggregates.get(key);
      if (list) list.push({ eventId: row.event_id, event });
      else aggregates.set(key, [{ eventId: row.event_id, event }]);
    }
    let published = 0;
    for (const [key, pending] of aggregates) {
      const outcome = await publishAggregate(client, options, key, pending);
      published += outcome.published;
      if (outcome.failed) return { read: rows.length, published, failed: true };
    }
    return { read: rows.length, published, failed: false };
  } catch (error) {
    // A connection that failed mid-way may still hold an advisory lock: it must not go back to the pool.
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken);
  }
}

async function publishAggregate(client: pg.PoolClient, options: RelayPassOptions, key: string, pending: readonly Pending[]): Promise<{ published: number; failed: boolean }> {
  const lockKey = LOCK_PREFIX + key;
  const { rows: lockRows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [lockKey]);
  // Another process is publishing this aggregate: its next events wait for that relay or the next pass.
  if (lockRows[0]?.locked !== true) return { published: 0, failed: false };
  const done: string[] = [];
  let failed = false;
  try {
    // What the window showed may have been published by another relay between the read and the lock.
    const { rows } = await client.query<{ event_id: string }>(
      'SELECT event_id FROM outbox_events WHERE event_id = ANY($1::text[]) AND published_at IS NULL',
      [pending.map((p) => p.eventId)],
    );
    const stillPending = new Set(rows.map((row) => row.event_id));
    for (const { eventId, event } of pending) {
      if (!stillPending.has(eventId)) continue;
      try {
        await withDeadline('outbox publish', options.publishTimeoutMs, () => options.publish(event));
      } catch (error) {
        failed = true;
        await client.query('UPDATE outbox_events SET attempts = attempts + 1 WHERE event_id = $1', [eventId]);
        options.log.warn({ err: error, eventId }, 'outbox publish failed; the relay retries');
        break;
      }
      done.push(eventId);
    }
    if (done.length > 0) {
      await client.query(
        'UPDATE outbox_events SET published_at = $2, attempts = attempts + 1 WHERE event_id = ANY($1::text[])',
        [done, options.clock.now()],
      );
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]);
  }
  return { published: done.length, failed };
}
