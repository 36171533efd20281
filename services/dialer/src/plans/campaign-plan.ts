// What the dialer needs to know about a campaign to call its contacts and to decide what happens after a
// call: its schedule (with the tenant's holidays), retry policy, pinned flow, caller IDs and limits.
// Schedule and retry policy rows never change once written (a change writes a new row), so their parsed
// forms are cached by row id; holidays and the campaign row itself are read fresh every time.
import type { Prisma, PrismaClient } from '@ringpace/db';
import { DEFAULT_RETRY_POLICY, parseRetryPolicy, parseSchedule, withHolidays, type Holiday, type RetryPolicy, type Schedule } from '@ringpace/policy';

type Reader = PrismaClient | Prisma.TransactionClient;

export interface CampaignPlan {
  readonly id: string;
  readonly tenantId: string;
  readonly state: string;
  readonly trunkGroupId: string | null;
  /** The campaign's zone, for contacts whose own zone is unknown. */
  readonly timezone: string;
  readonly callerIds: readonly string[];
  /** 0 = no campaign limit. */
  readonly maxConcurrentCalls: number;
  readonly flowId: string;
  readonly flowVersion: number;
  /** The campaign's schedule with the tenant's holidays merged in; undefined when none is set. */
  readonly schedule: Schedule | undefined;
  readonly retryPolicy: RetryPolicy;
}

const campaignSelect = {
  id: true,
  tenantId: true,
  state: true,
  trunkGroupId: true,
  timezone: true,
  callerIds: true,
  maxConcurrentCalls: true,
  scheduleId: true,
  retryPolicyId: true,
  flowVersion: { select: { flowId: true, version: true } },
} as const;

export class PlanStore {
  private readonly schedules = new Map<string, Schedule>();
  private readonly policies = new Map<string, RetryPolicy>();

  /** Running notification campaigns dialing through these trunk groups. */
  async runningFor(db: Reader, trunkGroupIds: readonly string[]): Promise<CampaignPlan[]> {
    if (trunkGroupIds.length === 0) return [];
    const rows = await db.campaign.findMany({
      where: { state: 'running', dialMode: 'notification', trunkGroupId: { in: [...trunkGroupIds] } },
      select: campaignSelect,
      orderBy: { id: 'asc' },
    });
    return this.toPlans(db, rows);
  }

  async byId(db: Reader, campaignId: string): Promise<CampaignPlan | undefined> {
    const row = await db.campaign.findUnique({ where: { id: campaignId }, select: campaignSelect });
    if (row === null) return undefined;
    return (await this.toPlans(db, [row]))[0];
  }

  private async toPlans(db: Reader, rows: readonly CampaignRow[]): Promise<CampaignPlan[]> {
    const tenantIds = [...new Set(rows.map((row) => row.tenantId))];
    const holidays = new Map<string, Holiday[]>();
    if (tenantIds.length > 0) {
      const days = await db.tenantHoliday.findMany({ where: { tenantId: { in: tenantIds } }, select: { tenantId: true, date: true, name: true } });
      for (const day of days) {
        const list = holidays.get(day.tenantId) ?? [];
        list.push({ date: day.date, name: day.name });
        holidays.set(day.tenantId, list);
      }
    }
    const plans: CampaignPlan[] = [];
    for (const row of rows) {
      const schedule = row.scheduleId === null ? undefined : await this.schedule(db, row.scheduleId);
      plans.push({
        id: row.id,
        tenantId: row.tenantId,
        state: row.state,
        trunkGroupId: row.trunkGroupId,
        timezone: row.timezone,
        callerIds: row.callerIds,
        maxConcurrentCalls: row.maxConcurrentCalls,
        flowId: row.flowVersion?.flowId ?? '',
        flowVersion: row.flowVersion?.version ?? 0,
        schedule: schedule === undefined ? undefined : withHolidays(schedule, holidays.get(row.tenantId) ?? []),
        retryPolicy: row.retryPolicyId === null ? DEFAULT_RETRY_POLICY : await this.retryPolicy(db, row.retryPolicyId),
      });
    }
    return plans;
  }

  private async schedule(db: Reader, id: string): Promise<Schedule | undefined> {
    const cached = this.schedules.get(id);
    if (cached !== undefined) return cached;
    const row = await db.schedule.findUnique({ where: { id }, select: { windows: true, holidays: true, startDate: true, endDate: true } });
    if (row === null) return undefined;
    // The stored form is what packages/policy reads, with null for "no date" where the schema wants absence.
    const schedule = parseSchedule(
      { windows: row.windows, holidays: row.holidays, ...(row.startDate === null ? {} : { startDate: row.startDate }), ...(row.endDate === null ? {} : { endDate: row.endDate }) },
      'schedule',
    );
    this.schedules.set(id, schedule);
    return schedule;
  }

  private async retryPolicy(db: Reader, id: string): Promise<RetryPolicy> {
    const cached = this.policies.get(id);
    if (cached !== undefined) return cached;
    const row = await db.retryPolicy.findUnique({ where: { id }, select: { maxAttempts: true, rules: true } });
    const policy = row === null ? DEFAULT_RETRY_POLICY : parseRetryPolicy({ maxAttemptsTotal: row.maxAttempts, rules: row.rules }, 'retry_policy');
    this.policies.set(id, policy);
    return policy;
  }
}

type CampaignRow = Prisma.CampaignGetPayload<{ select: typeof campaignSelect }>;
