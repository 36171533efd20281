// The clock a callee lives by, for calling windows and retry times.
import { resolveZone } from '@ringpace/policy';

/** The callee's zone; a contact zone that import should have refused falls back to the number's or the campaign's. */
export function calleeZone(contact: { readonly timezone: string | null; readonly phoneE164: string }, campaignZone: string): string {
  try {
    return resolveZone({ contactZone: contact.timezone, phoneE164: contact.phoneE164, campaignZone }).zone;
  } catch {
    return resolveZone({ phoneE164: contact.phoneE164, campaignZone }).zone;
  }
}
