import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF } from './backoff.js';

describe('reconnect backoff', () => {
  it.each([
    [1, 0, 100],
    [2, 0, 200],
    [5, 0, 1_600],
    [8, 0, 10_000],
    [50, 0, 10_000],
    [1, 0.999, 50],
    [8, 0.5, 7_500],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(backoffDelayMs(attempt, DEFAULT_BACKOFF, () => random)).toBe(expected);
  });

  it('jitter spreads a fleet over [50%, 100%] of the exponential delay', () => {
    const delays = Array.from({ length: 1_000 }, () => backoffDelayMs(4, DEFAULT_BACKOFF));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(400);
    expect(Math.max(...delays)).toBeLessThanOrEqual(800);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });

  it('no jitter, no spread', () => {
    expect(backoffDelayMs(3, { ...DEFAULT_BACKOFF, jitter: 0 }, Math.random)).toBe(400);
  });
});
