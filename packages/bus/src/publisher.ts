// Publishes Event envelopes to JetStream: subject from the catalogue, Nats-Msg-Id = event_id so a
// retried publish is stored once, trace context in the headers (and in the envelope when empty), and
// a deadline on the stream's acknowledgement.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { Tracer } from '@opentelemetry/api';
import { ValidationError, withDeadline, type FieldViolation } from '@ringpace/errors';
import { Event } from '@ringpace/proto';
import { SpanKind, defaultTracer, inSpan, natsHeadersWithTrace, traceFields } from '@ringpace/telemetry';
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

function violations(event: Event): FieldViolation[] {
  const found: FieldViolation[] = [];
  if (event.eventId === '') found.push({ field: 'event_id', message: 'is required' });
  if (event.tenantId === '') found.push({ field: 'tenant_id', message: 'is required' });
  if (event.campaignId === '') found.push({ field: 'campaign_id', message: 'is required' });
  if (event.payload === undefined) found.push({ field: 'payload', message: 'is required' });
  return found;
}

export function createEventPublisher(options: EventPublisherOptions): EventPublisher {
  const tracer = options.tracer ?? defaultTracer('ringpace-bus');
  return {
    async publish(event, publishOptions = {}) {
      const problems = violations(event);
      if (problems.length > 0 || event.payload === undefined) throw new ValidationError(problems);
      const subject = eventSubject(options.namespace, event);
      const { family, token } = eventKindEntry(event.payload.$case);
      const ackTimeoutMs = publishOptions.ackTimeoutMs ?? options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
      const attributes = {
        'messaging.system': 'nats',
        'messaging.operation.type': 'send',
        'messaging.destination.name': subject,
        'messaging.message.id': event.eventId,
      };
      return inSpan(tracer, `publish ${family}.${token}`, { kind: SpanKind.PRODUCER, attributes }, async () => {
        const hasTrace = event.trace !== undefined && event.trace.traceparent !== '';
        const envelope: Event = hasTrace ? event : { ...event, trace: traceFields() };
        const operation = `publish ${subject}`;
        try {
          const ack = await withDeadline(operation, ackTimeoutMs, () =>
            options.js.publish(subject, Event.encode(envelope).finish(), {
              msgID: event.eventId,
              headers: natsHeadersWithTrace(),
              timeout: ackTimeoutMs,
            }),
          );
          return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
        } catch (error) {
          throw toBusError(operation, ackTimeoutMs, error);
        }
      });
    },
  };
}
