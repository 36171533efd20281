// Which clock a callee lives by: the contact's own zone, else the one its number implies, else the
// campaign's. Calling windows are then read on that clock.
import { ValidationError } from '@ringpace/errors';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { SINGLE_ZONE_COUNTRIES } from './country-zones.js';
import { zoneOfAreaCode } from './nanp-zones.js';
import { isValidZone } from './wall-time.js';

export const ZoneSource = { Contact: 'contact', Number: 'number', Campaign: 'campaign' } as const;
export type ZoneSource = (typeof ZoneSource)[keyof typeof ZoneSource];

export interface ResolvedZone {
  readonly zone: string;
  readonly source: ZoneSource;
}

export interface ZoneInputs {
  /** The contact's own IANA zone, from the import or the API; empty means unknown. */
  readonly contactZone?: string | null | undefined;
  readonly phoneE164: string;
  readonly campaignZone: string;
}

/**
 * Picks the callee's zone. A number gives a zone only when its country keeps one clock (see
 * country-zones.ts) or, in the US and Canada, when its area code does (see nanp-zones.ts); every other
 * number, and anything libphonenumber cannot place, takes the campaign's zone. A zone name Intl does not
 * know throws ValidationError: import should have refused it.
 */
export function resolveZone({ contactZone, phoneE164, campaignZone }: ZoneInputs): ResolvedZone {
  if (!isValidZone(campaignZone)) {
    throw new ValidationError([{ field: 'campaignZone', message: `unknown IANA time zone "${campaignZone}"` }]);
  }
  if (contactZone !== undefined && contactZone !== null && contactZone !== '') {
    if (!isValidZone(contactZone)) {
      throw new ValidationError([{ field: 'contactZone', message: `unknown IANA time zone "${contactZone}"` }]);
    }
    return { zone: contactZone, source: 'contact' };
  }
  const fromNumber = zoneOfNumber(phoneE164);
  if (fromNumber !== undefined) return { zone: fromNumber, source: 'number' };
  return { zone: campaignZone, source: 'campaign' };
}

/** The zone an E.164 number implies on its own, or undefined when its country or area keeps several. */
export function zoneOfNumber(phoneE164: string): string | undefined {
  const parsed = parsePhoneNumberFromString(phoneE164);
  const country = parsed?.country;
  if (parsed === undefined || country === undefined) return undefined;
  const zone =
    country === 'US' || country === 'CA' ? zoneOfAreaCode(parsed.nationalNumber.slice(0, 3)) : SINGLE_ZONE_COUNTRIES[country];
  return zone !== undefined && isValidZone(zone) ? zone : undefined;
}
