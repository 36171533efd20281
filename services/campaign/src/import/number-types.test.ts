import { describe, expect, it } from 'vitest';
import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { NumberTypes } from './number-types.js';

const types = new NumberTypes();

function typeOf(raw: string, region: CountryCode) {
  const number = parsePhoneNumberFromString(raw, region);
  return number === undefined ? 'unparsed' : types.typeOf(number);
}

/** A small deterministic generator (mulberry32), so a failure names a number that fails again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('number types', () => {
  it.each<[string, CountryCode, string | undefined]>([
    ['13812345678', 'CN', 'MOBILE'],
    ['010 6552 9988', 'CN', 'FIXED_LINE'],
    ['400 810 8888', 'CN', 'SHARED_COST'],
    ['800 810 8888', 'CN', 'TOLL_FREE'],
    ['1381234567', 'CN', undefined],
    ['+1 900 555 0100', 'CN', 'PREMIUM_RATE'],
    ['+1 800 555 0100', 'CN', 'TOLL_FREE'],
    ['+1 212 555 0100', 'CN', 'FIXED_LINE_OR_MOBILE'],
    ['07911 123456', 'GB', 'MOBILE'],
    ['020 7946 0018', 'GB', 'FIXED_LINE'],
    ['09098 790123', 'GB', 'PREMIUM_RATE'],
    ['076 0012 3456', 'GB', 'PAGER'],
    ['0300 123 4567', 'GB', 'UAN'],
    ['070 1234 5678', 'GB', 'PERSONAL_NUMBER'],
    ['056 1234 5678', 'GB', 'VOIP'],
    ['+800 1234 5678', 'CN', 'TOLL_FREE'],
  ])('numberTypes › %s read in %s is %s, as getType() says', (raw, region, expected) => {
    expect(typeOf(raw, region)).toBe(expected);
    expect(parsePhoneNumberFromString(raw, region)?.getType()).toBe(expected);
  });

  it("numberTypes › agrees with getType() on random numbers of every region's plan", () => {
    const next = random(20261125);
    const disagreements: string[] = [];
    let typed = 0;
    for (const region of getCountries()) {
      for (let i = 0; i < 150; i += 1) {
        // 5 to 13 national digits, leading digits spread over the plan's ranges.
        const length = 5 + Math.floor(next() * 9);
        let digits = '';
        for (let k = 0; k < length; k += 1) digits += Math.floor(next() * 10).toString();
        const number = parsePhoneNumberFromString(digits, region);
        if (number === undefined) continue;
        const ours = types.typeOf(number);
        if (ours !== undefined) typed += 1;
        if (ours !== number.getType()) disagreements.push(`${region} ${digits}: ${String(ours)} vs ${String(number.getType())}`);
      }
    }
    expect(disagreements).toEqual([]);
    // The sample must reach valid numbers too, or agreeing would only show that both refuse noise.
    expect(typed).toBeGreaterThan(1_000);
  });
});
