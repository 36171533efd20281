// What the dialer needs to know about a campaign to call its contacts and to decide what happens after a
// call: its schedule (with the tenant's holidays), retry policy, pinned flow, caller IDs and limits.
// Schedule and retry policy rows never change once written (a change writes a new row), so their parsed
// forms are cached by row id; holidays and the campaign row itself are read fresh every time.
import { DEFAULT_RETRY_POLICY, parseRetryPolicy, parseSchedule, withHolidays, type Holiday, type RetryPolicy, type Schedule } from '@ringpace/policy';
import { arrayLiteral, isUuid, uuidLiteral, type Sql } from '../db/sql.js';

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

interface CampaignRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly state: string;
  readonly trunk_group_id: string | null;
  readonly timezone: string;
  readonly caller_ids: string[];
  readonly max_concurrent_calls: number;
  readonly schedule_id: string | null;
  readonly retry_policy_id: string | null;
  readonly flow_id: string | null;
  readonly flow_version: number | null;
  readonly holidays: Holiday[];
}

/** The campaign row, its pinned flow version and its tenant's holidays in one statement; WHERE follows. */
const CAMPAIGN_SELECT = `
  SELECT c.id, c.tenant_id, c.state::text AS state, c.trunk_group_id, c.timezone, c.caller_ids, c.max_concurrent_calls,
         c.schedule_id, c.retry_policy_id, fv.flow_id, fv.version AS flow_version,
         COALESCE((SELECT json_agg(json_build_object('date', h.date, 'name', h.name) ORDER BY h.date)
                     FROM tenant_holidays h WHERE h.tenant_id = c.tenant_id), '[]'::json) AS holidays
    FROM campaigns c
    LEFT JOIN flow_versions fv ON fv.id = c.flow_version_id`;

export class PlanStore {
  private readonly schedules = new Map<string, Schedule>();
  private readonly policies = new Map<string, RetryPolicy>();

  /** Running notification campaigns dialing through these trunk groups. */
  async runningFor(db: Sql, trunkGroupIds: readonly string[]): Promise<CampaignPlan[]> {
    if (trunkGroupIds.length === 0) return [];
    const { rows } = await db.query<CampaignRow>(
      `${CAMPAIGN_SELECT}
        WHERE c.state = 'running' AND c.dial_mode = 'notification' AND c.trunk_group_id = ANY($1::uuid[])
        ORDER BY c.id`,
      [[...trunkGroupIds]],
    );
    return this.toPlans(db, rows);
  }

  async byId(db: Sql, campaignId: string): Promise<CampaignPlan | undefined> {
    return (await this.byIds(db, [campaignId])).get(campaignId);
  }

  /** The plans of these campaigns (read fresh), by id; a missing campaign is absent from the map. */
  async byIds(db: Sql, campaignIds: readonly string[]): Promise<Map<string, CampaignPlan>> {
    if (campaignIds.length === 0) return new Map();
    const { rows } = await db.query<CampaignRow>(`${CAMPAIGN_SELECT} WHERE c.id = ANY($1::uuid[])`, [[...new Set(campaignIds)]]);
    return this.plansOf(db, rows);
  }

  /**
   * The statement byIds runs, with the ids written into it, to share a round trip with other statements;
   * fromRows() makes the plans of its rows. Ids that are not uuids cannot name a campaign and are left out.
   */
  byIdsStatement(campaignIds: readonly string[]): string {
    const ids = [...new Set(campaignIds)].filter(isUuid).map((id) => uuidLiteral('campaign id', id));
    return `${CAMPAIGN_SELECT} WHERE c.id = ANY(${arrayLiteral('uuid', ids)})`;
  }

  /** The plans of the rows byIdsStatement() read. */
  fromRows(db: Sql, rows: readonly object[]): Promise<Map<string, CampaignPlan>> {
    return this.plansOf(db, rows as readonly CampaignRow[]);
  }

  private async plansOf(db: Sql, rows: readonly CampaignRow[]): Promise<Map<string, CampaignPlan>> {
    const plans = new Map<string, CampaignPlan>();
    for (const plan of await this.toPlans(db, rows)) plans.set(plan.id, plan);
    return plans;
  }

  private async toPlans(db: Sql, rows: readonly CampaignRow[]): Promise<CampaignPlan[]> {
    await this.load(db, rows);
    return rows.map((row) => {
      const schedule = row.schedule_id === null ? undefined : this.schedules.get(row.schedule_id);
      return {
        id: row.id,
        tenantId: row.tenant_id,
        state: row.state,
        trunkGroupId: row.trunk_group_id,
        timezone: row.timezone,
        callerIds: row.caller_ids,
        maxConcurrentCalls: row.max_concurrent_calls,
        flowId: row.flow_id ?? '',
        flowVersion: row.flow_version ?? 0,
        schedule: schedule === undefined ? undefined : withHolidays(schedule, row.holidays),
        retryPolicy: row.retry_policy_id === null ? DEFAULT_RETRY_POLICY : (this.policies.get(row.retry_policy_id) ?? DEFAULT_RETRY_POLICY),
      };
    });
  }

  /** Parses the schedules and retry policies not cached yet, one statement for each kind. */
  private async load(db: Sql, rows: readonly CampaignRow[]): Promise<void> {
    const scheduleIds = [...new Set(rows.flatMap((row) => (row.schedule_id === null || this.schedules.has(row.schedule_id) ? [] : [row.schedule_id])))];
    if (scheduleIds.length > 0) {
      const found = await db.query<{ id: string; windows: unknown; holidays: unknown; start_date: string | null; end_date: string | null }>(
        'SELECT id, windows, holidays, start_date, end_date FROM schedules WHERE id = ANY($1::uuid[])',
        [scheduleIds],
      );
      for (const row of found.rows) {
        // The stored form is what packages/policy reads, with null for "no date" where the schema wants absence.
        const schedule = parseSchedule(
          { windows: row.windows, holidays: row.holidays, ...(row.start_date === null ? {} : { startDate: row.start_date }), ...(row.end_date === null ? {} : { endDate: row.end_date }) },
          'schedule',
        );
        this.schedules.set(row.id, schedule);
      }
    }
    const policyIds = [...new Set(rows.flatMap((row) => (row.retry_policy_id === null || this.policies.has(row.retry_policy_id) ? [] : [row.retry_policy_id])))];
    if (policyIds.length > 0) {
      const found = await db.query<{ id: string; max_attempts: number; rules: unknown }>('SELECT id, max_attempts, rules FROM retry_policies WHERE id = ANY($1::uuid[])', [policyIds]);
      for (const row of found.rows) this.policies.set(row.id, parseRetryPolicy({ maxAttemptsTotal: row.max_attempts, rules: row.rules }, 'retry_policy'));
      // A policy row that is gone reads as the default, as before; remember that too.
      for (const id of policyIds) if (!this.policies.has(id)) this.policies.set(id, DEFAULT_RETRY_POLICY);
    }
  }
}
