// Publishes Event envelopes to JetStream: subject from the catalogue, Nats-Msg-Id = event_id so a
// retried publish is stored once, the caller's trace context in the headers (and in the envelope when
// empty; a caller without a span, the envelope's in the headers too), and
// a deadline on the stream's acknowledgement. A PRODUCER span only when spans go somewhere. Given the
// connection, acks come back on one shared inbox (ack-inbox.ts) instead of a request per event.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Tracer } from '@opentelemetry/api';
import { ValidationError, type FieldViolation } from '@ringpace/errors';
import { Event } from '@ringpace/proto';
import { context as otelContext, trace, type Context } from '@opentelemetry/api';
import { SpanKind, contextFromTraceFields, defaultTracer, inSpan, natsHeadersWithTrace, spansAreKept, traceFields } from '@ringpace/telemetry';
import { AckInbox } from './ack-inbox.js';
import { toBusError } from './nats-errors.js';
import { eventKindEntry, eventSubject } from './subjects.js';

const DEFAULT_ACK_TIMEOUT_MS = 5_000;

export interface PublishAck {
  readonly stream: string;
  /** Stream sequence of the stored event (of the first copy when duplicate). */
  readonly seq: number;
  /** True when JetStream already had this event id within its duplicate window and dropped this copy. */
  readonly duplicate: boolean;
}

export interface EventPublisherOptions {
  readonly js: JetStreamClient;
  /**
   * The connection js was made from. When given, events are published with a reply subject of one
   * inbox shared by all of them, and acks are matched there: no request (and its Error, timer and
   * subscription entry) per event. The deadline and the errors are the same.
   */
  readonly nc?: NatsConnection;
  /** The connection's inboxPrefix, when it was given one. */
  readonly inboxPrefix?: string;
  readonly namespace: string;
  readonly tracer?: Tracer;
  /** How long to wait for the stream's acknowledgement. Default 5 s. */
  readonly ackTimeoutMs?: number;
}

export interface EventPublisher {
  /**
   * Stores the event in its stream. Rejects with ValidationError for an envelope without id, tenant,
   * campaign or payload, DeadlineExceededError when the ack does not come in time, UnavailableError
   * otherwise. Retrying with the same event (same event_id) is always safe.
   */
  publish(event: Event, options?: { readonly ackTimeoutMs?: number }): Promise<PublishAck>;
}

/** What createEventPublisher returns; callers (and fakes) that publish one event at a time need only EventPublisher. */
export interface EventBatchPublisher extends EventPublisher {
  /**
   * Sends every event at once and waits for all their acks (in the order given), for a caller holding
   * several events: one round trip instead of one per event. Nothing is sent when an envelope is invalid.
   * Rejects with the first failure after every ack or failure came in; events stored before it stay
   * stored, so retrying the whole list is safe (same event ids).
   */
  publishMany(events: readonly Event[], options?: { readonly ackTimeoutMs?: number }): Promise<PublishAck[]>;
}

function violations(event: Event): FieldViolation[] {
  const found: FieldViolation[] = [];
  if (event.eventId === '') found.push({ field: 'event_id', message: 'is required' });
  if (event.tenantId === '') found.push({ field: 'tenant_id', message: 'is required' });
  if (event.campaignId === '') found.push({ field: 'campaign_id', message: 'is required' });
  if (event.payload === undefined) found.push({ field: 'payload', message: 'is required' });
  return found;
}

export function createEventPublisher(options: EventPublisherOptions): EventBatchPublisher {
  const tracer = options.tracer ?? defaultTracer('ringpace-bus');
  const inbox = options.nc === undefined ? undefined : new AckInbox(options.nc, options.inboxPrefix);

  // The client's request timeout (or the inbox's) is the deadline: a timeout rejects as
  // DeadlineExceededError, so a second timer of our own would only add work to every publish.
  async function send(event: Event, subject: string, ackTimeoutMs: number): Promise<PublishAck> {
    const carried = event.trace !== undefined && event.trace.traceparent !== '' ? event.trace : undefined;
    const envelope: Event = carried !== undefined ? event : { ...event, trace: traceFields() };
    const headers = natsHeadersWithTrace();
    // A caller outside any span (media's queue publishes a call's events after the originate returned)
    // still sends the call's trace, which the envelope carries.
    if (carried !== undefined && !headers.has('traceparent')) {
      headers.set('traceparent', carried.traceparent);
      if (carried.tracestate !== '') headers.set('tracestate', carried.tracestate);
    }
    if (inbox !== undefined) {
      headers.set('Nats-Msg-Id', event.eventId);
      return inbox.publish(subject, Event.encode(envelope).finish(), headers, ackTimeoutMs);
    }
    try {
      const ack = await options.js.publish(subject, Event.encode(envelope).finish(), { msgID: event.eventId, headers, timeout: ackTimeoutMs });
      return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
    } catch (error) {
      throw toBusError(`publish ${subject}`, ackTimeoutMs, error);
    }
  }

  /** The caller's context when it is in a span; otherwise the trace the envelope carries, if any. */
  function parentOf(event: Event): Context {
    const active = otelContext.active();
    if (trace.getSpanContext(active) !== undefined || event.trace === undefined || event.trace.traceparent === '') return active;
    return contextFromTraceFields(event.trace, active);
  }

  /** The subject of a valid envelope; throws ValidationError before anything is sent. */
  function subjectOf(event: Event): string {
    const problems = violations(event);
    if (problems.length > 0) throw new ValidationError(problems);
    return eventSubject(options.namespace, event);
  }

  function dispatch(event: Event, subject: string, ackTimeoutMs: number): Promise<PublishAck> {
    // Without an exporter a PRODUCER span would be built and dropped unseen; the caller's context still
    // goes into the headers and the envelope, so consumers stay in the caller's trace.
    if (!spansAreKept() || event.payload === undefined) return send(event, subject, ackTimeoutMs);
    const { family, token } = eventKindEntry(event.payload.$case);
    const attributes = {
      'messaging.system': 'nats',
      'messaging.operation.type': 'send',
      'messaging.destination.name': subject,
      'messaging.message.id': event.eventId,
    };
    return inSpan(tracer, `publish ${family}.${token}`, { kind: SpanKind.PRODUCER, attributes, parent: parentOf(event) }, () => send(event, subject, ackTimeoutMs));
  }

  const timeoutOf = (publishOptions: { readonly ackTimeoutMs?: number }) =>
    publishOptions.ackTimeoutMs ?? options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;

  return {
    async publish(event, publishOptions = {}) {
      return dispatch(event, subjectOf(event), timeoutOf(publishOptions));
    },
    async publishMany(events, publishOptions = {}) {
      // Every subject first, so that one bad envelope sends none of them.
      const subjects = events.map(subjectOf);
      const ackTimeoutMs = timeoutOf(publishOptions);
      const settled = await Promise.allSettled(events.map((event, index) => dispatch(event, subjects[index] ?? subjectOf(event), ackTimeoutMs)));
      const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      return settled.map((result) => (result as PromiseFulfilledResult<PublishAck>).value);
    },
  };
}
