import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

const T0 = 1_000_000;

describe('TokenBucket', () => {
  it('cps budget › a full bucket holds one second of calls', () => {
    const bucket = new TokenBucket(5, T0);
    expect(bucket.take(10, T0)).toBe(5);
    expect(bucket.take(1, T0)).toBe(0);
  });

  it('cps budget › refills at the rate, in whole calls', () => {
    const bucket = new TokenBucket(5, T0);
    bucket.take(5, T0);
    expect(bucket.available(T0 + 199)).toBe(0);
    expect(bucket.available(T0 + 200)).toBe(1);
    expect(bucket.take(10, T0 + 1_000)).toBe(5);
  });

  it('cps budget › never saves up more than one second', () => {
    const bucket = new TokenBucket(3, T0);
    expect(bucket.available(T0 + 60_000)).toBe(3);
  });

  it('cps budget › tokens given back are available again, up to the cap', () => {
    const bucket = new TokenBucket(2, T0);
    bucket.take(2, T0);
    bucket.giveBack(1);
    expect(bucket.available(T0)).toBe(1);
    bucket.giveBack(10);
    expect(bucket.available(T0)).toBe(2);
  });

  it('cps budget › a fractional rate places one call every few seconds', () => {
    const bucket = new TokenBucket(0.5, T0);
    expect(bucket.take(1, T0)).toBe(1);
    expect(bucket.take(1, T0 + 1_999)).toBe(0);
    expect(bucket.take(1, T0 + 2_000)).toBe(1);
  });
});
