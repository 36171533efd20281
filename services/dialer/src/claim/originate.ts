// Asks the media instance of the trunk's node to place a claimed call (NATS request/reply, contract in
// proto/ringpace/v1/media.proto) and applies the answer: ACCEPTED marks the attempt originated; a refusal
// means no call exists, so the attempt is released; no answer in time leaves it open, because media may
// have started the call — its events, or the loss deadline, settle it.
import { NoRespondersError, RequestError } from '@nats-io/nats-core';
import type { Tracer } from '@opentelemetry/api';
import { mediaOriginateSubject, type Requester } from '@ringpace/bus';
import type { Clock } from '@ringpace/clock';
import type { Logger } from '@ringpace/log';
import { OriginateReply, OriginateRequest, OriginateStatus } from '@ringpace/proto';
import { markOriginated, releaseUnplaced, type Originated } from '../attempts/attempt-store.js';
import type { SqlPool } from '../db/sql.js';
import type { Trunk } from '../pacing/trunk.js';
import type { CampaignPlan } from '../plans/campaign-plan.js';
import type { ClaimedCall } from './claim-contacts.js';

/** What became of one originate request. */
export const OriginateResult = {
  Accepted: 'accepted',
  Duplicate: 'duplicate',
  /** Refused by media (capacity, node unavailable, invalid) or nobody listening: no call exists. */
  Released: 'released',
  /** No answer in time, or an error after the request left: the attempt stays open. */
  Unknown: 'unknown',
} as const;
export type OriginateResult = (typeof OriginateResult)[keyof typeof OriginateResult];

export interface OriginateDeps {
  readonly pool: SqlPool;
  /** Sends the requests; its replies come back on one inbox shared by all of them. */
  readonly requester: Requester;
  readonly namespace: string;
  readonly clock: Clock;
  readonly tracer?: Tracer;
  readonly requestTimeoutMs: number;
  readonly ringTimeoutMs: number;
  /** How long a contact waits after a refused originate before it is due again. */
  readonly refusedRetryMs: number;
  /** Writes an originate time; by default one statement per call (the dial loop batches them). */
  readonly recordOriginated?: (originated: Originated) => Promise<unknown>;
}

export function originateRequestOf(call: ClaimedCall, trunk: Trunk, plan: CampaignPlan, ringTimeoutMs: number): OriginateRequest {
  return {
    attemptId: call.attemptId,
    tenantId: call.tenantId,
    campaignId: call.campaignId,
    contactId: call.contactId,
    fencingToken: Number(call.fencingToken),
    destination: call.destination,
    callerId: call.callerId,
    gateway: trunk.gateway,
    ringTimeoutMs,
    flowId: plan.flowId,
    flowVersion: plan.flowVersion,
    contactFields: call.contactFields,
    timezone: call.timezone,
  };
}

function nobodyListened(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth += 1) {
    if (current instanceof NoRespondersError || (current instanceof RequestError && current.isNoResponders())) return true;
  }
  return false;
}

/** `log` gives the call's logger; it is asked for only when something is logged. */
export async function originate(deps: OriginateDeps, call: ClaimedCall, trunk: Trunk, plan: CampaignPlan, log: () => Logger): Promise<{ result: OriginateResult; status: string }> {
  const message = originateRequestOf(call, trunk, plan, deps.ringTimeoutMs);
  let reply: OriginateReply;
  try {
    reply = await deps.requester.request(mediaOriginateSubject(deps.namespace, trunk.nodeId), message, {
      requestType: OriginateRequest,
      replyType: OriginateReply,
      timeoutMs: deps.requestTimeoutMs,
      ...(deps.tracer ? { tracer: deps.tracer } : {}),
    });
  } catch (error) {
    if (nobodyListened(error)) {
      // Nobody received the request, so no call can exist.
      log().warn({ nodeId: trunk.nodeId }, 'no media instance serves the node; attempt released');
      return { result: (await release(deps, call)) ? OriginateResult.Released : OriginateResult.Unknown, status: 'no_responders' };
    }
    log().warn({ err: error, nodeId: trunk.nodeId }, 'originate not answered; the attempt stays open until its events or its deadline');
    return { result: OriginateResult.Unknown, status: 'timeout' };
  }
  switch (reply.status) {
    case OriginateStatus.ACCEPTED: {
      // The time media accepted the call: read when its reply arrives, whenever the write lands.
      const originated = { attemptId: call.attemptId, fencingToken: call.fencingToken, at: deps.clock.now() };
      await (deps.recordOriginated ? deps.recordOriginated(originated) : markOriginated(deps.pool, [originated]));
      return { result: OriginateResult.Accepted, status: 'accepted' };
    }
    case OriginateStatus.DUPLICATE_ATTEMPT:
      // The node already has this call (a retried request): its events will follow.
      return { result: OriginateResult.Duplicate, status: 'duplicate_attempt' };
    case OriginateStatus.CAPACITY_EXHAUSTED:
    case OriginateStatus.NODE_UNAVAILABLE:
    case OriginateStatus.INVALID_REQUEST:
      log().warn({ status: reply.status, detail: reply.detail, nodeId: reply.nodeId }, 'originate refused; attempt released');
      return { result: (await release(deps, call)) ? OriginateResult.Released : OriginateResult.Unknown, status: statusLabel(reply.status) };
    case OriginateStatus.UNSPECIFIED:
    case OriginateStatus.UNRECOGNIZED:
      log().warn({ status: reply.status, detail: reply.detail }, 'originate answered with an unknown status; the attempt stays open');
      return { result: OriginateResult.Unknown, status: 'unknown' };
  }
}

function statusLabel(status: OriginateStatus): string {
  return status.replace(/^ORIGINATE_STATUS_/, '').toLowerCase();
}

/** False when the attempt had already moved on (its events own it now). */
async function release(deps: OriginateDeps, call: ClaimedCall): Promise<boolean> {
  const now = deps.clock.now();
  return releaseUnplaced(deps.pool, call.attemptId, call.fencingToken, new Date(now.getTime() + deps.refusedRetryMs), now);
}
