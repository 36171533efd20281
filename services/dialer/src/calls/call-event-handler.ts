// Applies call events from media to their attempts, idempotently: each (consumer, event id) row in
// processed_events is written in the same transaction, so a redelivered event finds it and changes
// nothing. Progress events only move an attempt forward; the hangup ends it and moves the contact on.
// A batch of events is one transaction of a few statements, whatever its size.
import type { Clock } from '@ringpace/clock';
import type { Event } from '@ringpace/proto';
import { finishAttemptsInTurn, type AttemptEnd, type EndedAttempt } from '../attempts/attempt-store.js';
import { inTransaction, type Sql, type SqlPool } from '../db/sql.js';
import type { PlanStore } from '../plans/campaign-plan.js';
import { policyOutcomeOf } from './outcome-mapping.js';

export interface CallEventDeps {
  readonly pool: SqlPool;
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

const NOT_A_CALL_EVENT: CallEventEffect = { kind: 'ignored', reason: 'not a call event' };
const NOT_OPEN: CallEventEffect = { kind: 'ignored', reason: 'attempt not open or fencing token differs' };

/** What a batch's progress events do to one attempt, merged in the order they came. */
interface Progress {
  originated?: { fencingToken: bigint; at: Date };
  ringing: boolean;
  answeredAt?: Date;
  flowResult?: string;
}

export async function applyCallEvent(deps: CallEventDeps, event: Event): Promise<CallEventEffect> {
  return (await applyCallEvents(deps, [event]))[0]!;
}

/** Applies the events in one transaction; the effects are in the events' order. */
export async function applyCallEvents(deps: CallEventDeps, events: readonly Event[]): Promise<CallEventEffect[]> {
  const effects: Array<CallEventEffect | undefined> = events.map((event) => (event.payload === undefined || event.attemptId === '' ? NOT_A_CALL_EVENT : undefined));
  if (effects.every((effect): effect is CallEventEffect => effect !== undefined)) return effects;
  return inTransaction(deps.pool, async (sql) => {
    await applyIn(sql, deps, events, effects);
    return effects.map((effect) => effect ?? NOT_A_CALL_EVENT);
  });
}

async function applyIn(sql: Sql, deps: CallEventDeps, events: readonly Event[], effects: Array<CallEventEffect | undefined>): Promise<void> {
  const ids = [...new Set(events.flatMap((event, index) => (effects[index] === undefined ? [event.eventId] : [])))];
  const inserted = await sql.query<{ event_id: string }>(
    `INSERT INTO processed_events (consumer, event_id, processed_at)
     SELECT $1, id, $2 FROM unnest($3::text[]) AS id
     ON CONFLICT DO NOTHING
     RETURNING event_id`,
    [deps.consumer, deps.clock.now(), ids],
  );
  // An event id met twice in one batch is applied once, like a redelivery.
  const fresh = new Set(inserted.rows.map((row) => row.event_id));
  const progress = new Map<string, Progress>();
  const ends: AttemptEnd[] = [];
  const endIndexes: number[] = [];
  events.forEach((event, index) => {
    if (effects[index] !== undefined) return;
    if (!fresh.delete(event.eventId)) {
      effects[index] = { kind: 'duplicate' };
      return;
    }
    const payload = event.payload!;
    const at = event.occurredAt ?? deps.clock.now();
    const of = (attemptId: string): Progress => {
      let found = progress.get(attemptId);
      if (found === undefined) {
        found = { ringing: false };
        progress.set(attemptId, found);
      }
      return found;
    };
    switch (payload.$case) {
      case 'callOriginated':
        of(event.attemptId).originated ??= { fencingToken: BigInt(payload.value.fencingToken), at };
        effects[index] = { kind: 'progress' };
        return;
      case 'callRinging':
        of(event.attemptId).ringing = true;
        effects[index] = { kind: 'progress' };
        return;
      case 'callAnswered':
        of(event.attemptId).answeredAt ??= at;
        effects[index] = { kind: 'progress' };
        return;
      case 'callFlowResult':
        of(event.attemptId).flowResult = payload.value.result;
        effects[index] = { kind: 'progress' };
        return;
      case 'callHangup': {
        const hangup = payload.value;
        ends.push({
          attemptId: event.attemptId,
          fencingToken: BigInt(hangup.fencingToken),
          outcome: policyOutcomeOf(hangup.outcome),
          endedAt: at,
          hangupCause: hangup.hangupCause,
          sipStatus: hangup.sipStatusCode,
          billsecMs: hangup.billsecMs,
        });
        endIndexes.push(index);
        return;
      }
      case 'callDtmf':
        effects[index] = { kind: 'progress' };
        return;
      case 'campaignCreated':
      case 'campaignStateChanged':
      case 'recordingStarted':
      case 'recordingCompleted':
        effects[index] = NOT_A_CALL_EVENT;
        return;
    }
  });
  await applyProgress(sql, progress);
  // Progress first: the hangup is the last event of a call, and ending the attempt stops progress.
  const ended = await finishAttemptsInTurn(sql, deps, ends);
  ended.forEach((attempt, i) => {
    effects[endIndexes[i]!] = attempt === undefined ? NOT_OPEN : { kind: 'ended', attempt };
  });
}

/**
 * One statement for every attempt's progress. Each column keeps the rule of its event: the originate time
 * is set once, by the attempt's own fencing token, while it is open; ringing only follows dialing; the
 * answer moves dialing or ringing on, and its time is kept even when the hangup got there first (events
 * of one call may be applied out of order: the consumer runs several at once).
 */
async function applyProgress(sql: Sql, progress: ReadonlyMap<string, Progress>): Promise<void> {
  if (progress.size === 0) return;
  const rows = [...progress];
  await sql.query(
    `UPDATE attempts a SET
        originated_at = CASE WHEN u.originated_at IS NOT NULL AND a.originated_at IS NULL AND a.fencing_token = u.fencing_token
                                  AND a.state IN ('dialing', 'ringing', 'answered') THEN u.originated_at ELSE a.originated_at END,
        state = CASE WHEN u.answered_at IS NOT NULL AND a.state IN ('dialing', 'ringing') THEN 'answered'::attempt_state
                     WHEN u.ringing AND a.state = 'dialing' THEN 'ringing'::attempt_state
                     ELSE a.state END,
        answered_at = COALESCE(a.answered_at, u.answered_at),
        flow_result = CASE WHEN u.has_flow_result THEN u.flow_result ELSE a.flow_result END
       FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[], $4::boolean[], $5::timestamptz[], $6::boolean[], $7::text[])
            AS u(id, fencing_token, originated_at, ringing, answered_at, has_flow_result, flow_result)
      WHERE a.id = u.id`,
    [
      rows.map(([id]) => id),
      rows.map(([, p]) => p.originated?.fencingToken.toString() ?? null),
      rows.map(([, p]) => p.originated?.at ?? null),
      rows.map(([, p]) => p.ringing),
      rows.map(([, p]) => p.answeredAt ?? null),
      rows.map(([, p]) => p.flowResult !== undefined),
      rows.map(([, p]) => p.flowResult ?? null),
    ],
  );
}
