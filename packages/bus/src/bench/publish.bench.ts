// Benchmark: publishing an event with the stream's acknowledgement through the bus publisher (a request
// per event, and acks on one shared inbox), against a bare nats.js js.publish of the same bytes. Each
// side has its own namespace (identical streams, made by ensureStreams) and all share one connection. Run by scripts/bench.mjs (see scripts/bench/run-benchmark.mjs).
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { CallOutcome, Event } from '@ringpace/proto';
import { initTelemetry } from '@ringpace/telemetry';
import { createEventPublisher } from '../publisher.js';
import { createCpuMeter } from './cpu-meter.js';
import { destroyNamespace, ensureStreams } from '../streams.js';
import { eventSubject, randomNamespace } from '../subjects.js';

const CONCURRENCIES = [1, 32] as const;
/** About what one call publishes (originated, ringing, answered, a DTMF, flow result, hangup). */
const EVENTS_PER_CALL = 6;
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
    // As in production without an OTLP endpoint: a tracer provider, but nothing that keeps spans.
    const telemetry = initTelemetry({ serviceName: 'bus-bench' });
    cleanups.push(() => telemetry.shutdown());
    // As the services connect (main.ts): without per-request stack capture.
    const nc = await connect({ servers: (process.env.NATS_URL ?? LOCAL_NATS_URL).split(',').map((url) => url.trim()), timeout: NATS_TIMEOUT_MS, noAsyncTraces: true });
    cleanups.push(() => nc.close());
    const jsm = await jetstreamManager(nc, { timeout: NATS_TIMEOUT_MS });
    const js = jetstream(nc, { timeout: NATS_TIMEOUT_MS });
    const oursNamespace = randomNamespace('t');
    const inboxNamespace = randomNamespace('t');
    const bareNamespace = randomNamespace('t');
    for (const namespace of [oursNamespace, inboxNamespace, bareNamespace]) {
      cleanups.push(() => destroyNamespace(jsm, namespace, NATS_TIMEOUT_MS));
      await ensureStreams(jsm, namespace, { timeoutMs: NATS_TIMEOUT_MS });
    }

    const template = hangupEvent();
    const publisher = createEventPublisher({ js, namespace: oursNamespace, tracer: telemetry.tracer(), ackTimeoutMs: NATS_TIMEOUT_MS });
    const inboxPublisher = createEventPublisher({ js, nc, namespace: inboxNamespace, tracer: telemetry.tracer(), ackTimeoutMs: NATS_TIMEOUT_MS });
    const bareSubject = eventSubject(bareNamespace, template);
    const bytes = Event.encode(template).finish();
    const expectStored = (ack: { duplicate: boolean }) => {
      if (ack.duplicate) throw new Error('a fresh event id was taken for a duplicate');
    };

    const cpu = createCpuMeter();
    const single = `publish call.hangup (${bytes.length} B) with ack`;
    const batch = `publish ${EVENTS_PER_CALL} × call.hangup together, await all acks`;
    const bareOne = () => js.publish(bareSubject, bytes, { msgID: randomUUID(), timeout: NATS_TIMEOUT_MS });
    const rowsFor = (side: string, ours: typeof publisher) => [
      ...CONCURRENCIES.map((concurrency) => ({
        scenario: single,
        concurrency,
        baseline: cpu.wrap(`${side} ${single} × ${concurrency} base`, async () => expectStored(await bareOne())),
        ours: cpu.wrap(`${side} ${single} × ${concurrency} ours`, async () => expectStored(await ours.publish({ ...template, eventId: randomUUID() }))),
      })),
      ...CONCURRENCIES.map((concurrency) => ({
        scenario: batch,
        concurrency,
        baseline: cpu.wrap(`${side} ${batch} × ${concurrency} base`, async () => {
          const acks = await Promise.all(Array.from({ length: EVENTS_PER_CALL }, bareOne));
          acks.forEach(expectStored);
        }),
        ours: cpu.wrap(`${side} ${batch} × ${concurrency} ours`, async () => {
          const acks = await ours.publishMany(Array.from({ length: EVENTS_PER_CALL }, () => ({ ...template, eventId: randomUUID() })));
          acks.forEach(expectStored);
        }),
      })),
    ];
    const sides = [
      { side: 'request', label: 'bus', rows: rowsFor('request', publisher) },
      { side: 'inbox', label: 'bus, shared ack inbox', rows: rowsFor('inbox', inboxPublisher) },
    ];
    // Filled in when the rows have run, first thing in close() (which comes before the figures are written).
    const facts: Record<string, string | number> = { nats: nc.info?.version ?? 'unknown', eventBytes: bytes.length };
    cleanups.push(() => {
      for (const { side, label, rows } of sides) {
        for (const row of rows) {
          const perEvent = row.scenario === batch ? EVENTS_PER_CALL : 1;
          const us = (which: string) => Math.round(cpu.perCallUs(`${side} ${row.scenario} × ${row.concurrency} ${which}`) / perEvent);
          facts[`client CPU µs/event, ${row.scenario === batch ? 'batch' : 'single'} × ${row.concurrency} (js.publish / ${label})`] = `${us('base')} / ${us('ours')}`;
        }
      }
    });

    return {
      title: 'bus: JetStream publish with ack',
      notes: [
        'One Node process, one NATS connection; each side publishes into its own namespace (same stream config: file storage, 1 replica, 2 min duplicate window).',
        'Connection opened with noAsyncTraces: true, as the services open theirs.',
        'Ours: createEventPublisher (validation, subject from the catalogue, Nats-Msg-Id, trace headers, a PRODUCER span when spans are kept, ack deadline, encode per event); batch rows use publishMany.',
        'Shared ack inbox: the same publisher given the connection (as media makes it): each event published with a reply subject of one inbox, acks matched there, one timer for all deadlines.',
        'Baseline: js.publish(subject, the same bytes encoded once, { msgID }); batch rows: Promise.all of as many js.publish.',
        'Client CPU per event: user + system time of this process while a side ran, over its events (NATS server not included).',
      ],
      facts,
      groups: sides.map(({ label, rows }) => ({ title: `JetStream publish with ack: ${label} vs bare js.publish`, baseline: 'js.publish', ours: label, rows })),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
