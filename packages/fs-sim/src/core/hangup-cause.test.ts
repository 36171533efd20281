import { describe, expect, it } from 'vitest';
import { causeName, causeQ850, str2cause } from './hangup-cause.js';

describe('hangup causes › switch_channel_str2cause / cause2str / cause_q850', () => {
  it.each([
    ['user_busy', 17],
    ['USER_BUSY', 17],
    ['NO_ANSWER', 19],
    ['17', 17],
    ['999', 999],
    ['nonsense', 16],
    ['', 16],
    [undefined, 16],
  ])('str2cause(%j) is %i', (text, number) => {
    expect(str2cause(text)).toBe(number);
  });

  it.each([
    [17, 'USER_BUSY'],
    [808, 'INVALID_GATEWAY'],
    [999, 'UNKNOWN'],
  ])('cause %i is named %s', (number, name) => {
    expect(causeName(number)).toBe(name);
  });

  it.each([
    [17, 17],
    [127, 127],
    [487, 16],
    [808, 16],
  ])('cause %i reports Q.850 %i', (cause, q850) => {
    expect(causeQ850(cause)).toBe(q850);
  });
});
