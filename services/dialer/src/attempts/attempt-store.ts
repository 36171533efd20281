// Writes to an attempt after its claim. Every write names the attempt's fencing token and the states it
// may change, so a stale writer (a pod that lost its lease, a late or replayed event) changes nothing.
// Each write takes a set of attempts, so a batch of events costs a few statements, not a few per event.
import type { Clock } from '@ringpace/clock';
import type { AttemptOutcome as DbAttemptOutcome } from '@ringpace/db';
import { decideNext, scheduleRetry, type AttemptOutcome, type AttemptRecord, type RetryDecision } from '@ringpace/policy';
import { dbOutcomeOf, policyOutcomeOfDb } from '../calls/outcome-mapping.js';
import { arrayLiteral, inTransaction, orNull, textLiteral, timestampLiteral, uuidLiteral, type Sql, type SqlPool } from '../db/sql.js';
import { calleeZone } from '../plans/callee-zone.js';
import type { CampaignPlan, PlanStore } from '../plans/campaign-plan.js';

/** Media accepted the originate of this attempt at `at`. */
export interface Originated {
  readonly attemptId: string;
  readonly fencingToken: bigint;
  readonly at: Date;
}

/** Records the originate times not recorded yet (an earlier callOriginated event may have); returns the attempts changed. */
export async function markOriginated(sql: Sql, originated: readonly Originated[]): Promise<Set<string>> {
  if (originated.length === 0) return new Set();
  const { rows } = await sql.query<{ id: string }>(
    `UPDATE attempts a SET originated_at = u.at
       FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[]) AS u(id, fencing_token, at)
      WHERE a.id = u.id AND a.fencing_token = u.fencing_token AND a.originated_at IS NULL
     RETURNING a.id`,
    [originated.map((o) => o.attemptId), originated.map((o) => o.fencingToken.toString()), originated.map((o) => o.at)],
  );
  return new Set(rows.map((row) => row.id));
}

/**
 * Media refused the originate, so no call exists: the attempt is removed and the contact is due again
 * after `retryAt`. The round was never dialed, so the next claim reuses its number and (contact, round)
 * keeps meaning one call. Returns false when the attempt had moved on (events arrived, or it is not ours).
 */
export async function releaseUnplaced(pool: SqlPool, attemptId: string, fencingToken: bigint, retryAt: Date, now: Date): Promise<boolean> {
  return inTransaction(pool, async (sql) => {
    const gone = await sql.query<{ contact_id: string }>(
      `DELETE FROM attempts
        WHERE id = $1::uuid AND fencing_token = $2::bigint AND state = 'dialing' AND originated_at IS NULL
       RETURNING contact_id`,
      [attemptId, fencingToken.toString()],
    );
    const contactId = gone.rows[0]?.contact_id;
    if (contactId === undefined) return false;
    await sql.query(
      `UPDATE contacts SET state = 'pending', attempt_count = attempt_count - 1, next_attempt_at = $2, updated_at = $3
        WHERE id = $1::uuid AND state = 'dialing'`,
      [contactId, retryAt, now],
    );
    return true;
  });
}

export interface AttemptEnd {
  readonly attemptId: string;
  /** Only the attempt with this token is ended; undefined for the database's own sweeper. */
  readonly fencingToken: bigint | undefined;
  readonly outcome: AttemptOutcome;
  readonly endedAt: Date;
  readonly hangupCause?: string;
  readonly sipStatus?: number;
  readonly billsecMs?: number;
}

export interface EndedAttempt {
  readonly attemptId: string;
  readonly tenantId: string;
  readonly campaignId: string;
  readonly contactId: string;
  readonly trunkId: string | null;
  readonly decision: RetryDecision;
}

export interface FinishDeps {
  readonly plans: PlanStore;
  readonly clock: Clock;
}

interface EndedRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly campaign_id: string;
  readonly contact_id: string;
  readonly trunk_id: string | null;
  readonly phone_e164: string;
  readonly timezone: string | null;
  readonly history: Array<{ outcome: DbAttemptOutcome; at: string }>;
}

/**
 * Ends open attempts with their outcomes and moves their contacts on: a final state, or pending again at
 * the time the retry policy and the calling schedule give. An attempt that was not open, or whose token
 * does not match, is left out of the result: a late or stale writer changes nothing. The ends must name
 * distinct attempts (see finishAttemptsInTurn for a batch that may not).
 */
export async function finishAttempts(sql: Sql, deps: FinishDeps, ends: readonly AttemptEnd[]): Promise<EndedAttempt[]> {
  const { ended, contacts } = await endAttempts(sql, deps, ends);
  if (contacts !== undefined) await sql.query(contacts);
  return ended;
}

/** What ending a set of attempts did, and the statement that moves their contacts on, still to be sent. */
export interface AttemptsEnded {
  readonly ended: EndedAttempt[];
  /** The contacts' update (literals written in), for the caller to send, say with its COMMIT. */
  readonly contacts: string | undefined;
}

/** finishAttempts but for the contacts' update, which is returned; `known` are plans read already. */
export async function endAttempts(sql: Sql, deps: FinishDeps, ends: readonly AttemptEnd[], known: ReadonlyMap<string, CampaignPlan> = new Map()): Promise<AttemptsEnded> {
  if (ends.length === 0) return { ended: [], contacts: undefined };
  // The attempt, its contact and the contact's earlier outcomes (oldest round first) come back with the update.
  const { rows } = await sql.query<EndedRow>(
    `WITH ended AS (
       UPDATE attempts a
          SET state = u.state::attempt_state, outcome = u.outcome::attempt_outcome, ended_at = u.ended_at,
              hangup_cause = COALESCE(u.hangup_cause, a.hangup_cause), sip_status = COALESCE(u.sip_status, a.sip_status),
              billsec_ms = COALESCE(u.billsec_ms, a.billsec_ms)
         FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::int[], $8::bigint[])
              AS u(id, fencing_token, state, outcome, ended_at, hangup_cause, sip_status, billsec_ms)
        WHERE a.id = u.id AND a.state IN ('dialing', 'ringing', 'answered') AND (u.fencing_token IS NULL OR a.fencing_token = u.fencing_token)
       RETURNING a.id, a.tenant_id, a.campaign_id, a.contact_id, a.trunk_id
     )
     SELECT e.id, e.tenant_id, e.campaign_id, e.contact_id, e.trunk_id, c.phone_e164, c.timezone,
            COALESCE((SELECT json_agg(json_build_object('outcome', h.outcome, 'at', COALESCE(h.ended_at, h.created_at)) ORDER BY h.round)
                        FROM attempts h WHERE h.contact_id = e.contact_id AND h.id <> e.id AND h.outcome IS NOT NULL), '[]'::json) AS history
       FROM ended e JOIN contacts c ON c.id = e.contact_id`,
    [
      ends.map((end) => end.attemptId),
      ends.map((end) => end.fencingToken?.toString() ?? null),
      ends.map((end) => (end.outcome === 'lost' ? 'lost' : 'ended')),
      ends.map((end) => dbOutcomeOf(end.outcome)),
      ends.map((end) => end.endedAt),
      ends.map((end) => (end.hangupCause ? end.hangupCause : null)),
      ends.map((end) => (end.sipStatus ? end.sipStatus : null)),
      ends.map((end) => (end.billsecMs === undefined ? null : String(end.billsecMs))),
    ],
  );
  if (rows.length === 0) return { ended: [], contacts: undefined };
  const plans = new Map(known);
  const unknown = rows.flatMap((row) => (plans.has(row.campaign_id) ? [] : [row.campaign_id]));
  if (unknown.length > 0) for (const [id, plan] of await deps.plans.byIds(sql, unknown)) plans.set(id, plan);
  const byId = new Map(ends.map((end) => [end.attemptId, end]));
  const now = deps.clock.now();
  const ended: EndedAttempt[] = [];
  for (const row of rows) {
    const end = byId.get(row.id)!;
    const plan = plans.get(row.campaign_id);
    if (plan === undefined) throw new Error(`campaign ${row.campaign_id} of attempt ${row.id} not found`);
    const records: AttemptRecord[] = row.history.map((earlier) => ({ outcome: policyOutcomeOfDb(earlier.outcome), atMs: Date.parse(earlier.at) }));
    let decision = decideNext(plan.retryPolicy, records, { outcome: end.outcome, atMs: end.endedAt.getTime() });
    // Only a retry is moved into the callee's calling window: the zone (a parse of the number) is not
    // worked out for a contact that is done.
    if (plan.schedule !== undefined && decision.kind !== 'done') decision = scheduleRetry(decision, plan.schedule, calleeZone({ timezone: row.timezone, phoneE164: row.phone_e164 }, plan.timezone));
    ended.push({ attemptId: row.id, tenantId: row.tenant_id, campaignId: row.campaign_id, contactId: row.contact_id, trunkId: row.trunk_id, decision });
  }
  const contacts = `UPDATE contacts c SET state = u.state::contact_state, next_attempt_at = u.next_attempt_at, updated_at = ${timestampLiteral('now', now)}
       FROM unnest(${arrayLiteral('uuid', ended.map((attempt) => uuidLiteral('contact id', attempt.contactId)))},
                   ${arrayLiteral('text', ended.map((attempt) => textLiteral('contact state', attempt.decision.kind === 'done' ? attempt.decision.state : 'pending')))},
                   ${arrayLiteral('timestamptz', ended.map((attempt) => orNull(attempt.decision.kind === 'done' ? null : new Date(attempt.decision.dueAtMs), (at) => timestampLiteral('next attempt time', at))))})
            AS u(id, state, next_attempt_at)
      WHERE c.id = u.id AND c.state = 'dialing'`;
  return { ended, contacts };
}

/** finishAttempts for ends that may name one attempt twice: the first end of an attempt wins, as if applied one by one. */
export async function finishAttemptsInTurn(sql: Sql, deps: FinishDeps, ends: readonly AttemptEnd[]): Promise<Array<EndedAttempt | undefined>> {
  const { results, contacts } = await endAttemptsInTurn(sql, deps, ends);
  for (const statement of contacts) await sql.query(statement);
  return results;
}

/**
 * finishAttemptsInTurn but for the contacts' updates, which are returned. Each later turn only meets
 * attempts an earlier one ended (they are no longer open), so the contacts' updates may all go last.
 */
export async function endAttemptsInTurn(
  sql: Sql,
  deps: FinishDeps,
  ends: readonly AttemptEnd[],
  known: ReadonlyMap<string, CampaignPlan> = new Map(),
): Promise<{ results: Array<EndedAttempt | undefined>; contacts: string[] }> {
  const results: Array<EndedAttempt | undefined> = ends.map(() => undefined);
  const contacts: string[] = [];
  let pending = ends.map((end, index) => ({ end, index }));
  while (pending.length > 0) {
    const seen = new Set<string>();
    const now: typeof pending = [];
    const later: typeof pending = [];
    for (const item of pending) {
      if (seen.has(item.end.attemptId)) later.push(item);
      else {
        seen.add(item.end.attemptId);
        now.push(item);
      }
    }
    const turn = await endAttempts(sql, deps, now.map((item) => item.end), known);
    if (turn.contacts !== undefined) contacts.push(turn.contacts);
    const ended = new Map(turn.ended.map((attempt) => [attempt.attemptId, attempt]));
    for (const item of now) results[item.index] = ended.get(item.end.attemptId);
    pending = later;
  }
  return { results, contacts };
}
