// Rows ↔ wire messages for campaigns; the closed sets of the database and of the proto map one to one.
import { CampaignState, DialMode, type Campaign } from '@ringpace/proto';
import type { Campaign as CampaignRow, CampaignState as DbCampaignState, DialMode as DbDialMode } from '@ringpace/db';

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

export interface CampaignRowWithFlow extends CampaignRow {
  readonly flowVersion: { readonly flowId: string; readonly version: number } | null;
}

export function campaignToProto(row: CampaignRowWithFlow): Campaign {
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
  };
}
