// The media service as the integration specs start it: against an fs-sim of the spec's own, on a bus
// namespace of its own, with every call event it publishes collected in arrival order. Used only by tests
// (test-harness.ts for the classic notice, flow-harness.ts for single verbs).
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { EventFamily, eventFilterSubject } from '@ringpace/bus';
import { ScaledClock } from '@ringpace/clock';
import type { PrismaClient } from '@ringpace/db';
import type { FsSim } from '@ringpace/fs-sim';
import { silentLogger } from '@ringpace/log';
import { Event } from '@ringpace/proto';
import { createTestNamespace, testNatsServer } from '@ringpace/testing';
import { startMediaApp, type MediaApp, type MediaRuntimeSettings } from './app.js';
import { createFlowRepository, prismaFlowSource } from './flows/flow-repository.js';

export interface MediaUnderTestOptions {
  readonly sim: FsSim;
  /** The database holding the specs' flow versions. */
  readonly prisma: PrismaClient;
  readonly nodeId: string;
  /** fs-sim's speed, so the service's clock runs alike. */
  readonly speed: number;
  readonly settings?: Partial<MediaRuntimeSettings>;
}

export interface MediaUnderTest {
  readonly app: MediaApp;
  readonly nc: NatsConnection;
  readonly namespace: string;
  /** Every call event published so far, in arrival order. */
  readonly events: Event[];
  /** The events so far, short, for timeout messages. */
  readonly seen: () => string;
  /** Stops the service and deletes the namespace; the sim and the database are the caller's. */
  close(): Promise<void>;
}

export async function startMediaUnderTest(options: MediaUnderTestOptions): Promise<MediaUnderTest> {
  const nats = await testNatsServer();
  const nc: NatsConnection = await connect({ servers: nats.url, timeout: 5_000 });
  const testNamespace = createTestNamespace();
  const namespace = testNamespace.namespace;
  const events: Event[] = [];
  const subscription = nc.subscribe(eventFilterSubject(namespace, EventFamily.Call));
  void (async () => {
    for await (const msg of subscription) events.push(Event.decode(msg.data));
  })();
  await nc.flush();

  const app = await startMediaApp({
    nodes: [{ id: options.nodeId, host: options.sim.host, port: options.sim.port, password: 'ClueCon' }],
    nc,
    namespace,
    clock: new ScaledClock({ speed: options.speed }),
    log: silentLogger(),
    flows: createFlowRepository(prismaFlowSource(options.prisma, 5_000)),
    natsTimeoutMs: 5_000,
    settings: { healthIntervalMs: 500, ...options.settings },
  });
  await waitUntil('esl connected', () => app.nodes.get(options.nodeId)?.esl.connected === true, 5_000, () => '');
  return {
    app,
    nc,
    namespace,
    events,
    seen: () => JSON.stringify(events.map((event) => [event.attemptId.slice(0, 8), event.sequence, event.payload?.$case])),
    async close() {
      await app.stop(1_000);
      subscription.unsubscribe();
      await testNamespace.cleanup(nc);
      await nc.close();
    },
  };
}

/** Resolves once the predicate holds, polling; rejects after timeoutMs with what was seen. */
export async function waitUntil(what: string, predicate: () => boolean, timeoutMs: number, seen: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
