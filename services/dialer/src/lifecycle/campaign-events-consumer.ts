// The durable consumer of campaign life cycle events (Consumers.DialerCampaignEvents), shared by every
// dialer pod. Pause and resume need nothing here: every claim re-reads the campaign's state under a row
// lock. A stop with hang_up_calls asks media to hang up every open attempt of the campaign; the one pod
// that receives the event does it for all.
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Tracer } from '@opentelemetry/api';
import { consume, consumerAddress, Consumers, ensureDurableConsumer, mediaOpsSubject, request } from '@ringpace/bus';
import type { PrismaClient } from '@ringpace/db';
import type { Logger } from '@ringpace/log';
import { CallOpReply, CallOpRequest, CallOpStatus, CampaignState, type Event } from '@ringpace/proto';
import { DIALER_ACTOR } from './state-changed-event.js';

export interface HangupDeps {
  readonly prisma: PrismaClient;
  readonly nc: NatsConnection;
  readonly namespace: string;
  readonly log: Logger;
  readonly requestTimeoutMs: number;
  readonly tracer?: Tracer;
}

/** Sends a hangup op for every open attempt of the campaign; returns how many media confirmed. */
export async function hangUpCampaignCalls(deps: HangupDeps, campaignId: string): Promise<number> {
  const open = await deps.prisma.attempt.findMany({
    where: { campaignId, state: { in: ['dialing', 'ringing', 'answered'] }, nodeId: { not: null } },
    select: { id: true, tenantId: true, nodeId: true },
  });
  const replies = await Promise.allSettled(
    open.map((attempt) =>
      request(
        deps.nc,
        mediaOpsSubject(deps.namespace, attempt.nodeId ?? ''),
        { callId: attempt.id, tenantId: attempt.tenantId, actor: DIALER_ACTOR, op: { $case: 'hangup', value: { hangupCause: 'NORMAL_CLEARING' } } },
        { requestType: CallOpRequest, replyType: CallOpReply, timeoutMs: deps.requestTimeoutMs, ...(deps.tracer ? { tracer: deps.tracer } : {}) },
      ),
    ),
  );
  let ok = 0;
  replies.forEach((reply, index) => {
    if (reply.status === 'fulfilled' && reply.value.status === CallOpStatus.OK) ok += 1;
    else deps.log.warn({ campaignId, attemptId: open[index]?.id, err: reply.status === 'rejected' ? reply.reason : undefined, status: reply.status === 'fulfilled' ? reply.value.status : undefined }, 'hangup op not done');
  });
  deps.log.info({ campaignId, calls: open.length, hungUp: ok }, 'calls of a stopped campaign hung up');
  return ok;
}

export async function handleCampaignEvent(deps: HangupDeps, event: Event): Promise<void> {
  if (event.payload?.$case !== 'campaignStateChanged') return;
  const change = event.payload.value;
  if (change.to === CampaignState.STOPPED && change.hangUpCalls) await hangUpCampaignCalls(deps, event.campaignId);
}

export interface CampaignEventsConsumerOptions {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly deps: HangupDeps;
  readonly log: Logger;
  readonly tracer?: Tracer;
  readonly signal: AbortSignal;
}

export async function startCampaignEventsConsumer(options: CampaignEventsConsumerOptions): Promise<{ readonly done: Promise<void> }> {
  const address = consumerAddress(options.deps.namespace, Consumers.DialerCampaignEvents);
  await ensureDurableConsumer(options.jsm, { stream: address.stream, durable: address.durable, filterSubject: address.filterSubject });
  const done = consume({
    js: options.js,
    stream: address.stream,
    durable: address.durable,
    log: options.log,
    ...(options.tracer ? { tracer: options.tracer } : {}),
    signal: options.signal,
    fetchExpiresMs: 1_000,
    handler: (delivery) => handleCampaignEvent(options.deps, delivery.event),
  });
  return { done };
}
