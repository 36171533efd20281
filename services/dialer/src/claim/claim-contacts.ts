// One claim transaction for one campaign on one trunk (DESIGN.md "Time, and dialing exactly once"): lock
// due pending contacts with SKIP LOCKED so concurrent claimers never take the same row, re-check the
// calling window and the blacklist at dial time, and write each dialed contact's attempt (its id is the
// FreeSWITCH call UUID, its fencing token comes from the database) before anyone originates anything.
// Set-based: the whole batch is read in one statement and written in one, whatever its size; for a
// campaign without a limit the whole claim is two round trips: BEGIN, the campaign's lock and the read,
// then the write with the COMMIT.
import { randomUUID } from 'node:crypto';
import { callableAt, type Callability } from '@ringpace/policy';
import { arrayLiteral, inTransactionOpenedBy, integerLiteral, orNull, textLiteral, timestampLiteral, uuidLiteral, type Closing, type Sql, type SqlPool, type SqlResult } from '../db/sql.js';
import { selectCallerId } from './caller-id.js';
import { calleeZone } from '../plans/callee-zone.js';
import type { CampaignPlan } from '../plans/campaign-plan.js';
import type { Trunk } from '../pacing/trunk.js';

export interface ClaimRequest {
  readonly trunk: Trunk;
  readonly plan: CampaignPlan;
  /** At most this many calls (the trunk's budget). */
  readonly limit: number;
  readonly now: Date;
  readonly podId: string;
  readonly ringTimeoutMs: number;
  readonly maxCallMs: number;
  /** The round-robin position for the next caller ID of this campaign; advanced per call. */
  readonly nextTurn: () => number;
}

/** A contact claimed and its attempt written: ready to originate. */
export interface ClaimedCall {
  readonly attemptId: string;
  readonly fencingToken: bigint;
  readonly round: number;
  readonly tenantId: string;
  readonly campaignId: string;
  readonly contactId: string;
  readonly destination: string;
  readonly callerId: string;
  readonly contactFields: Record<string, string>;
  readonly timezone: string;
}

export interface ClaimResult {
  readonly calls: ClaimedCall[];
  /** Contacts outside their calling window, moved to the next opening. */
  readonly deferred: number;
  /** Contacts found on the blacklist at dial time. */
  readonly blocked: number;
  /** Contacts whose window never opens again (schedule ended): nothing more will be tried. */
  readonly closed: number;
  /** Why nothing was claimed, when it is not just "nothing due". */
  readonly skipped?: 'not_running' | 'campaign_limit' | 'no_schedule' | 'no_caller_id';
}

interface ContactRow {
  readonly id: string;
  readonly phone_e164: string;
  readonly name: string | null;
  readonly fields: unknown;
  readonly timezone: string | null;
  readonly attempt_count: number;
  readonly next_attempt_at: Date | null;
  readonly blacklisted: boolean;
}

/** What the claim does to one locked contact. */
interface ContactChange {
  readonly id: string;
  readonly state: 'dialing' | 'pending' | 'blocked' | 'exhausted';
  readonly attemptCount: number;
  readonly nextAttemptAt: Date | null;
}

function fieldsOf(row: ContactRow): Record<string, string> {
  const out: Record<string, string> = {};
  if (row.fields !== null && typeof row.fields === 'object' && !Array.isArray(row.fields)) {
    for (const [key, value] of Object.entries(row.fields as Record<string, unknown>)) {
      if (value === null || value === undefined) continue;
      out[key] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  // The canonical fields win over an imported column of the same name.
  out.phone = row.phone_e164;
  if (row.name !== null) out.name = row.name;
  return out;
}

/**
 * FOR SHARE: a pause or stop (an UPDATE of this row) waits for the claim, and a claim that starts after
 * it sees the new state, so no call of a paused campaign is claimed after the pause commits.
 */
function campaignLock(plan: CampaignPlan): string {
  return `SELECT state::text AS state, max_concurrent_calls FROM campaigns WHERE id = ${uuidLiteral('campaign id', plan.id)} FOR SHARE`;
}

/** The blacklist is read with the lock: an entry committed before this claim keeps the contact from the call. */
function dueContacts(plan: CampaignPlan, now: Date, limit: number): string {
  const nowAt = timestampLiteral('claim time', now);
  return `SELECT c.id, c.phone_e164, c.name, c.fields, c.timezone, c.attempt_count, c.next_attempt_at,
            EXISTS (SELECT 1 FROM blacklist_entries b
                     WHERE b.tenant_id = ${uuidLiteral('tenant id', plan.tenantId)} AND b.phone_e164 = c.phone_e164 AND (b.expires_at IS NULL OR b.expires_at > ${nowAt})) AS blacklisted
       FROM contacts c
      WHERE c.campaign_id = ${uuidLiteral('campaign id', plan.id)}
        AND c.state = 'pending'
        AND (c.next_attempt_at IS NULL OR c.next_attempt_at <= ${nowAt})
      ORDER BY c.next_attempt_at ASC NULLS LAST
      LIMIT ${integerLiteral('claim limit', limit)}
        FOR UPDATE OF c SKIP LOCKED`;
}

export async function claimContacts(pool: SqlPool, request: ClaimRequest): Promise<ClaimResult> {
  const { plan } = request;
  const empty = (skipped?: ClaimResult['skipped']): ClaimResult => ({ calls: [], deferred: 0, blocked: 0, closed: 0, ...(skipped ? { skipped } : {}) });
  if (plan.schedule === undefined) return empty('no_schedule');
  if (plan.callerIds.length === 0) return empty('no_caller_id');
  // A limited campaign counts its open calls under a lock before it reads contacts; any other reads its
  // due contacts right behind the campaign's lock, in the same round trip as the BEGIN.
  const opening = plan.maxConcurrentCalls > 0 ? [campaignLock(plan)] : [campaignLock(plan), dueContacts(plan, request.now, request.limit)];
  return inTransactionOpenedBy(pool, opening, (sql, opened) => claimIn(sql, request, plan.schedule!, opened, empty));
}

/** Room left under the campaign's limit, counted with every pod's claimers of the campaign held off. */
async function roomUnderLimit(sql: Sql, plan: CampaignPlan, maxConcurrentCalls: number): Promise<number> {
  // Serialises the claimers of a limited campaign across pods, so the count below stays true until commit.
  await sql.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [plan.id]);
  const open = await sql.query<{ open: number }>(
    "SELECT count(*)::int AS open FROM attempts WHERE campaign_id = $1::uuid AND state IN ('dialing', 'ringing', 'answered')",
    [plan.id],
  );
  return maxConcurrentCalls - (open.rows[0]?.open ?? 0);
}

async function claimIn(
  sql: Sql,
  request: ClaimRequest,
  schedule: NonNullable<CampaignPlan['schedule']>,
  opened: ReadonlyArray<SqlResult<Record<string, unknown>>>,
  empty: (skipped?: ClaimResult['skipped']) => ClaimResult,
): Promise<Closing<ClaimResult>> {
  const { plan, trunk, now } = request;
  const nothing = (skipped?: ClaimResult['skipped']): Closing<ClaimResult> => ({ statements: [], finish: () => empty(skipped) });
  const campaign = opened[0]?.rows[0] as { state: string; max_concurrent_calls: number } | undefined;
  if (campaign === undefined || campaign.state !== 'running') return nothing('not_running');
  let rows: ContactRow[];
  const read = opened[1] as SqlResult<ContactRow> | undefined;
  if (read !== undefined) {
    rows = read.rows;
    if (campaign.max_concurrent_calls > 0) {
      // The plan was read before the campaign got its limit: the contacts beyond the room stay as they are
      // (locked until the commit, then free for the next claim).
      const room = await roomUnderLimit(sql, plan, campaign.max_concurrent_calls);
      if (room <= 0) return nothing('campaign_limit');
      rows = rows.slice(0, room);
    }
  } else {
    let limit = request.limit;
    if (campaign.max_concurrent_calls > 0) {
      limit = Math.min(limit, await roomUnderLimit(sql, plan, campaign.max_concurrent_calls));
      if (limit <= 0) return nothing('campaign_limit');
    }
    rows = (await sql.query<ContactRow>(dueContacts(plan, now, limit))).rows;
  }
  if (rows.length === 0) return nothing();

  // The calling window is the same for every callee in one zone at one instant: evaluated once per zone.
  const windows = new Map<string, Callability>();
  const changes: ContactChange[] = [];
  const dialed: Array<{ row: ContactRow; attemptId: string; round: number; callerId: string }> = [];
  let deferred = 0;
  let blocked = 0;
  let closed = 0;
  for (const row of rows) {
    if (row.blacklisted) {
      changes.push({ id: row.id, state: 'blocked', attemptCount: row.attempt_count, nextAttemptAt: null });
      blocked += 1;
      continue;
    }
    const zone = calleeZone({ timezone: row.timezone, phoneE164: row.phone_e164 }, plan.timezone);
    let callable = windows.get(zone);
    if (callable === undefined) {
      callable = callableAt(schedule, zone, now.getTime());
      windows.set(zone, callable);
    }
    if (!callable.callable) {
      if (callable.nextOpenAtMs === undefined) {
        // No window opens again (the schedule ended): the contact can never be called.
        changes.push({ id: row.id, state: 'exhausted', attemptCount: row.attempt_count, nextAttemptAt: null });
        closed += 1;
      } else {
        changes.push({ id: row.id, state: 'pending', attemptCount: row.attempt_count, nextAttemptAt: new Date(callable.nextOpenAtMs) });
        deferred += 1;
      }
      continue;
    }
    const round = row.attempt_count + 1;
    const callerId = selectCallerId({ mode: trunk.callerIdMode, callerIds: plan.callerIds, callee: row.phone_e164, turn: request.nextTurn() }) ?? '';
    dialed.push({ row, attemptId: randomUUID(), round, callerId });
    changes.push({ id: row.id, state: 'dialing', attemptCount: round, nextAttemptAt: row.next_attempt_at });
  }

  // One statement writes every attempt and every contact change of the batch, sent with the COMMIT.
  const nowAt = timestampLiteral('claim time', now);
  const uuids = (field: string, values: readonly string[]) => arrayLiteral('uuid', values.map((value) => uuidLiteral(field, value)));
  const write = `WITH contact_changes AS (
       UPDATE contacts c
          SET state = u.state::contact_state, attempt_count = u.attempt_count, next_attempt_at = u.next_attempt_at, updated_at = ${nowAt}
         FROM unnest(${uuids('contact id', changes.map((change) => change.id))},
                     ${arrayLiteral('text', changes.map((change) => textLiteral('contact state', change.state)))},
                     ${arrayLiteral('int', changes.map((change) => integerLiteral('attempt count', change.attemptCount)))},
                     ${arrayLiteral('timestamptz', changes.map((change) => orNull(change.nextAttemptAt, (at) => timestampLiteral('next attempt time', at))))})
              AS u(id, state, attempt_count, next_attempt_at)
        WHERE c.id = u.id
     )
     INSERT INTO attempts (id, tenant_id, campaign_id, contact_id, round, state, created_at, trunk_id, node_id, gateway, caller_id, claimed_by, deadline_at)
     SELECT a.id, ${uuidLiteral('tenant id', plan.tenantId)}, ${uuidLiteral('campaign id', plan.id)}, a.contact_id, a.round, 'dialing', ${nowAt},
            ${uuidLiteral('trunk id', trunk.id)}, ${textLiteral('node id', trunk.nodeId)}, ${textLiteral('gateway', trunk.gateway)}, a.caller_id,
            ${textLiteral('pod id', request.podId)}, ${timestampLiteral('deadline', new Date(now.getTime() + request.ringTimeoutMs + request.maxCallMs))}
       FROM unnest(${uuids('attempt id', dialed.map((call) => call.attemptId))},
                   ${uuids('contact id', dialed.map((call) => call.row.id))},
                   ${arrayLiteral('int', dialed.map((call) => integerLiteral('round', call.round)))},
                   ${arrayLiteral('text', dialed.map((call) => textLiteral('caller id', call.callerId)))})
            AS a(id, contact_id, round, caller_id)
     RETURNING id, fencing_token::text AS fencing_token`;
  return {
    statements: [write],
    // After the commit: every attempt of the batch comes back from its INSERT, so a missing one means a
    // broken database, not a lost call to undo.
    finish: ([written]) => {
      const tokens = new Map((written?.rows ?? []).map((row) => [String(row['id']), BigInt(String(row['fencing_token']))]));
      const calls: ClaimedCall[] = dialed.map(({ row, attemptId, round, callerId }) => {
        const fencingToken = tokens.get(attemptId);
        if (fencingToken === undefined) throw new Error(`attempt ${attemptId} was not written by its claim`);
        return {
          attemptId,
          fencingToken,
          round,
          tenantId: plan.tenantId,
          campaignId: plan.id,
          contactId: row.id,
          destination: row.phone_e164,
          callerId,
          contactFields: fieldsOf(row),
          timezone: plan.timezone,
        };
      });
      return { calls, deferred, blocked, closed };
    },
  };
}
