// campaign.yaml: the file `campaigns create -f` and `campaigns update -f` read, mapped onto
// CreateCampaignRequest / UpdateCampaignRequest. Keys are the proto field names (snake_case), so a server
// violation such as "retry_policy.busy.delay_minutes" names the same key the file wrote.
import { Campaign, CreateCampaignRequest, DialMode, type UpdateCampaignRequest } from '@ringpace/proto';
import { enumChoices, parseEnumLabel } from './enum-names.js';
import { readRetryPolicy, readSchedule, scheduleFilePath, type DayOrigin } from './plan-file.js';
import { ShapeReader } from './shape.js';
import type { YamlSource } from './yaml-source.js';

const createKeys = [
  'request_id',
  'name',
  'description',
  'default_region',
  'timezone',
  'caller_ids',
  'dial_mode',
  'max_concurrent_calls',
  'flow_id',
  'flow_version',
  'schedule',
  'retry_policy',
  'excluded_number_types',
  'trunk_group',
] as const;

/** What UpdateCampaign may change (its update_mask paths); the rest is fixed at creation. */
export const updatableKeys = ['name', 'description', 'caller_ids', 'max_concurrent_calls', 'flow_id', 'flow_version', 'schedule', 'retry_policy', 'excluded_number_types', 'trunk_group'] as const;

/** The file writes `trunk_group` (an id or a name); the request carries the resolved trunk_group_id. */
const maskPathOf = (key: string): string => (key === 'trunk_group' ? 'trunk_group_id' : key);

interface CampaignFields {
  readonly request: CreateCampaignRequest;
  readonly origin: DayOrigin;
  /** `trunk_group` as written: an id or a name, resolved by the command (it needs the server). */
  readonly trunkGroup: string | undefined;
}

function readFields(reader: ShapeReader, value: unknown): CampaignFields {
  const request = CreateCampaignRequest.fromPartial({});
  let origin: DayOrigin = {};
  if (value === null || value === undefined) return { request, origin, trunkGroup: undefined };
  const map = reader.map(value, [], createKeys);
  if (map === undefined) return { request, origin, trunkGroup: undefined };
  request.requestId = reader.string(map.request_id, ['request_id']) ?? '';
  request.name = reader.string(map.name, ['name']) ?? '';
  request.description = reader.string(map.description, ['description']) ?? '';
  request.defaultRegion = reader.string(map.default_region, ['default_region']) ?? '';
  request.timezone = reader.string(map.timezone, ['timezone']) ?? '';
  request.callerIds = reader.strings(map.caller_ids, ['caller_ids'], (item, path) => reader.phone(item, path)) ?? [];
  const dialMode = reader.string(map.dial_mode, ['dial_mode']);
  if (dialMode !== undefined) {
    const parsed = parseEnumLabel(dialMode, DialMode, 'DIAL_MODE_');
    if (parsed === undefined) reader.problem(['dial_mode'], `"${dialMode}" is not one of ${[...enumChoices(DialMode, 'DIAL_MODE_').keys()].join(', ')}`);
    else request.dialMode = parsed;
  }
  request.maxConcurrentCalls = reader.uint(map.max_concurrent_calls, ['max_concurrent_calls']) ?? 0;
  request.flowId = reader.string(map.flow_id, ['flow_id']) ?? '';
  request.flowVersion = reader.uint(map.flow_version, ['flow_version']) ?? 0;
  const schedule = readSchedule(reader, map.schedule, ['schedule']);
  if (schedule !== undefined) {
    request.schedule = schedule.schedule;
    origin = schedule.origin;
  }
  request.retryPolicy = readRetryPolicy(reader, map.retry_policy, ['retry_policy']);
  request.excludedNumberTypes = (reader.strings(map.excluded_number_types, ['excluded_number_types']) ?? []).map((type) => type.trim().toUpperCase());
  // Empty (or null) names no group: nothing at creation, a cleared group in an update.
  const trunkGroup = reader.string(map.trunk_group, ['trunk_group'])?.trim();
  return { request, origin, trunkGroup };
}

/** Places a server field path of a create or update request in the file. */
function filePath(origin: DayOrigin) {
  return (field: string) => scheduleFilePath(field.replace(/^campaign\./, '').replace(/^trunk_group_id$/, 'trunk_group'), origin);
}

export interface CampaignCreate {
  readonly request: CreateCampaignRequest;
  /** The trunk group as the file names it (id or name); undefined when the file names none. */
  readonly trunkGroup: string | undefined;
  /** The server's field path → this file's path, for placing its violations on lines. */
  readonly toFilePath: (field: string) => string;
}

/** campaign.yaml → CreateCampaignRequest; every shape problem is thrown at once, with its line. */
export function readCampaignCreate(source: YamlSource, requestId: string): CampaignCreate {
  const reader = new ShapeReader();
  const { request, origin, trunkGroup } = readFields(reader, source.value);
  if (reader.problems.length > 0) throw source.fail(reader.problems);
  if (request.requestId === '') request.requestId = requestId;
  return { request, trunkGroup, toFilePath: filePath(origin) };
}

export interface CampaignUpdate {
  readonly request: UpdateCampaignRequest;
  /** The trunk group as the file names it; "" clears it; undefined when the file does not write the key. */
  readonly trunkGroup: string | undefined;
  readonly toFilePath: (field: string) => string;
}

/** campaign.yaml → UpdateCampaignRequest whose update_mask names exactly the keys the file writes. */
export function readCampaignUpdate(source: YamlSource, id: string): CampaignUpdate {
  const reader = new ShapeReader();
  const { request, origin, trunkGroup } = readFields(reader, source.value);
  const written = source.value !== null && typeof source.value === 'object' && !Array.isArray(source.value) ? Object.keys(source.value) : [];
  const mask: string[] = [];
  for (const key of written) {
    if ((updatableKeys as readonly string[]).includes(key)) mask.push(maskPathOf(key));
    else if ((createKeys as readonly string[]).includes(key)) reader.problem([key], `cannot be changed after creation (updatable: ${updatableKeys.join(', ')})`);
  }
  if (reader.problems.length === 0 && mask.length === 0) reader.problem([], `names no field to change (updatable: ${updatableKeys.join(', ')})`);
  if (reader.problems.length > 0) throw source.fail(reader.problems);
  const campaign = Campaign.fromPartial({
    id,
    name: request.name,
    description: request.description,
    callerIds: request.callerIds,
    maxConcurrentCalls: request.maxConcurrentCalls,
    flowId: request.flowId,
    flowVersion: request.flowVersion,
    schedule: request.schedule,
    retryPolicy: request.retryPolicy,
    excludedNumberTypes: request.excludedNumberTypes,
  });
  return { request: { campaign, updateMask: mask }, trunkGroup, toFilePath: filePath(origin) };
}
