import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5_000],
    ['1.5s', 1_500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    [' 3 s ', 3_000],
    ['0ms', 0],
  ])('%j is %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each([
    [5, 'must have a unit: write "5s" or "5ms"'],
    ['5', 'is not a duration'],
    ['5 seconds', 'is not a duration'],
    ['-1s', 'is not a duration'],
    ['0.5ms', 'finer than a millisecond'],
    [null, 'must be a duration with a unit'],
  ])('%j is refused: %s', (value, message) => {
    const parsed = parseDuration(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it.each([
    [250, '250ms'],
    [1_500, '1.5s'],
    [60_000, '1m'],
    [90_000, '90s'],
  ])('%i ms shows as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
