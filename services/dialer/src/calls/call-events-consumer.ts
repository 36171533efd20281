// The durable consumer of call events (Consumers.DialerCallEvents), shared by every dialer pod: each
// event reaches one pod, which applies it and acks after the commit. Events in flight together are
// applied as one batch (one transaction), so many run at once and each costs a share of a few statements.
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { Tracer } from '@opentelemetry/api';
import { consume, consumerAddress, Consumers, ensureDurableConsumer } from '@ringpace/bus';
import type { Logger } from '@ringpace/log';
import type { Event } from '@ringpace/proto';
import { MicroBatcher } from '../batching/micro-batcher.js';
import { applyCallEvents, type CallEventDeps, type CallEventEffect } from './call-event-handler.js';
import type { EndedAttempt } from '../attempts/attempt-store.js';

export interface CallEventsConsumerOptions {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly namespace: string;
  readonly deps: Omit<CallEventDeps, 'consumer'>;
  readonly log: Logger;
  readonly tracer?: Tracer;
  readonly signal: AbortSignal;
  readonly onEnded: (attempt: EndedAttempt) => void;
}

/** Events handled at once, and so the largest batch: a few hundred calls' worth of progress. */
const CONCURRENCY = 512;
/**
 * Unacknowledged events of the durable across all pods: room for each of a few pods to hold a full
 * batch while the next one gathers.
 */
const MAX_ACK_PENDING = 2_048;
/**
 * How long the first event of a batch waits for company: a call's events come a few at a time, and a
 * batch costs the same few statements whatever its size (at 200 calls/s a 100 ms batch holds ~120
 * events, where 10 ms held ~8). Only delays the commit, never a call.
 */
const BATCH_LINGER_MS = 100;

/** Ensures the durable consumer; resolves once it is there, with a promise for the loop's end. */
export async function startCallEventsConsumer(options: CallEventsConsumerOptions): Promise<{ readonly done: Promise<void> }> {
  const address = consumerAddress(options.namespace, Consumers.DialerCallEvents);
  await ensureDurableConsumer(options.jsm, { stream: address.stream, durable: address.durable, filterSubject: address.filterSubject, maxAckPending: MAX_ACK_PENDING });
  const deps: CallEventDeps = { ...options.deps, consumer: address.durable };
  const batcher = new MicroBatcher<Event, CallEventEffect>({ run: (events) => applyCallEvents(deps, events), maxBatch: CONCURRENCY, lingerMs: BATCH_LINGER_MS });
  const done = consume({
    js: options.js,
    stream: address.stream,
    durable: address.durable,
    log: options.log,
    ...(options.tracer ? { tracer: options.tracer } : {}),
    signal: options.signal,
    fetchExpiresMs: 1_000,
    concurrency: CONCURRENCY,
    // The handler only writes the database: no request or event of it could carry the sender's trace on.
    senderContext: false,
    handler: async (delivery) => {
      const effect = await batcher.submit(delivery.event);
      if (effect.kind === 'ended') {
        options.onEnded(effect.attempt);
        if (!options.log.isLevelEnabled('debug')) return;
        const { attempt } = effect;
        options.log.debug(
          { tenantId: attempt.tenantId, campaignId: attempt.campaignId, attemptId: attempt.attemptId, next: attempt.decision.kind === 'done' ? attempt.decision.state : 'retry' },
          'attempt ended',
        );
      } else if (effect.kind === 'ignored' && options.log.isLevelEnabled('debug')) {
        options.log.debug({ eventId: delivery.event.eventId, attemptId: delivery.event.attemptId, reason: effect.reason }, 'call event ignored');
      }
    },
  });
  return { done };
}
