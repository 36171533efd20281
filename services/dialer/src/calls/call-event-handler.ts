// Applies one call event from media to its attempt, idempotently: the (consumer, event id) row in
// processed_events is written in the same transaction, so a redelivered event finds it and changes
// nothing. Progress events only move an attempt forward; the hangup ends it and moves the contact on.
import type { Clock } from '@ringpace/clock';
import type { PrismaClient } from '@ringpace/db';
import type { Event } from '@ringpace/proto';
import { finishAttempt, type EndedAttempt } from '../attempts/attempt-store.js';
import type { PlanStore } from '../plans/campaign-plan.js';
import { policyOutcomeOf } from './outcome-mapping.js';

export interface CallEventDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly plans: PlanStore;
  /** The durable consumer's name: the processed_events key. */
  readonly consumer: string;
}

export type CallEventEffect =
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'progress' }
  | { readonly kind: 'ended'; readonly attempt: EndedAttempt };

export async function applyCallEvent(deps: CallEventDeps, event: Event): Promise<CallEventEffect> {
  const payload = event.payload;
  if (payload === undefined || event.attemptId === '') return { kind: 'ignored', reason: 'not a call event' };
  const attemptId = event.attemptId;
  const at = event.occurredAt ?? deps.clock.now();
  return deps.prisma.$transaction(async (tx): Promise<CallEventEffect> => {
    const first = await tx.processedEvent.createMany({
      data: [{ consumer: deps.consumer, eventId: event.eventId, processedAt: deps.clock.now() }],
      skipDuplicates: true,
    });
    if (first.count === 0) return { kind: 'duplicate' };
    switch (payload.$case) {
      case 'callOriginated':
        await tx.attempt.updateMany({
          where: { id: attemptId, fencingToken: BigInt(payload.value.fencingToken), originatedAt: null, state: { in: ['dialing', 'ringing', 'answered'] } },
          data: { originatedAt: at },
        });
        return { kind: 'progress' };
      case 'callRinging':
        await tx.attempt.updateMany({ where: { id: attemptId, state: 'dialing' }, data: { state: 'ringing' } });
        return { kind: 'progress' };
      case 'callAnswered':
        await tx.attempt.updateMany({ where: { id: attemptId, state: { in: ['dialing', 'ringing'] } }, data: { state: 'answered' } });
        // Events of one call may be applied out of order (the consumer runs several at once): the answer
        // time is kept even when the hangup got there first.
        await tx.attempt.updateMany({ where: { id: attemptId, answeredAt: null }, data: { answeredAt: at } });
        return { kind: 'progress' };
      case 'callFlowResult':
        await tx.attempt.updateMany({ where: { id: attemptId }, data: { flowResult: payload.value.result } });
        return { kind: 'progress' };
      case 'callHangup': {
        const hangup = payload.value;
        const ended = await finishAttempt(tx, deps, {
          attemptId,
          fencingToken: BigInt(hangup.fencingToken),
          outcome: policyOutcomeOf(hangup.outcome),
          endedAt: at,
          hangupCause: hangup.hangupCause,
          sipStatus: hangup.sipStatusCode,
          billsecMs: hangup.billsecMs,
        });
        return ended === undefined ? { kind: 'ignored', reason: 'attempt not open or fencing token differs' } : { kind: 'ended', attempt: ended };
      }
      case 'callDtmf':
        return { kind: 'progress' };
      case 'campaignCreated':
      case 'campaignStateChanged':
      case 'recordingStarted':
      case 'recordingCompleted':
        return { kind: 'ignored', reason: 'not a call event' };
    }
  });
}
