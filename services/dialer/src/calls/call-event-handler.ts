// Applies call events from media to their attempts, idempotently: each (consumer, event id) row in
// processed_events is written in the same transaction, so a redelivered event finds it and changes
// nothing. Progress events only move an attempt forward; the hangup ends it and moves the contact on.
// A batch of events is one transaction of a few statements, whatever its size: the processed_events rows
// (and the plans of the campaigns with hangups) go with the BEGIN, the contacts' moves with the COMMIT.
import type { Clock } from '@ringpace/clock';
import type { Event } from '@ringpace/proto';
import { endAttemptsInTurn, type AttemptEnd, type EndedAttempt } from '../attempts/attempt-store.js';
import { arrayLiteral, inTransactionOpenedBy, textLiteral, timestampLiteral, type Sql, type SqlPool, type SqlResult } from '../db/sql.js';
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
  const ids = [...new Set(events.flatMap((event, index) => (effects[index] === undefined ? [event.eventId] : [])))];
  const opening = [
    `INSERT INTO processed_events (consumer, event_id, processed_at)
     SELECT ${textLiteral('consumer', deps.consumer)}, id, ${timestampLiteral('now', deps.clock.now())} FROM unnest(${arrayLiteral('text', ids.map((id) => textLiteral('event id', id)))}) AS id
     ON CONFLICT DO NOTHING
     RETURNING event_id`,
  ];
  // The plans the hangups will need, read in the same round trip (a hangup already applied reads one for nothing).
  const hangupCampaigns = events.flatMap((event, index) => (effects[index] === undefined && event.payload?.$case === 'callHangup' ? [event.campaignId] : []));
  if (hangupCampaigns.length > 0) opening.push(deps.plans.byIdsStatement(hangupCampaigns));
  return inTransactionOpenedBy(deps.pool, opening, async (sql, [inserted = { rows: [], rowCount: 0 }, plans]) => {
    const closing = await applyIn(sql, deps, events, effects, inserted, plans);
    return { statements: closing, finish: () => effects.map((effect) => effect ?? NOT_A_CALL_EVENT) };
  });
}

/** Applies the events whose processed_events rows were just written; returns the statements that go with the COMMIT. */
async function applyIn(
  sql: Sql,
  deps: CallEventDeps,
  events: readonly Event[],
  effects: Array<CallEventEffect | undefined>,
  inserted: SqlResult<Record<string, unknown>>,
  planRows: SqlResult<Record<string, unknown>> | undefined,
): Promise<readonly string[]> {
  // An event id met twice in one batch is applied once, like a redelivery.
  const fresh = new Set(inserted.rows.map((row) => String(row['event_id'])));
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
  if (ends.length === 0) return [];
  // Progress first: the hangup is the last event of a call, and ending the attempt stops progress.
  const known = planRows === undefined ? undefined : await deps.plans.fromRows(sql, planRows.rows);
  const { results, contacts } = await endAttemptsInTurn(sql, deps, ends, known);
  results.forEach((attempt, i) => {
    effects[endIndexes[i]!] = attempt === undefined ? NOT_OPEN : { kind: 'ended', attempt };
  });
  return contacts;
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
