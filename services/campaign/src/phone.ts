// Phone numbers as the campaign service accepts them: E.164, or national numbers read with a region.
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type ParsedPhone = { readonly ok: true; readonly e164: string } | { readonly ok: false; readonly message: string };

export function parseRegion(region: string): CountryCode | undefined {
  const upper = region.trim().toUpperCase();
  return upper !== '' && isSupportedCountry(upper) ? upper : undefined;
}

export function normalisePhone(raw: string, region: CountryCode | undefined): ParsedPhone {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'is empty' };
  if (!text.startsWith('+') && region === undefined) return { ok: false, message: 'has no country code and no default_region was given' };
  const parsed = parsePhoneNumberFromString(text, region);
  if (parsed === undefined || !parsed.isPossible()) return { ok: false, message: 'is not a phone number' };
  return { ok: true, e164: parsed.number };
}
