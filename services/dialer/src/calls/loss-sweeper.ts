// Ends attempts whose deadline passed without a final event as `lost` (DESIGN.md "dialing exactly once"):
// the contact goes back under its retry policy's network_failure rule as a new round, never redialed in
// the same one. Any pod may sweep; the conditional end makes a second sweeper change nothing.
import type { Clock } from '@ringpace/clock';
import type { Logger } from '@ringpace/log';
import { finishAttempts, type EndedAttempt } from '../attempts/attempt-store.js';
import { inTransaction, type SqlPool } from '../db/sql.js';
import type { PlanStore } from '../plans/campaign-plan.js';

export interface SweepDeps {
  readonly pool: SqlPool;
  readonly clock: Clock;
  readonly plans: PlanStore;
  readonly log: Logger;
  /** Attempts ended per pass at most. */
  readonly batch?: number;
}

export async function sweepLostAttempts(deps: SweepDeps): Promise<EndedAttempt[]> {
  const now = deps.clock.now();
  const overdue = await deps.pool.query<{ id: string; fencing_token: string }>(
    `SELECT id, fencing_token::text AS fencing_token FROM attempts
      WHERE state IN ('dialing', 'ringing', 'answered') AND deadline_at <= $1
      ORDER BY deadline_at ASC
      LIMIT $2`,
    [now, deps.batch ?? 100],
  );
  if (overdue.rows.length === 0) return [];
  const ended = await inTransaction(deps.pool, (sql) =>
    finishAttempts(
      sql,
      deps,
      overdue.rows.map((attempt) => ({ attemptId: attempt.id, fencingToken: BigInt(attempt.fencing_token), outcome: 'lost' as const, endedAt: now })),
    ),
  );
  for (const result of ended) {
    deps.log.warn({ tenantId: result.tenantId, campaignId: result.campaignId, attemptId: result.attemptId }, 'attempt lost: no final event before its deadline');
  }
  return ended;
}
