// The trace context under the context manager media's main.ts installs (synchronous): the requester's
// trace reaches the originate and every call event, envelope and headers.
import { context } from '@opentelemetry/api';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { EventFamily, eventFilterSubject, mediaOriginateSubject } from '@ringpace/bus';
import { Event, OriginateReply, OriginateRequest, OriginateStatus } from '@ringpace/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSynchronousContext } from './observability/synchronous-context.js';
import { startHarness, type Harness } from './test-harness.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

let h: Harness;
beforeAll(async () => {
  useSynchronousContext();
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
  context.disable();
});

describe('trace context', () => {
  it('originate › the requester’s trace is the call’s: every event carries it in its envelope and its headers', async () => {
    const request = h.request();
    const headerTraces = new Map<string, string | undefined>();
    const subscription = h.nc.subscribe(eventFilterSubject(h.namespace, EventFamily.Call), {
      callback: (_error, msg) => {
        const event = Event.decode(msg.data);
        if (event.attemptId === request.attemptId) headerTraces.set(event.eventId, msg.headers?.get('traceparent'));
      },
    });
    try {
      const headers = natsHeaders();
      headers.set('traceparent', TRACEPARENT);
      const reply = OriginateReply.decode((await h.nc.request(mediaOriginateSubject(h.namespace, 'fs1'), OriginateRequest.encode(request).finish(), { timeout: 10_000, headers })).data);
      expect(reply.status).toBe(OriginateStatus.ACCEPTED);
      await h.waitFor('the hangup', () => h.eventsOf(request.attemptId).some((event) => event.payload?.$case === 'callHangup'), 20_000);
      await h.waitFor('the headers of every event', () => headerTraces.size === h.eventsOf(request.attemptId).length);
    } finally {
      subscription.unsubscribe();
    }
    const events = h.eventsOf(request.attemptId);
    expect(events.length).toBeGreaterThan(3);
    for (const event of events) {
      expect(event.trace?.traceparent.split('-')[1]).toBe(TRACE_ID);
      expect(headerTraces.get(event.eventId)?.split('-')[1]).toBe(TRACE_ID);
    }
  });
});
