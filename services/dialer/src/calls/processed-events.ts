// processed_events keeps one row per applied call event so a redelivery changes nothing. JetStream
// redelivers only what was never acknowledged, within the consumer's ack wait; a row older than the
// retention can no longer meet its event again, so the sweeper deletes it, a bounded batch per pass.
import type { SqlPool } from '../db/sql.js';

/** Far beyond any redelivery: an event unacknowledged for a week has been given up by JetStream long before. */
export const PROCESSED_EVENT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export interface PruneOptions {
  readonly pool: SqlPool;
  /** The durable consumer whose rows are pruned. */
  readonly consumer: string;
  /** Business time now (the service clock). */
  readonly now: Date;
  readonly retentionMs?: number;
  /** Rows deleted per pass at most. */
  readonly batch?: number;
}

/** Deletes the consumer's rows older than the retention; resolves to how many went. */
export async function pruneProcessedEvents(options: PruneOptions): Promise<number> {
  const cutoff = new Date(options.now.getTime() - (options.retentionMs ?? PROCESSED_EVENT_RETENTION_MS));
  const result = await options.pool.query(
    `DELETE FROM processed_events WHERE (consumer, event_id) IN (
       SELECT consumer, event_id FROM processed_events WHERE consumer = $1 AND processed_at < $2 LIMIT $3)`,
    [options.consumer, cutoff, options.batch ?? 10_000],
  );
  return result.rowCount ?? 0;
}
