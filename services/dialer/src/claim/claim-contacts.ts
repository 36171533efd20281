// One claim transaction for one campaign on one trunk (DESIGN.md "Time, and dialing exactly once"): lock
// due pending contacts with SKIP LOCKED so concurrent claimers never take the same row, re-check the
// calling window and the blacklist at dial time, and write each dialed contact's attempt (its id is the
// FreeSWITCH call UUID, its fencing token comes from the database) before anyone originates anything.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@ringpace/db';
import { callableAt } from '@ringpace/policy';
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
}

const OPEN_STATES = ['dialing', 'ringing', 'answered'] as const;

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

export async function claimContacts(prisma: PrismaClient, request: ClaimRequest): Promise<ClaimResult> {
  const { plan, trunk, now } = request;
  const empty = (skipped?: ClaimResult['skipped']): ClaimResult => ({ calls: [], deferred: 0, blocked: 0, closed: 0, ...(skipped ? { skipped } : {}) });
  if (plan.schedule === undefined) return empty('no_schedule');
  if (plan.callerIds.length === 0) return empty('no_caller_id');
  const schedule = plan.schedule;

  return prisma.$transaction(async (tx) => {
    // FOR SHARE: a pause or stop (an UPDATE of this row) waits for this claim, and a claim that starts
    // after it sees the new state, so no call of a paused campaign is claimed after the pause commits.
    const campaigns = await tx.$queryRaw<{ state: string; max_concurrent_calls: number }[]>`
      SELECT state::text AS state, max_concurrent_calls FROM campaigns WHERE id = ${plan.id}::uuid FOR SHARE`;
    const campaign = campaigns[0];
    if (campaign === undefined || campaign.state !== 'running') return empty('not_running');
    let limit = request.limit;
    if (campaign.max_concurrent_calls > 0) {
      // Serialises the claimers of a limited campaign across pods, so the count below stays true until commit.
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${plan.id}, 0))::text AS locked`;
      const open = await tx.attempt.count({ where: { campaignId: plan.id, state: { in: [...OPEN_STATES] } } });
      limit = Math.min(limit, campaign.max_concurrent_calls - open);
      if (limit <= 0) return empty('campaign_limit');
    }

    const rows = await tx.$queryRaw<ContactRow[]>`
      SELECT id, phone_e164, name, fields, timezone, attempt_count
        FROM contacts
       WHERE campaign_id = ${plan.id}::uuid
         AND state = 'pending'
         AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})
       ORDER BY next_attempt_at ASC NULLS LAST
       LIMIT ${limit}
         FOR UPDATE OF contacts SKIP LOCKED`;
    if (rows.length === 0) return empty();

    const blacklisted = new Set(
      (
        await tx.blacklistEntry.findMany({
          where: { tenantId: plan.tenantId, phoneE164: { in: rows.map((row) => row.phone_e164) }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
          select: { phoneE164: true },
        })
      ).map((entry) => entry.phoneE164),
    );

    const calls: ClaimedCall[] = [];
    let deferred = 0;
    let blocked = 0;
    let closed = 0;
    for (const row of rows) {
      if (blacklisted.has(row.phone_e164)) {
        await tx.contact.update({ where: { id: row.id }, data: { state: 'blocked', nextAttemptAt: null, updatedAt: now } });
        blocked += 1;
        continue;
      }
      const zone = calleeZone({ timezone: row.timezone, phoneE164: row.phone_e164 }, plan.timezone);
      const callable = callableAt(schedule, zone, now.getTime());
      if (!callable.callable) {
        if (callable.nextOpenAtMs === undefined) {
          // No window opens again (the schedule ended): the contact can never be called.
          await tx.contact.update({ where: { id: row.id }, data: { state: 'exhausted', nextAttemptAt: null, updatedAt: now } });
          closed += 1;
        } else {
          await tx.contact.update({ where: { id: row.id }, data: { nextAttemptAt: new Date(callable.nextOpenAtMs), updatedAt: now } });
          deferred += 1;
        }
        continue;
      }
      const round = row.attempt_count + 1;
      const callerId = selectCallerId({ mode: trunk.callerIdMode, callerIds: plan.callerIds, callee: row.phone_e164, turn: request.nextTurn() }) ?? '';
      const attemptId = randomUUID();
      const attempt = await tx.attempt.create({
        data: {
          id: attemptId,
          tenantId: plan.tenantId,
          campaignId: plan.id,
          contactId: row.id,
          round,
          state: 'dialing',
          createdAt: now,
          trunkId: trunk.id,
          nodeId: trunk.nodeId,
          gateway: trunk.gateway,
          callerId,
          claimedBy: request.podId,
          deadlineAt: new Date(now.getTime() + request.ringTimeoutMs + request.maxCallMs),
        },
        select: { fencingToken: true },
      });
      await tx.contact.update({ where: { id: row.id }, data: { state: 'dialing', attemptCount: round, updatedAt: now } });
      calls.push({
        attemptId,
        fencingToken: attempt.fencingToken,
        round,
        tenantId: plan.tenantId,
        campaignId: plan.id,
        contactId: row.id,
        destination: row.phone_e164,
        callerId,
        contactFields: fieldsOf(row),
        timezone: plan.timezone,
      });
    }
    return { calls, deferred, blocked, closed };
  });
}
