// Benchmark: publishing an event with the stream's acknowledgement through the bus publisher, against a
// bare nats.js js.publish of the same bytes. Each side has its own namespace (identical streams, made
// by ensureStreams) and both share one connection. Run by scripts/bench.mjs (see scripts/bench/run-benchmark.mjs).
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { CallOutcome, Event } from '@ringpace/proto';
import { initTelemetry } from '@ringpace/telemetry';
import { createEventPublisher } from '../publisher.js';
import { destroyNamespace, ensureStreams } from '../streams.js';
import { eventSubject, randomNamespace } from '../subjects.js';

const CONCURRENCIES = [1, 32] as const;
const NATS_TIMEOUT_MS = 5_000;
const LOCAL_NATS_URL = 'nats://127.0.0.1:4222';

/** A call.hangup envelope: the event every call produces, at its usual size. */
function hangupEvent(): Event {
  return Event.create({
    eventId: randomUUID(),
    tenantId: randomUUID(),
    campaignId: randomUUID(),
    attemptId: randomUUID(),
    sequence: 7,
    occurredAt: new Date('2026-11-24T09:30:00.000Z'),
    payload: {
      $case: 'callHangup',
      value: { hangupCause: 'NORMAL_CLEARING', outcome: CallOutcome.CONFIRMED, billsecMs: 31_500, durationMs: 48_200, sipStatusCode: 200, fencingToken: 3 },
    },
  });
}

export async function setup() {
  const cleanups: Array<() => unknown> = [];
  let closing: Promise<void> | undefined;
  // In reverse order of creation; safe to call twice.
  const close = () =>
    (closing ??= (async () => {
      for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
    })());
  try {
    // Spans are created as in production without an OTLP endpoint (sampled, not exported).
    const telemetry = initTelemetry({ serviceName: 'bus-bench' });
    cleanups.push(() => telemetry.shutdown());
    const nc = await connect({ servers: (process.env.NATS_URL ?? LOCAL_NATS_URL).split(',').map((url) => url.trim()), timeout: NATS_TIMEOUT_MS });
    cleanups.push(() => nc.close());
    const jsm = await jetstreamManager(nc, { timeout: NATS_TIMEOUT_MS });
    const js = jetstream(nc, { timeout: NATS_TIMEOUT_MS });
    const oursNamespace = randomNamespace('t');
    const bareNamespace = randomNamespace('t');
    for (const namespace of [oursNamespace, bareNamespace]) {
      cleanups.push(() => destroyNamespace(jsm, namespace, NATS_TIMEOUT_MS));
      await ensureStreams(jsm, namespace, { timeoutMs: NATS_TIMEOUT_MS });
    }

    const template = hangupEvent();
    const publisher = createEventPublisher({ js, namespace: oursNamespace, tracer: telemetry.tracer(), ackTimeoutMs: NATS_TIMEOUT_MS });
    const bareSubject = eventSubject(bareNamespace, template);
    const bytes = Event.encode(template).finish();
    const expectStored = (ack: { duplicate: boolean }) => {
      if (ack.duplicate) throw new Error('a fresh event id was taken for a duplicate');
    };

    const rows = CONCURRENCIES.map((concurrency) => ({
      scenario: `publish call.hangup (${bytes.length} B) with ack`,
      concurrency,
      baseline: async () => expectStored(await js.publish(bareSubject, bytes, { msgID: randomUUID(), timeout: NATS_TIMEOUT_MS })),
      ours: async () => expectStored(await publisher.publish({ ...template, eventId: randomUUID() })),
    }));

    return {
      title: 'bus: JetStream publish with ack',
      notes: [
        'One Node process, one NATS connection; each side publishes into its own namespace (same stream config: file storage, 1 replica, 2 min duplicate window).',
        'Ours: createEventPublisher (validation, subject from the catalogue, Nats-Msg-Id, trace headers, PRODUCER span, deadline, encode per event).',
        'Baseline: js.publish(subject, the same bytes encoded once, { msgID }).',
      ],
      facts: { nats: nc.info?.version ?? 'unknown', eventBytes: bytes.length },
      groups: [{ title: 'JetStream publish with ack: bus publisher vs bare js.publish', baseline: 'js.publish', ours: 'bus', rows }],
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
