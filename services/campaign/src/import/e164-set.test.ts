import { describe, expect, it } from 'vitest';
import { E164Set } from './e164-set.js';

describe('E.164 set', () => {
  it('remembers the line a number was first seen on, through many resizes', () => {
    const set = new E164Set();
    const count = 200_000;
    let seenBefore = 0;
    for (let i = 0; i < count; i += 1) if (set.addIfAbsent(`+86138${String(i).padStart(8, '0')}`, i + 2) !== 0) seenBefore += 1;
    expect(seenBefore).toBe(0);
    expect(set.size).toBe(count);
    for (const i of [0, 1, 4_095, 123_456, count - 1]) expect(set.addIfAbsent(`+86138${String(i).padStart(8, '0')}`, 999_999)).toBe(i + 2);
    expect(set.size).toBe(count);
  });

  it('tells apart numbers that differ only in length or country code', () => {
    const set = new E164Set();
    expect(set.addIfAbsent('+861381234567', 1)).toBe(0);
    expect(set.addIfAbsent('+8613812345670', 2)).toBe(0);
    expect(set.addIfAbsent('+18613812345', 3)).toBe(0);
    expect(set.addIfAbsent('+999999999999999', 4)).toBe(0);
    expect(set.addIfAbsent('+861381234567', 5)).toBe(1);
  });
});
