// Transactional outbox: a handler writes the event in the transaction that makes it true; the event is then
// published to JetStream and marked. The relay publishes whatever a crash or a NATS outage left behind.
// Publishing twice is harmless: the event id is the Nats-Msg-Id, and consumers are idempotent.
import type { Clock } from '@ringpace/clock';
import type { Db, Prisma } from '@ringpace/db';
import type { Logger } from '@ringpace/log';
import { Event } from '@ringpace/proto';
import { relayPass, type RelayPassOptions } from './relay-pass.js';

export type PublishEvent = (event: Event) => Promise<void>;

/** Any pg client or pool, for callers that write their transaction with SQL rather than Prisma. */
export interface SqlClient {
  query(text: string, values: unknown[]): Promise<unknown>;
}

export interface Outbox {
  /** Writes the event in the caller's Prisma transaction. Writing the same event id twice stores it once. */
  enqueue(tx: Prisma.TransactionClient, event: Event): Promise<void>;
  /** The same as enqueue, in a transaction the caller runs on a pg client of its own (BEGIN … COMMIT). */
  enqueueSql(client: SqlClient, event: Event): Promise<void>;
  /**
   * Publishes pending events, in the order they were written within each aggregate; resolves to how many
   * this process published. Errors are logged, not thrown: the relay retries.
   */
  flush(): Promise<number>;
  /** Runs flush every `intervalMs` until the signal aborts. */
  relay(intervalMs: number, signal: AbortSignal): Promise<void>;
}

export interface OutboxOptions {
  /** The pool the relay reads and marks events with (it holds one connection while it publishes). */
  readonly pool: Db['pool'];
  readonly publish: PublishEvent;
  /** Stamps created_at and published_at. */
  readonly clock: Clock;
  readonly log: Logger;
  /**
   * Events with the same key are published in the order they were written, never two at once by different
   * processes. Default: the tenant and campaign of the event.
   */
  readonly aggregateOf?: (event: Event) => string;
  /** Rows read per pass; default 100. */
  readonly batchSize?: number;
  /** Deadline of one publish; default 10 s. */
  readonly publishTimeoutMs?: number;
}

export const DEFAULT_OUTBOX_BATCH = 100;
export const DEFAULT_PUBLISH_TIMEOUT_MS = 10_000;

/** The default aggregate: every event of one campaign (or of one tenant, for events outside campaigns). */
export function campaignAggregate(event: Event): string {
  return `${event.tenantId}/${event.campaignId}`;
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { clock, log } = options;
  const pass: RelayPassOptions = {
    pool: options.pool,
    publish: options.publish,
    clock,
    log,
    aggregateOf: options.aggregateOf ?? campaignAggregate,
    batchSize: options.batchSize ?? DEFAULT_OUTBOX_BATCH,
    publishTimeoutMs: options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
  };
  let flushing: Promise<number> | undefined;

  async function publishPending(): Promise<number> {
    let published = 0;
    for (;;) {
      const result = await relayPass(pass);
      published += result.published;
      // Another pass only when this one made progress over a full window and nothing failed.
      if (result.failed || result.published === 0 || result.read < pass.batchSize) return published;
    }
  }

  const outbox: Outbox = {
    async enqueue(tx, event) {
      await tx.outboxEvent.createMany({
        data: [{ eventId: event.eventId, payload: Buffer.from(Event.encode(event).finish()), createdAt: clock.now() }],
        skipDuplicates: true,
      });
    },
    async enqueueSql(client, event) {
      await client.query(
        'INSERT INTO outbox_events (event_id, payload, created_at) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING',
        [event.eventId, Buffer.from(Event.encode(event).finish()), clock.now()],
      );
    },
    flush() {
      // One flush at a time per process; a caller arriving during a flush waits for it and then runs
      // another, so its own event is covered. Other processes are kept apart by the aggregate locks.
      const previous = flushing ?? Promise.resolve(0);
      const next = previous.then(
        () => publishPending(),
        () => publishPending(),
      ).catch((error: unknown) => {
        log.warn({ err: error }, 'outbox flush failed; the relay retries');
        return 0;
      });
      flushing = next;
      return next;
    },
    async relay(intervalMs, signal) {
      while (!signal.aborted) {
        await outbox.flush();
        await new Promise<void>((resolve) => {
          // The listener goes when the timer fires: one per pass would pile up on a long-lived signal.
          const onAbort = () => {
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          }, intervalMs);
          signal.addEventListener('abort', onAbort, { once: true });
        });
      }
    },
  };
  return outbox;
}
