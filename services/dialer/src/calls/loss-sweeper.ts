// Ends attempts whose deadline passed without a final event as `lost` (DESIGN.md "dialing exactly once"):
// the contact goes back under its retry policy's network_failure rule as a new round, never redialed in
// the same one. Any pod may sweep; the conditional end makes a second sweeper change nothing.
import type { Clock } from '@ringpace/clock';
import type { PrismaClient } from '@ringpace/db';
import type { Logger } from '@ringpace/log';
import { finishAttempt, type EndedAttempt } from '../attempts/attempt-store.js';
import type { PlanStore } from '../plans/campaign-plan.js';

export interface SweepDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly plans: PlanStore;
  readonly log: Logger;
  /** Attempts ended per pass at most. */
  readonly batch?: number;
}

export async function sweepLostAttempts(deps: SweepDeps): Promise<EndedAttempt[]> {
  const now = deps.clock.now();
  const overdue = await deps.prisma.attempt.findMany({
    where: { state: { in: ['dialing', 'ringing', 'answered'] }, deadlineAt: { lte: now } },
    select: { id: true, fencingToken: true },
    orderBy: { deadlineAt: 'asc' },
    take: deps.batch ?? 100,
  });
  const ended: EndedAttempt[] = [];
  for (const attempt of overdue) {
    const result = await deps.prisma.$transaction((tx) =>
      finishAttempt(tx, deps, { attemptId: attempt.id, fencingToken: attempt.fencingToken, outcome: 'lost', endedAt: now }),
    );
    if (result === undefined) continue;
    ended.push(result);
    deps.log.warn({ tenantId: result.tenantId, campaignId: result.campaignId, attemptId: result.attemptId }, 'attempt lost: no final event before its deadline');
  }
  return ended;
}
