// Writes schedules and retry policies as rows of their own. A change writes a new row and re-points the
// campaign, so the rows a running call was started under never change.
import type { Prisma } from '@ringpace/db';
import type { RetryPolicy, Schedule } from '@ringpace/proto';
import { retryPolicyToStored, scheduleToStored } from './plan-mapping.js';

interface Owner {
  readonly tenantId: string;
  readonly name: string;
  readonly timezone: string;
  readonly now: Date;
}

export async function writeSchedule(tx: Prisma.TransactionClient, owner: Owner, schedule: Schedule): Promise<string> {
  const stored = scheduleToStored(schedule);
  const row = await tx.schedule.create({
    data: {
      tenantId: owner.tenantId,
      name: owner.name,
      timezone: owner.timezone,
      windows: stored.windows,
      holidays: stored.holidays,
      startDate: stored.startDate,
      endDate: stored.endDate,
      createdAt: owner.now,
      updatedAt: owner.now,
    },
  });
  return row.id;
}

export async function writeRetryPolicy(tx: Prisma.TransactionClient, owner: Owner, policy: RetryPolicy): Promise<string> {
  const stored = retryPolicyToStored(policy);
  const row = await tx.retryPolicy.create({
    data: { tenantId: owner.tenantId, name: owner.name, maxAttempts: stored.maxAttemptsTotal, rules: stored.rules, createdAt: owner.now, updatedAt: owner.now },
  });
  return row.id;
}
