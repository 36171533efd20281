// Request validation for campaigns: every problem is reported at once, named by its proto field.
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import { ValidationError, type FieldViolation } from '@ringpace/errors';
import { CampaignState, DialMode, type CreateCampaignRequest, type ListCampaignsRequest, type RetryPolicy, type Schedule } from '@ringpace/proto';
import { validateExcludedTypes, validateRetryPolicy, validateSchedule } from './plan-validate.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
const MAX_CALLER_IDS = 100;
const MAX_CONCURRENT_CALLS = 100_000;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

// Building an Intl.DateTimeFormat per call showed up in CreateCampaign profiles; zone names are few.
const knownZones = new Map<string, boolean>();

export function isTimeZone(value: string): boolean {
  if (value === '' || value.length > 64) return false;
  const known = knownZones.get(value);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    valid = true;
  } catch {
    valid = false;
  }
  if (knownZones.size < 10_000) knownZones.set(value, valid);
  return valid;
}

export interface ValidCreateCampaign {
  readonly requestId: string | undefined;
  readonly name: string;
  readonly description: string;
  readonly defaultRegion: string;
  readonly timezone: string;
  readonly callerIds: string[];
  readonly dialMode: DialMode;
  readonly maxConcurrentCalls: number;
  readonly flowId: string | undefined;
  readonly flowVersion: number;
  readonly schedule: Schedule | undefined;
  readonly retryPolicy: RetryPolicy | undefined;
  readonly excludedNumberTypes: string[];
  readonly trunkGroupId: string | undefined;
}

const knownDialModes = new Set<string>(Object.values(DialMode).filter((mode) => mode !== DialMode.UNSPECIFIED && mode !== DialMode.UNRECOGNIZED));

export function validateCreateCampaign(request: CreateCampaignRequest): ValidCreateCampaign {
  const problems: FieldViolation[] = [];
  const name = request.name.trim();
  if (name === '') problems.push({ field: 'name', message: 'is required' });
  else if (name.length > 200) problems.push({ field: 'name', message: 'must be at most 200 characters' });
  if (request.description.length > 2_000) problems.push({ field: 'description', message: 'must be at most 2000 characters' });
  if (request.requestId.length > 128) problems.push({ field: 'request_id', message: 'must be at most 128 characters' });
  const defaultRegion = request.defaultRegion.trim().toUpperCase();
  if (defaultRegion === '') problems.push({ field: 'default_region', message: 'is required (ISO 3166-1 alpha-2, e.g. "CN")' });
  else if (!isSupportedCountry(defaultRegion)) problems.push({ field: 'default_region', message: `"${request.defaultRegion}" is not a supported ISO 3166-1 alpha-2 region` });
  if (request.timezone === '') problems.push({ field: 'timezone', message: 'is required (IANA zone, e.g. "Asia/Shanghai")' });
  else if (!isTimeZone(request.timezone)) problems.push({ field: 'timezone', message: `"${request.timezone}" is not an IANA time zone` });
  if (request.callerIds.length > MAX_CALLER_IDS) problems.push({ field: 'caller_ids', message: `must hold at most ${MAX_CALLER_IDS} numbers` });
  const callerIds: string[] = [];
  request.callerIds.forEach((callerId, index) => {
    const parsed = callerId.startsWith('+') ? parsePhoneNumberFromString(callerId) : undefined;
    if (parsed?.isValid() === true) callerIds.push(parsed.number);
    else problems.push({ field: `caller_ids[${index}]`, message: 'must be a valid E.164 number such as +8610xxxxxxxx' });
  });
  let dialMode: DialMode = request.dialMode;
  if (dialMode === DialMode.UNSPECIFIED) dialMode = DialMode.NOTIFICATION;
  else if (!knownDialModes.has(dialMode)) problems.push({ field: 'dial_mode', message: 'is not a known dial mode' });
  if (request.maxConcurrentCalls > MAX_CONCURRENT_CALLS) problems.push({ field: 'max_concurrent_calls', message: `must be at most ${MAX_CONCURRENT_CALLS}` });
  if (request.flowId !== '' && !isUuid(request.flowId)) problems.push({ field: 'flow_id', message: 'must be a UUID' });
  if (request.flowId === '' && request.flowVersion !== 0) problems.push({ field: 'flow_version', message: 'needs flow_id' });
  if (request.schedule !== undefined) problems.push(...validateSchedule(request.schedule, 'schedule'));
  if (request.retryPolicy !== undefined) problems.push(...validateRetryPolicy(request.retryPolicy, 'retry_policy'));
  problems.push(...validateExcludedTypes(request.excludedNumberTypes, 'excluded_number_types'));
  if (request.trunkGroupId !== '' && !isUuid(request.trunkGroupId)) problems.push({ field: 'trunk_group_id', message: 'must be a UUID' });
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    requestId: request.requestId === '' ? undefined : request.requestId,
    name,
    description: request.description,
    defaultRegion,
    timezone: request.timezone,
    callerIds,
    dialMode,
    maxConcurrentCalls: request.maxConcurrentCalls,
    flowId: request.flowId === '' ? undefined : request.flowId,
    flowVersion: request.flowVersion,
    schedule: request.schedule,
    retryPolicy: request.retryPolicy,
    excludedNumberTypes: [...new Set(request.excludedNumberTypes)],
    trunkGroupId: request.trunkGroupId === '' ? undefined : request.trunkGroupId.toLowerCase(),
  };
}

export function validateCampaignId(id: string, field = 'id'): string {
  if (!isUuid(id)) throw new ValidationError([{ field, message: id === '' ? 'is required' : 'must be a UUID' }]);
  return id.toLowerCase();
}

export interface ValidListCampaigns {
  readonly pageSize: number;
  readonly pageToken: string;
  readonly state: CampaignState | undefined;
}

const knownStates = new Set<string>(Object.values(CampaignState).filter((state) => state !== CampaignState.UNRECOGNIZED));

export function validateListCampaigns(request: ListCampaignsRequest): ValidListCampaigns {
  const problems: FieldViolation[] = [];
  if (request.pageSize < 0) problems.push({ field: 'page_size', message: 'must not be negative' });
  if (request.pageSize > MAX_PAGE_SIZE) problems.push({ field: 'page_size', message: `must be at most ${MAX_PAGE_SIZE}` });
  if (!knownStates.has(request.state)) problems.push({ field: 'state', message: 'is not a known campaign state' });
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    pageSize: request.pageSize === 0 ? DEFAULT_PAGE_SIZE : request.pageSize,
    pageToken: request.pageToken,
    state: request.state === CampaignState.UNSPECIFIED ? undefined : request.state,
  };
}
