// Request validation for trunk groups: every problem is reported at once, named by its proto field.
// Node ids become NATS subject tokens (`<ns>.media.<node>.originate`), so they may not hold a ".".
import { ValidationError, type FieldViolation } from '@ringpace/errors';
import { CallerIdMode, type CreateTrunkGroupRequest } from '@ringpace/proto';
import { isUuid } from '../campaigns/validate.js';

export const MAX_TRUNKS_PER_GROUP = 1_000;
export const MAX_CHANNELS = 100_000;
export const MAX_CALLS_PER_SECOND = 10_000;
const MAX_NAME_LENGTH = 200;
const NODE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const GATEWAY_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export interface ValidTrunk {
  readonly nodeId: string;
  readonly gateway: string;
  readonly channels: number;
  readonly callsPerSecond: number;
}

export interface ValidCreateTrunkGroup {
  readonly tenantId: string;
  readonly name: string;
  readonly callerIdMode: CallerIdMode.ROTATE | CallerIdMode.REGION;
  readonly trunks: readonly ValidTrunk[];
}

function callerIdModeOf(mode: CallerIdMode, problems: FieldViolation[]): CallerIdMode.ROTATE | CallerIdMode.REGION {
  switch (mode) {
    case CallerIdMode.UNSPECIFIED:
    case CallerIdMode.ROTATE:
      return CallerIdMode.ROTATE;
    case CallerIdMode.REGION:
      return CallerIdMode.REGION;
    case CallerIdMode.UNRECOGNIZED:
      problems.push({ field: 'caller_id_mode', message: 'is not a known caller ID mode (ROTATE or REGION)' });
      return CallerIdMode.ROTATE;
  }
}

function inRange(value: number, max: number, field: string, problems: FieldViolation[]): void {
  if (!Number.isInteger(value) || value < 1 || value > max) problems.push({ field, message: `must be between 1 and ${max}` });
}

export function validateCreateTrunkGroup(request: CreateTrunkGroupRequest): ValidCreateTrunkGroup {
  const problems: FieldViolation[] = [];
  if (!isUuid(request.tenantId)) problems.push({ field: 'tenant_id', message: request.tenantId === '' ? 'is required' : 'must be a UUID' });
  const name = request.name.trim();
  if (name === '') problems.push({ field: 'name', message: 'is required' });
  else if (name.length > MAX_NAME_LENGTH) problems.push({ field: 'name', message: `must be at most ${MAX_NAME_LENGTH} characters` });
  const callerIdMode = callerIdModeOf(request.callerIdMode, problems);
  if (request.trunks.length === 0) problems.push({ field: 'trunks', message: 'needs at least one trunk' });
  if (request.trunks.length > MAX_TRUNKS_PER_GROUP) problems.push({ field: 'trunks', message: `must hold at most ${MAX_TRUNKS_PER_GROUP} trunks` });
  const seen = new Map<string, number>();
  const trunks = request.trunks.map((trunk, index): ValidTrunk => {
    const at = `trunks[${index}]`;
    const nodeId = trunk.nodeId.trim();
    const gateway = trunk.gateway.trim();
    if (nodeId === '') problems.push({ field: `${at}.node_id`, message: 'is required' });
    else if (!NODE_ID_PATTERN.test(nodeId)) problems.push({ field: `${at}.node_id`, message: 'must be 1-64 letters, digits, "_" or "-"' });
    if (gateway === '') problems.push({ field: `${at}.gateway`, message: 'is required' });
    else if (!GATEWAY_PATTERN.test(gateway)) problems.push({ field: `${at}.gateway`, message: 'must be 1-64 letters, digits, "_", "." or "-"' });
    inRange(trunk.channels, MAX_CHANNELS, `${at}.channels`, problems);
    inRange(trunk.callsPerSecond, MAX_CALLS_PER_SECOND, `${at}.calls_per_second`, problems);
    const key = `${nodeId}\u0000${gateway}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push({ field: at, message: `repeats trunks[${earlier}] (gateway "${gateway}" on node "${nodeId}")` });
    else seen.set(key, index);
    return { nodeId, gateway, channels: trunk.channels, callsPerSecond: trunk.callsPerSecond };
  });
  if (problems.length > 0) throw new ValidationError(problems);
  return { tenantId: request.tenantId.toLowerCase(), name, callerIdMode, trunks };
}

export function validateId(id: string, field: string): string {
  if (!isUuid(id)) throw new ValidationError([{ field, message: id === '' ? 'is required' : 'must be a UUID' }]);
  return id.toLowerCase();
}
