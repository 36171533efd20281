// Starts a real media service for integration tests: fs-sim in-process with a scenario, its own database
// holding the classic-notice flow, its own bus namespace, and a listener on the namespace's call events.
// Used only by tests.
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/nats-core';
import { mediaOpsSubject, mediaOriginateSubject, request } from '@ringpace/bus';
import { CLASSIC_NOTICE_YAML, parseFlowDocument } from '@ringpace/flow';
import { startFsSim, type FsSim, type ScenarioInput } from '@ringpace/fs-sim';
import { CallOpReply, CallOpRequest, OriginateReply, OriginateRequest, type Event } from '@ringpace/proto';
import { createTestDatabase, type TestDatabase } from '@ringpace/testing';
import type { MediaApp } from './app.js';
import { startMediaUnderTest, waitUntil } from './media-under-test.js';

export const NODE_ID = 'fs1';
export const SIM_SPEED = 20;

/** Numbers of the test scenario and what their callee does. */
export const Callee = {
  /** Answers after 1 s and presses # while the flow waits for a key. */
  Confirms: '+15550000001',
  Busy: '+15550000002',
  Unallocated: '+15550000003',
  /** Answers after 1 s, never presses anything, never hangs up. */
  Silent: '+15550000004',
} as const;

const exact = (number: string) => `/^\\+?${number.slice(1)}$/`;

const SCENARIO: ScenarioInput = {
  gateways: [{ name: 'carrier', proxy: 'sip.carrier.example:5060' }],
  callees: [
    { match: exact(Callee.Confirms), behaviour: 'answer', ringMs: 1000, dtmf: [{ afterMs: 5000, digits: '#' }] },
    { match: exact(Callee.Busy), behaviour: 'busy' },
    { match: exact(Callee.Unallocated), behaviour: 'unallocated' },
    { match: exact(Callee.Silent), behaviour: 'answer', ringMs: 1000 },
  ],
};

export interface Harness {
  readonly sim: FsSim;
  readonly app: MediaApp;
  readonly nc: NatsConnection;
  readonly namespace: string;
  readonly database: TestDatabase;
  readonly tenantId: string;
  readonly campaignId: string;
  readonly flowId: string;
  /** Every call event published so far, in arrival order. */
  readonly events: Event[];
  request(overrides?: Partial<OriginateRequest>): OriginateRequest;
  originate(request: OriginateRequest): Promise<OriginateReply>;
  callOp(request: Partial<CallOpRequest>): Promise<CallOpReply>;
  eventsOf(attemptId: string): Event[];
  /** Resolves once the predicate holds, polling; rejects after timeoutMs with what was seen. */
  waitFor(what: string, predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const database = await createTestDatabase();
  const prisma = database.db.prisma;
  const now = new Date();
  const tenant = await prisma.tenant.create({ data: { name: `media-${randomUUID()}`, createdAt: now, updatedAt: now } });
  const flow = await prisma.flow.create({ data: { tenantId: tenant.id, name: 'notice', createdAt: now, updatedAt: now } });
  const parsed = parseFlowDocument(CLASSIC_NOTICE_YAML);
  if (!parsed.ok) throw new Error('the classic notice does not parse');
  await prisma.flowVersion.create({ data: { tenantId: tenant.id, flowId: flow.id, version: 1, document: parsed.document as object, createdAt: now } });

  const sim = await startFsSim({ password: 'ClueCon', scenario: SCENARIO, speed: SIM_SPEED, seed: 7 });
  const media = await startMediaUnderTest({ sim, prisma, nodeId: NODE_ID, speed: SIM_SPEED });
  const { app, nc, namespace, events } = media;

  const campaignId = randomUUID();
  return {
    sim,
    app,
    nc,
    namespace,
    database,
    tenantId: tenant.id,
    campaignId,
    flowId: flow.id,
    events,
    request: (overrides = {}) =>
      OriginateRequest.fromPartial({
        attemptId: randomUUID(),
        tenantId: tenant.id,
        campaignId,
        contactId: randomUUID(),
        fencingToken: 1,
        destination: Callee.Confirms,
        callerId: '+15551230000',
        gateway: 'carrier',
        ringTimeoutMs: 30_000,
        flowId: flow.id,
        flowVersion: 1,
        contactFields: { name: 'Li', amount: '42' },
        timezone: 'America/New_York',
        ...overrides,
      }),
    originate: (message) => request(nc, mediaOriginateSubject(namespace, NODE_ID), message, { requestType: OriginateRequest, replyType: OriginateReply, timeoutMs: 10_000 }),
    callOp: (message) =>
      request(nc, mediaOpsSubject(namespace, NODE_ID), CallOpRequest.fromPartial({ tenantId: tenant.id, actor: 'system:test', ...message }), {
        requestType: CallOpRequest,
        replyType: CallOpReply,
        timeoutMs: 10_000,
      }),
    eventsOf: (attemptId) => events.filter((event) => event.attemptId === attemptId),
    waitFor: (what, predicate, timeoutMs = 10_000) => waitUntil(what, predicate, timeoutMs, media.seen),
    async close() {
      await media.close();
      await sim.stop();
      await database.drop();
    },
  };
}

/** The payload kinds of an attempt's events, in sequence order. */
export function kindsOf(events: readonly Event[]): string[] {
  return [...events].sort((a, b) => a.sequence - b.sequence).map((event) => event.payload?.$case ?? '');
}
