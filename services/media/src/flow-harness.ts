// Starts a real media service for the specs of single verbs: fs-sim in-process with the spec's own scenario,
// a database holding the spec's flows (each at version 1), its own bus namespace, a listener on the
// namespace's call events, and a second event-socket client recording what the switch did. Used only by tests.
import { randomUUID } from 'node:crypto';
import { mediaOriginateSubject, request } from '@ringpace/bus';
import { EslClient, EventName, type EslEvent } from '@ringpace/esl';
import { parseFlowDocument } from '@ringpace/flow';
import { startFsSim, type FsSim, type ScenarioInput } from '@ringpace/fs-sim';
import { silentLogger } from '@ringpace/log';
import { OriginateReply, OriginateRequest, OriginateStatus, type Event } from '@ringpace/proto';
import { createTestDatabase, type TestDatabase } from '@ringpace/testing';
import type { MediaApp, MediaRuntimeSettings } from './app.js';
import { startMediaUnderTest, waitUntil } from './media-under-test.js';

export const FLOW_NODE_ID = 'fs1';
export const FLOW_SIM_SPEED = 25;
export const CALLER_ID = '+15551230000';

/** What the watching client subscribes to: the effects of the verbs on the switch. */
const WATCHED = [
  EventName.ChannelCreate, EventName.ChannelAnswer, EventName.ChannelExecute, EventName.ChannelExecuteComplete,
  EventName.ChannelBridge, EventName.ChannelUnbridge, EventName.ChannelPark, EventName.RecordStart, EventName.RecordStop,
  EventName.Dtmf, EventName.ChannelHangupComplete,
];

/** A scenario match for one E.164 number, dialled with or without its "+". */
export const exactly = (number: string) => `/^\\+?${number.slice(1)}$/`;

type Payload = NonNullable<Event['payload']>;
export type PayloadKind = Payload['$case'];
export type PayloadOf<K extends PayloadKind> = Extract<Payload, { $case: K }>['value'];

export interface FlowHarnessOptions {
  readonly scenario: ScenarioInput;
  /** Flow name → its YAML document. */
  readonly flows: Readonly<Record<string, string>>;
  readonly settings?: Partial<MediaRuntimeSettings>;
}

export interface FlowHarness {
  readonly sim: FsSim;
  readonly app: MediaApp;
  readonly database: TestDatabase;
  /** Every call event published so far, in arrival order. */
  readonly events: Event[];
  /** Every watched switch event so far, in the order the switch sent them. */
  readonly switchEvents: EslEvent[];
  request(flow: string, overrides?: Partial<OriginateRequest>): OriginateRequest;
  /** Originates and expects ACCEPTED; returns the attempt id. */
  call(flow: string, overrides?: Partial<OriginateRequest>): Promise<string>;
  eventsOf(attemptId: string): Event[];
  /** The switch events of one channel. */
  switchEventsOf(uuid: string): EslEvent[];
  /** Resolves once the predicate holds, polling; rejects after timeoutMs with what was seen. */
  waitFor(what: string, predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** Waits for the attempt's CallHangup and returns all its events, in sequence order. */
  ended(attemptId: string): Promise<Event[]>;
  close(): Promise<void>;
}

export async function startFlowHarness(options: FlowHarnessOptions): Promise<FlowHarness> {
  const database = await createTestDatabase();
  const prisma = database.db.prisma;
  const now = new Date();
  const tenant = await prisma.tenant.create({ data: { name: `media-verbs-${randomUUID()}`, createdAt: now, updatedAt: now } });
  const flowIds = new Map<string, string>();
  for (const [name, yaml] of Object.entries(options.flows)) {
    const parsed = parseFlowDocument(yaml);
    if (!parsed.ok) throw new Error(`flow ${name} does not parse: ${JSON.stringify(parsed.problems)}`);
    const flow = await prisma.flow.create({ data: { tenantId: tenant.id, name, createdAt: now, updatedAt: now } });
    await prisma.flowVersion.create({ data: { tenantId: tenant.id, flowId: flow.id, version: 1, document: parsed.document as object, createdAt: now } });
    flowIds.set(name, flow.id);
  }

  const sim = await startFsSim({ password: 'ClueCon', scenario: options.scenario, speed: FLOW_SIM_SPEED, seed: 11, recordCalls: true });
  const switchEvents: EslEvent[] = [];
  const watcher = new EslClient({ host: sim.host, port: sim.port, password: 'ClueCon', logger: silentLogger(), subscription: { format: 'plain', events: WATCHED } });
  watcher.onEvent((event) => switchEvents.push(event));
  await watcher.start();

  const media = await startMediaUnderTest({ sim, prisma, nodeId: FLOW_NODE_ID, speed: FLOW_SIM_SPEED, ...(options.settings === undefined ? {} : { settings: options.settings }) });
  const { app, nc, namespace, events } = media;

  const campaignId = randomUUID();
  const eventsOf = (attemptId: string) => events.filter((event) => event.attemptId === attemptId).sort((a, b) => a.sequence - b.sequence);
  const waitFor = (what: string, predicate: () => boolean, timeoutMs = 10_000) => waitUntil(what, predicate, timeoutMs, media.seen);
  const requestOf = (flow: string, overrides: Partial<OriginateRequest> = {}) => {
    const flowId = flowIds.get(flow);
    if (flowId === undefined) throw new Error(`no flow named ${flow}`);
    return OriginateRequest.fromPartial({
      attemptId: randomUUID(),
      tenantId: tenant.id,
      campaignId,
      contactId: randomUUID(),
      fencingToken: 1,
      callerId: CALLER_ID,
      gateway: 'carrier',
      ringTimeoutMs: 30_000,
      flowId,
      flowVersion: 1,
      contactFields: { name: 'Li', amount: '42' },
      timezone: 'America/New_York',
      ...overrides,
    });
  };
  return {
    sim,
    app,
    database,
    events,
    switchEvents,
    request: requestOf,
    async call(flow, overrides) {
      const message = requestOf(flow, overrides);
      const reply = await request(nc, mediaOriginateSubject(namespace, FLOW_NODE_ID), message, { requestType: OriginateRequest, replyType: OriginateReply, timeoutMs: 10_000 });
      if (reply.status !== OriginateStatus.ACCEPTED) throw new Error(`originate not accepted: ${reply.status} ${reply.detail}`);
      return message.attemptId;
    },
    eventsOf,
    switchEventsOf: (uuid) => switchEvents.filter((event) => event.uniqueId === uuid),
    waitFor,
    async ended(attemptId) {
      await waitFor(`the hangup of ${attemptId}`, () => eventsOf(attemptId).some((event) => event.payload?.$case === 'callHangup'));
      return eventsOf(attemptId);
    },
    async close() {
      await media.close();
      watcher.close();
      await sim.stop();
      await database.drop();
    },
  };
}

/** The one payload of that kind among an attempt's events; throws when there is none or several. */
export function onlyPayload<K extends PayloadKind>(events: readonly Event[], kind: K): PayloadOf<K> {
  const found = events.filter((event) => event.payload?.$case === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return (found[0]!.payload as Extract<Payload, { $case: K }>).value as PayloadOf<K>;
}

/** The payload kinds of an attempt's events, in sequence order. */
export function kindsIn(events: readonly Event[]): string[] {
  return [...events].sort((a, b) => a.sequence - b.sequence).map((event) => event.payload?.$case ?? '');
}

/** A switch event as `NAME` or `NAME application`, for reading an order of effects. */
export function effectOf(event: EslEvent): string {
  const app = event.headers.get('Application');
  return app === undefined || (event.name !== EventName.ChannelExecute && event.name !== EventName.ChannelExecuteComplete) ? event.name : `${event.name} ${app}`;
}
