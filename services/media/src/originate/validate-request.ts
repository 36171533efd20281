// Checks an OriginateRequest field by field before anything reaches FreeSWITCH: every value ends up in a
// dial string or a NATS subject, so a comma, a space or a wildcard in one is refused here, by field name.
import type { FieldViolation } from '@ringpace/errors';
import type { OriginateRequest } from '@ringpace/proto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const E164 = /^\+[1-9]\d{6,14}$/;
/** fs-sim's and sofia's gateway names: letters, digits, `_ . -`. */
const GATEWAY = /^[A-Za-z0-9_.-]{1,64}$/;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** originate_timeout is whole seconds; below 5 s nobody can pick up, above 3 min nobody is ringing. */
export const MIN_RING_TIMEOUT_MS = 5_000;
export const MAX_RING_TIMEOUT_MS = 180_000;
const MAX_CONTACT_FIELDS = 100;
const MAX_CONTACT_VALUE_CHARS = 1_000;

/** Zones already checked: building a DateTimeFormat costs more than the rest of the validation together. */
const zoneChecks = new Map<string, boolean>();
const MAX_ZONE_CHECKS = 1_000;

function validTimeZone(zone: string): boolean {
  const known = zoneChecks.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  // Only real zones are remembered, so garbage in requests cannot fill the map; there are about 600.
  if (valid && zoneChecks.size < MAX_ZONE_CHECKS) zoneChecks.set(zone, true);
  return valid;
}

export function originateViolations(request: OriginateRequest): FieldViolation[] {
  const found: FieldViolation[] = [];
  const uuid = (field: string, value: string) => {
    if (!UUID.test(value)) found.push({ field, message: value === '' ? 'is required' : 'must be a UUID' });
  };
  uuid('attempt_id', request.attemptId);
  uuid('tenant_id', request.tenantId);
  uuid('campaign_id', request.campaignId);
  uuid('contact_id', request.contactId);
  if (!Number.isSafeInteger(request.fencingToken) || request.fencingToken < 1) found.push({ field: 'fencing_token', message: 'must be a positive integer' });
  if (!E164.test(request.destination)) found.push({ field: 'destination', message: 'must be an E.164 number such as +8613800000000' });
  if (!E164.test(request.callerId)) found.push({ field: 'caller_id', message: 'must be an E.164 number such as +8613800000000' });
  if (!GATEWAY.test(request.gateway)) found.push({ field: 'gateway', message: 'must be a gateway name: 1-64 letters, digits, "_", "." or "-"' });
  if (!Number.isInteger(request.ringTimeoutMs) || request.ringTimeoutMs < MIN_RING_TIMEOUT_MS || request.ringTimeoutMs > MAX_RING_TIMEOUT_MS) {
    found.push({ field: 'ring_timeout_ms', message: `must be between ${MIN_RING_TIMEOUT_MS} and ${MAX_RING_TIMEOUT_MS}` });
  }
  uuid('flow_id', request.flowId);
  if (!Number.isInteger(request.flowVersion) || request.flowVersion < 1) found.push({ field: 'flow_version', message: 'must be 1 or more' });
  const fields = Object.entries(request.contactFields);
  if (fields.length > MAX_CONTACT_FIELDS) found.push({ field: 'contact_fields', message: `must have at most ${MAX_CONTACT_FIELDS} fields` });
  for (const [name, value] of fields) {
    if (!FIELD_NAME.test(name)) found.push({ field: `contact_fields.${name}`, message: 'a field name is a letter or "_", then letters, digits or "_"' });
    else if (value.length > MAX_CONTACT_VALUE_CHARS) found.push({ field: `contact_fields.${name}`, message: `must be at most ${MAX_CONTACT_VALUE_CHARS} characters` });
  }
  if (request.timezone !== '' && !validTimeZone(request.timezone)) found.push({ field: 'timezone', message: 'must be an IANA time zone such as Asia/Shanghai' });
  return found;
}

/** One line for the reply's detail: `destination: must be ...; gateway: must be ...`. */
export function describeViolations(violations: readonly FieldViolation[]): string {
  return violations.map((violation) => `${violation.field}: ${violation.message}`).join('; ');
}
