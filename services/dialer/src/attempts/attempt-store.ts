// Writes to an attempt after its claim. Every write names the attempt's fencing token and the states it
// may change, so a stale writer (a pod that lost its lease, a late or replayed event) changes nothing.
import type { Clock } from '@ringpace/clock';
import type { Prisma, PrismaClient } from '@ringpace/db';
import { decideNext, scheduleRetry, type AttemptOutcome, type AttemptRecord, type RetryDecision } from '@ringpace/policy';
import { dbOutcomeOf, policyOutcomeOfDb } from '../calls/outcome-mapping.js';
import { calleeZone } from '../plans/callee-zone.js';
import type { PlanStore } from '../plans/campaign-plan.js';

const OPEN_STATES = ['dialing', 'ringing', 'answered'] as const;

/** Media accepted the originate. */
export async function markOriginated(prisma: PrismaClient, attemptId: string, fencingToken: bigint, at: Date): Promise<boolean> {
  const changed = await prisma.attempt.updateMany({ where: { id: attemptId, fencingToken, originatedAt: null }, data: { originatedAt: at } });
  return changed.count > 0;
}

/**
 * Media refused the originate, so no call exists: the attempt is removed and the contact is due again
 * after `retryAt`. The round was never dialed, so the next claim reuses its number and (contact, round)
 * keeps meaning one call. Returns false when the attempt had moved on (events arrived, or it is not ours).
 */
export async function releaseUnplaced(prisma: PrismaClient, attemptId: string, fencingToken: bigint, retryAt: Date, now: Date): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const gone = await tx.$queryRaw<{ contact_id: string }[]>`
      DELETE FROM attempts
       WHERE id = ${attemptId}::uuid AND fencing_token = ${fencingToken} AND state = 'dialing' AND originated_at IS NULL
      RETURNING contact_id::text AS contact_id`;
    const contactId = gone[0]?.contact_id;
    if (contactId === undefined) return false;
    await tx.contact.updateMany({
      where: { id: contactId, state: 'dialing' },
      data: { state: 'pending', attemptCount: { decrement: 1 }, nextAttemptAt: retryAt, updatedAt: now },
    });
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

/**
 * Ends an open attempt with its outcome and moves its contact on: a final state, or pending again at the
 * time the retry policy and the calling schedule give. Undefined when the attempt was not open or the
 * token does not match: a late or stale writer changes nothing.
 */
export async function finishAttempt(tx: Prisma.TransactionClient, deps: FinishDeps, end: AttemptEnd): Promise<EndedAttempt | undefined> {
  const changed = await tx.attempt.updateMany({
    where: { id: end.attemptId, state: { in: [...OPEN_STATES] }, ...(end.fencingToken === undefined ? {} : { fencingToken: end.fencingToken }) },
    data: {
      state: end.outcome === 'lost' ? 'lost' : 'ended',
      outcome: dbOutcomeOf(end.outcome),
      endedAt: end.endedAt,
      ...(end.hangupCause ? { hangupCause: end.hangupCause } : {}),
      ...(end.sipStatus ? { sipStatus: end.sipStatus } : {}),
      ...(end.billsecMs === undefined ? {} : { billsecMs: BigInt(end.billsecMs) }),
    },
  });
  if (changed.count === 0) return undefined;
  const attempt = await tx.attempt.findUniqueOrThrow({
    where: { id: end.attemptId },
    select: { tenantId: true, campaignId: true, contactId: true, trunkId: true, contact: { select: { phoneE164: true, timezone: true } } },
  });
  const history = await tx.attempt.findMany({
    where: { contactId: attempt.contactId, id: { not: end.attemptId }, outcome: { not: null } },
    select: { outcome: true, endedAt: true, createdAt: true },
    orderBy: { round: 'asc' },
  });
  const records: AttemptRecord[] = history.flatMap((row) =>
    row.outcome === null ? [] : [{ outcome: policyOutcomeOfDb(row.outcome), atMs: (row.endedAt ?? row.createdAt).getTime() }],
  );
  const plan = await deps.plans.byId(tx, attempt.campaignId);
  if (plan === undefined) throw new Error(`campaign ${attempt.campaignId} of attempt ${end.attemptId} not found`);
  let decision = decideNext(plan.retryPolicy, records, { outcome: end.outcome, atMs: end.endedAt.getTime() });
  if (plan.schedule !== undefined) decision = scheduleRetry(decision, plan.schedule, calleeZone(attempt.contact, plan.timezone));
  const now = deps.clock.now();
  await tx.contact.updateMany({
    where: { id: attempt.contactId, state: 'dialing' },
    data:
      decision.kind === 'done'
        ? { state: decision.state, nextAttemptAt: null, updatedAt: now }
        : { state: 'pending', nextAttemptAt: new Date(decision.dueAtMs), updatedAt: now },
  });
  return { attemptId: end.attemptId, tenantId: attempt.tenantId, campaignId: attempt.campaignId, contactId: attempt.contactId, trunkId: attempt.trunkId, decision };
}
