// Rows ↔ wire messages for campaigns; the closed sets of the database and of the proto map one to one.
import { CampaignState, DialMode, type Campaign } from '@ringpace/proto';
import type { Campaign as CampaignRow, CampaignState as DbCampaignState, DialMode as DbDialMode, RetryPolicy as RetryPolicyRow, Schedule as ScheduleRow } from '@ringpace/db';
import { retryPolicyFromStored, scheduleFromStored, type StoredRetryPolicy, type StoredSchedule } from './plan-mapping.js';

const stateToProto: Record<DbCampaignState, CampaignState> = {
  draft: CampaignState.DRAFT,
  ready: CampaignState.READY,
  running: CampaignState.RUNNING,
  paused: CampaignState.PAUSED,
  stopped: CampaignState.STOPPED,
  completed: CampaignState.COMPLETED,
};

const dialModeToProto: Record<DbDialMode, DialMode> = {
  notification: DialMode.NOTIFICATION,
  preview: DialMode.PREVIEW,
  progressive: DialMode.PROGRESSIVE,
  power: DialMode.POWER,
  predictive: DialMode.PREDICTIVE,
};

function invert<K extends string, V extends string>(record: Record<K, V>): Map<V, K> {
  return new Map(Object.entries(record).map(([key, value]) => [value as V, key as K]));
}

const stateFromProto = invert(stateToProto);
const dialModeFromProto = invert(dialModeToProto);

export function dbState(state: CampaignState): DbCampaignState {
  const mapped = stateFromProto.get(state);
  if (mapped === undefined) throw new RangeError(`no database state for ${state}`);
  return mapped;
}

export function dbDialMode(mode: DialMode): DbDialMode {
  const mapped = dialModeFromProto.get(mode);
  if (mapped === undefined) throw new RangeError(`no database dial mode for ${mode}`);
  return mapped;
}

export interface CampaignRowWithPlan extends CampaignRow {
  readonly flowVersion: { readonly flowId: string; readonly version: number } | null;
  readonly schedule: ScheduleRow | null;
  readonly retryPolicy: RetryPolicyRow | null;
}

/** The relations campaignToProto needs, for `include`. */
export const campaignPlanInclude = {
  flowVersion: { select: { flowId: true, version: true } },
  schedule: true,
  retryPolicy: true,
} as const;

export function storedScheduleOf(row: ScheduleRow): StoredSchedule {
  return {
    windows: row.windows as unknown as StoredSchedule['windows'],
    holidays: row.holidays as unknown as StoredSchedule['holidays'],
    startDate: row.startDate,
    endDate: row.endDate,
  };
}

export function storedRetryPolicyOf(row: RetryPolicyRow): StoredRetryPolicy {
  return { maxAttemptsTotal: row.maxAttempts, rules: row.rules as unknown as StoredRetryPolicy['rules'] };
}

export function campaignToProto(row: CampaignRowWithPlan): Campaign {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    description: row.description,
    state: stateToProto[row.state],
    defaultRegion: row.defaultRegion,
    timezone: row.timezone,
    callerIds: row.callerIds,
    dialMode: dialModeToProto[row.dialMode],
    maxConcurrentCalls: row.maxConcurrentCalls,
    flowId: row.flowVersion?.flowId ?? '',
    flowVersion: row.flowVersion?.version ?? 0,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    schedule: row.schedule === null ? undefined : scheduleFromStored(storedScheduleOf(row.schedule)),
    retryPolicy: row.retryPolicy === null ? undefined : retryPolicyFromStored(storedRetryPolicyOf(row.retryPolicy)),
    excludedNumberTypes: row.excludedNumberTypes,
    trunkGroupId: row.trunkGroupId ?? '',
  };
}
