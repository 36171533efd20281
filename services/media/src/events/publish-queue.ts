// Publishes call events in order per attempt, retrying NATS failures: an event waits for the one before
// it, so a consumer sees an attempt's sequence in order. Progress events are given up after a deadline;
// a final event (CallHangup) is never given up while the process lives, and is logged loudly if it dies
// unpublished. Non-final events beyond the bound are dropped (counted and logged): the final one never is.
import type { EventPublisher } from '@ringpace/bus';
import type { Logger } from '@ringpace/log';
import type { Event } from '@ringpace/proto';

export interface PublishQueueOptions {
  readonly publisher: EventPublisher;
  readonly log: Logger;
  /** How long a progress event may keep failing before it is dropped. Default 60 s. */
  readonly giveUpAfterMs?: number;
  /** Non-final events waiting at most; beyond it new ones are dropped. Default 10,000. */
  readonly maxPending?: number;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /**
   * Events ready to go wait up to this long for each other and then go out together (0: until the next
   * turn of the event loop). Each send is a socket write, and a write to NATS costs more than the
   * publishing around it. Default 0.
   */
  readonly batchWindowMs?: number;
  readonly onPublished?: (event: Event) => void;
}

interface Item {
  readonly event: Event;
  readonly final: boolean;
  readonly enqueuedAtMs: number;
}

export interface PublishQueue {
  enqueue(event: Event, final: boolean): void;
  /** Events not yet acknowledged. */
  pending(): number;
  /** Resolves true once every event is stored, false when timeoutMs passed first. */
  flush(timeoutMs: number): Promise<boolean>;
  /** Stops retrying; what is still queued is logged as lost. */
  close(): void;
}

export function createPublishQueue(options: PublishQueueOptions): PublishQueue {
  const giveUpAfterMs = options.giveUpAfterMs ?? 60_000;
  const maxPending = options.maxPending ?? 10_000;
  const retryBaseMs = options.retryBaseMs ?? 100;
  const retryMaxMs = options.retryMaxMs ?? 5_000;
  const lanes = new Map<string, Item[]>();
  let pendingCount = 0;
  let closed = false;
  const idleWaiters = new Set<() => void>();
  const stopRetrying = new AbortController();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        stopRetrying.signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      stopRetrying.signal.addEventListener('abort', wake, { once: true });
    });

  /**
   * Every publish waits for the next batch: all the events that became ready meanwhile (new attempts'
   * first events, and the next event of each attempt whose previous one was just acknowledged) are sent
   * in one go, which the NATS client writes to its socket at once. Order per attempt is the lane's.
   */
  const batchWindowMs = options.batchWindowMs ?? 0;
  let batch: Promise<void> | undefined;
  function nextBatch(): Promise<void> {
    batch ??= new Promise<void>((resolve) => {
      const send = () => {
        batch = undefined;
        resolve();
      };
      if (batchWindowMs > 0) setTimeout(send, batchWindowMs);
      else setImmediate(send);
    });
    return batch;
  }

  async function drainLane(key: string, lane: Item[]): Promise<void> {
    while (lane.length > 0 && !closed) {
      const item = lane[0]!;
      for (let attempt = 1; !closed; attempt++) {
        await nextBatch();
        if (closed) return;
        try {
          await options.publisher.publish(item.event);
          options.onPublished?.(item.event);
          break;
        } catch (error) {
          const failingForMs = performance.now() - item.enqueuedAtMs;
          if (!item.final && failingForMs > giveUpAfterMs) {
            options.log.error({ err: error, eventId: item.event.eventId, failingForMs: Math.round(failingForMs) }, 'call event dropped after retries');
            break;
          }
          const level = item.final ? 'error' : 'warn';
          options.log[level]({ err: error, eventId: item.event.eventId, attempt, final: item.final }, 'call event publish failed, retrying');
          await sleep(Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempt - 1, 10)));
        }
      }
      if (closed) return;
      lane.shift();
      pendingCount -= 1;
    }
    lanes.delete(key);
    if (lanes.size === 0) for (const wake of [...idleWaiters]) wake();
  }

  return {
    enqueue(event, final) {
      if (closed) {
        options.log.error({ eventId: event.eventId, final }, 'call event not published: the queue is closed');
        return;
      }
      if (!final && pendingCount >= maxPending) {
        options.log.error({ eventId: event.eventId, pending: pendingCount }, 'call event dropped: the publish queue is full');
        return;
      }
      pendingCount += 1;
      const item: Item = { event, final, enqueuedAtMs: performance.now() };
      const existing = lanes.get(event.attemptId);
      if (existing !== undefined) {
        existing.push(item);
        return;
      }
      const lane = [item];
      lanes.set(event.attemptId, lane);
      void drainLane(event.attemptId, lane);
    },
    pending: () => pendingCount,
    flush(timeoutMs) {
      if (lanes.size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const done = (result: boolean) => {
          clearTimeout(timer);
          idleWaiters.delete(wake);
          resolve(result);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(lanes.size === 0), timeoutMs);
        idleWaiters.add(wake);
      });
    },
    close() {
      closed = true;
      stopRetrying.abort();
      for (const lane of lanes.values()) {
        for (const item of lane) {
          if (item.final) options.log.error({ eventId: item.event.eventId, attemptId: item.event.attemptId }, 'FINAL CALL EVENT LOST: the attempt will end as lost at the dialer');
        }
      }
      for (const wake of [...idleWaiters]) wake();
    },
  };
}
