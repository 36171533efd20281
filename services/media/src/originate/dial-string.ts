// The `bgapi originate` of the dialing contract: channel variables that tie the channel to its attempt
// (read back by reconciliation), the caller id, the ring timeout, trace context, then park for ESL control.
import type { OriginateRequest } from '@ringpace/proto';

/**
 * The api command after `bgapi `. Every value was checked by originateViolations(), so none holds a comma,
 * a brace or a space; traceparent is W3C hex and dashes.
 */
export function originateCommand(request: OriginateRequest, traceparent: string): string {
  const variables: [string, string][] = [
    ['origination_uuid', request.attemptId],
    ['ringpace_attempt_id', request.attemptId],
    ['ringpace_tenant_id', request.tenantId],
    ['ringpace_campaign_id', request.campaignId],
    ['ringpace_contact_id', request.contactId],
    ['ringpace_fencing_token', String(request.fencingToken)],
    ['origination_caller_id_number', request.callerId],
    ['originate_timeout', String(Math.ceil(request.ringTimeoutMs / 1000))],
  ];
  if (/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/.test(traceparent)) variables.push(['traceparent', traceparent]);
  const vars = variables.map(([name, value]) => `${name}=${value}`).join(',');
  return `originate {${vars}}sofia/gateway/${request.gateway}/${request.destination} &park()`;
}

/** The attempt a BACKGROUND_JOB of an originate belongs to, from its echoed `Job-Command-Arg`. */
export function attemptOfOriginateArg(arg: string | undefined): string | undefined {
  if (arg === undefined) return undefined;
  return /[{,]origination_uuid=([^,}\s]+)/.exec(arg)?.[1];
}
