import { describe, expect, it } from 'vitest';
import type { EventPublisher } from '@ringpace/bus';
import { UnavailableError } from '@ringpace/errors';
import { silentLogger } from '@ringpace/log';
import { Event } from '@ringpace/proto';
import { createPublishQueue } from './publish-queue.js';

function event(attemptId: string, sequence: number): Event {
  return Event.fromPartial({ eventId: `${attemptId}:${sequence}`, attemptId, tenantId: 't', campaignId: 'c', sequence, payload: { $case: 'callAnswered', value: {} } });
}

/** Fails the first `failures` publishes, then stores everything. */
function flakyPublisher(failures: number) {
  const stored: string[] = [];
  let calls = 0;
  const publisher: EventPublisher = {
    publish(published) {
      calls += 1;
      if (calls <= failures) return Promise.reject(new UnavailableError('nats', 'no responders'));
      stored.push(published.eventId);
      return Promise.resolve({ stream: 'S', seq: stored.length, duplicate: false });
    },
  };
  return { publisher, stored };
}

describe('publish queue', () => {
  it('publish › NATS failures are retried and an attempt\'s events stay in order', async () => {
    const { publisher, stored } = flakyPublisher(3);
    const queue = createPublishQueue({ publisher, log: silentLogger(), retryBaseMs: 1, retryMaxMs: 5 });
    queue.enqueue(event('a', 1), false);
    queue.enqueue(event('a', 2), false);
    queue.enqueue(event('a', 3), true);
    expect(await queue.flush(2_000)).toBe(true);
    expect(stored).toEqual(['a:1', 'a:2', 'a:3']);
    expect(queue.pending()).toBe(0);
  });

  it('publish › a progress event is given up after its deadline, the final one never', async () => {
    const { publisher, stored } = flakyPublisher(40);
    const queue = createPublishQueue({ publisher, log: silentLogger(), retryBaseMs: 1, retryMaxMs: 2, giveUpAfterMs: 10 });
    queue.enqueue(event('b', 1), false);
    queue.enqueue(event('b', 2), true);
    expect(await queue.flush(2_000)).toBe(true);
    expect(stored).toEqual(['b:2']);
  });

  it('publish › beyond the bound progress events are dropped but a final event is still taken', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const stored: string[] = [];
    const publisher: EventPublisher = {
      async publish(published) {
        await gate;
        stored.push(published.eventId);
        return { stream: 'S', seq: stored.length, duplicate: false };
      },
    };
    const queue = createPublishQueue({ publisher, log: silentLogger(), maxPending: 1 });
    queue.enqueue(event('c', 1), false);
    queue.enqueue(event('c', 2), false);
    queue.enqueue(event('c', 3), true);
    release();
    expect(await queue.flush(2_000)).toBe(true);
    expect(stored).toEqual(['c:1', 'c:3']);
  });

  it('publish › attempts with events in the same turn start publishing together on the next turn', async () => {
    const { publisher, stored } = flakyPublisher(0);
    const queue = createPublishQueue({ publisher, log: silentLogger() });
    queue.enqueue(event('d', 1), false);
    queue.enqueue(event('e', 1), false);
    queue.enqueue(event('f', 1), true);
    expect(stored).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stored).toEqual(['d:1', 'e:1', 'f:1']);
    expect(await queue.flush(2_000)).toBe(true);
  });
});
