import { ValidationError } from '@ringpace/errors';
import { describe, expect, it } from 'vitest';
import { SINGLE_ZONE_COUNTRIES } from './country-zones.js';
import { zoneOfAreaCode } from './nanp-zones.js';
import { resolveZone } from './resolve-zone.js';
import { isValidZone } from './wall-time.js';

const campaignZone = 'Asia/Shanghai';

describe('resolveZone', () => {
  it.each([
    ['the contact zone wins over the number', 'Europe/Paris', '+8613800138000', { zone: 'Europe/Paris', source: 'contact' }],
    ['an empty contact zone counts as unknown', '', '+8613800138000', { zone: 'Asia/Shanghai', source: 'number' }],
    ['a null contact zone counts as unknown', null, '+442079460000', { zone: 'Europe/London', source: 'number' }],
    ['China has one clock', undefined, '+8613800138000', { zone: 'Asia/Shanghai', source: 'number' }],
    ['the United Kingdom has one clock', undefined, '+442079460000', { zone: 'Europe/London', source: 'number' }],
    ['France has one clock', undefined, '+33142685300', { zone: 'Europe/Paris', source: 'number' }],
    ['Germany has one clock', undefined, '+4930901820', { zone: 'Europe/Berlin', source: 'number' }],
    ['Japan has one clock', undefined, '+81312345678', { zone: 'Asia/Tokyo', source: 'number' }],
    ['India has one clock', undefined, '+919876543210', { zone: 'Asia/Kolkata', source: 'number' }],
    ['a US area code with one clock (212, New York)', undefined, '+12125550123', { zone: 'America/New_York', source: 'number' }],
    ['a US area code with one clock (415, San Francisco)', undefined, '+14155550123', { zone: 'America/Los_Angeles', source: 'number' }],
    ['Arizona keeps standard time (602)', undefined, '+16025550123', { zone: 'America/Phoenix', source: 'number' }],
    ['a Canadian area code (416, Toronto)', undefined, '+14165550123', { zone: 'America/Toronto', source: 'number' }],
    ['a US area code split between zones (850) takes the campaign zone', undefined, '+18505550123', { zone: campaignZone, source: 'campaign' }],
    ['Puerto Rico is its own region of +1', undefined, '+17875550123', { zone: 'America/Puerto_Rico', source: 'number' }],
    ['Russia has many clocks', undefined, '+74951234567', { zone: campaignZone, source: 'campaign' }],
    ['Australia has many clocks', undefined, '+61212345678', { zone: campaignZone, source: 'campaign' }],
    ['Brazil has many clocks', undefined, '+5511912345678', { zone: campaignZone, source: 'campaign' }],
    ['Mexico has many clocks', undefined, '+525512345678', { zone: campaignZone, source: 'campaign' }],
    ['Indonesia has many clocks', undefined, '+62215551234', { zone: campaignZone, source: 'campaign' }],
    ['a number without a country code', undefined, '13800138000', { zone: campaignZone, source: 'campaign' }],
    ['a non-geographic number (+800)', undefined, '+80012345678', { zone: campaignZone, source: 'campaign' }],
    ['garbage', undefined, 'not a number', { zone: campaignZone, source: 'campaign' }],
  ])('resolveZone › %s', (_case, contactZone, phoneE164, expected) => {
    expect(resolveZone({ contactZone, phoneE164, campaignZone })).toEqual(expected);
  });

  it.each([
    ['contactZone', { contactZone: 'Mars/Base', phoneE164: '+8613800138000', campaignZone }],
    ['campaignZone', { phoneE164: '+8613800138000', campaignZone: 'Beijing' }],
  ])('resolveZone › an unknown %s throws ValidationError naming it', (field, inputs) => {
    expect(() => resolveZone(inputs)).toThrow(ValidationError);
    expect(() => resolveZone(inputs)).toThrow(field);
  });

  it('country table › every zone is one Intl knows', () => {
    const bad = Object.entries(SINGLE_ZONE_COUNTRIES).filter(([, zone]) => zone === undefined || !isValidZone(zone));
    expect(bad).toEqual([]);
  });

  it('area code table › every zone is one Intl knows', () => {
    const zones = new Set<string>();
    for (let code = 200; code <= 999; code += 1) {
      const zone = zoneOfAreaCode(String(code));
      if (zone !== undefined) zones.add(zone);
    }
    expect(zones.size).toBeGreaterThan(10);
    expect([...zones].filter((zone) => !isValidZone(zone))).toEqual([]);
  });

  it.each([
    ['212', 'America/New_York'],
    ['312', 'America/Chicago'],
    ['303', 'America/Denver'],
    ['808', 'Pacific/Honolulu'],
    ['306', 'America/Regina'],
    ['604', 'America/Vancouver'],
    ['907', undefined],
    ['928', undefined],
    ['000', undefined],
  ])('area code table › %s is %s', (areaCode, zone) => {
    expect(zoneOfAreaCode(areaCode)).toBe(zone);
  });
});
