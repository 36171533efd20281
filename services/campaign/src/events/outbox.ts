// Transactional outbox: handlers write the event in the transaction that makes it true; it is then
// published to JetStream and marked. The relay publishes whatever a crash or a NATS outage left behind.
// Publishing twice is harmless: the event id is the Nats-Msg-Id, and consumers are idempotent.
import type { Clock } from '@ringpace/clock';
import type { Prisma, PrismaClient } from '@ringpace/db';
import type { Logger } from '@ringpace/log';
import { Event } from '@ringpace/proto';

export type PublishEvent = (event: Event) => Promise<void>;

export interface Outbox {
  /** Writes the event in the caller's transaction. */
  enqueue(tx: Prisma.TransactionClient, event: Event): Promise<void>;
  /** Publishes pending events in order; resolves to how many were published. Errors are logged, not thrown. */
  flush(): Promise<number>;
  /** Runs flush every `intervalMs` until the signal aborts. */
  relay(intervalMs: number, signal: AbortSignal): Promise<void>;
}

const BATCH = 100;

export function createOutbox(prisma: PrismaClient, publish: PublishEvent, clock: Clock, log: Logger): Outbox {
  let flushing: Promise<number> | undefined;

  async function publishPending(): Promise<number> {
    let published = 0;
    for (;;) {
      const pending = await prisma.outboxEvent.findMany({ where: { publishedAt: null }, orderBy: { createdAt: 'asc' }, take: BATCH });
      if (pending.length === 0) return published;
      for (const row of pending) {
        try {
          await publish(Event.decode(row.payload));
        } catch (error) {
          await prisma.outboxEvent.update({ where: { eventId: row.eventId }, data: { attempts: { increment: 1 } } });
          log.warn({ err: error, eventId: row.eventId }, 'outbox publish failed; the relay retries');
          return published;
        }
        await prisma.outboxEvent.update({ where: { eventId: row.eventId }, data: { publishedAt: clock.now(), attempts: { increment: 1 } } });
        published += 1;
      }
      if (pending.length < BATCH) return published;
    }
  }

  const outbox: Outbox = {
    async enqueue(tx, event) {
      await tx.outboxEvent.createMany({
        data: [{ eventId: event.eventId, payload: Buffer.from(Event.encode(event).finish()), createdAt: clock.now() }],
        skipDuplicates: true,
      });
    },
    flush() {
      // One flush at a time per process keeps the publish order; a caller arriving during a flush waits
      // for it and then runs another, so its own event is covered.
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
          const timer = setTimeout(resolve, intervalMs);
          signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
        });
      }
    },
  };
  return outbox;
}
