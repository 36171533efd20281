import { ValidationError } from '@ringpace/errors';
import { describe, expect, it } from 'vitest';
import { ATTEMPT_OUTCOMES, isAttemptOutcome, ruleOf } from './attempt-outcome.js';
import { DEFAULT_RETRY_POLICY, parseRetryPolicy, validateRetryPolicy } from './retry-policy.js';

describe('retry policy', () => {
  it('parseRetryPolicy › an empty policy is the default policy', () => {
    expect(parseRetryPolicy({})).toEqual(DEFAULT_RETRY_POLICY);
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxAttemptsTotal: 3,
      backoffMultiplier: 1,
      rules: {
        busy: { retry: true, delayMinutes: 10 },
        no_answer: { retry: true, delayMinutes: 30 },
        network_failure: { retry: true, delayMinutes: 5 },
        rejected: { retry: true, delayMinutes: 60 },
        machine: { retry: true, delayMinutes: 60 },
        abandoned: { retry: true, delayMinutes: 30 },
        answered_no_confirm: { retry: false, delayMinutes: 60 },
      },
    });
  });

  it('parseRetryPolicy › a partial rule keeps the defaults of the fields it leaves out', () => {
    const policy = parseRetryPolicy({ maxAttemptsTotal: 5, rules: { busy: { delayMinutes: 3, maxAttempts: 2 }, answered_no_confirm: { retry: true } } });
    expect(policy.maxAttemptsTotal).toBe(5);
    expect(policy.rules.busy).toEqual({ retry: true, delayMinutes: 3, maxAttempts: 2 });
    expect(policy.rules.answered_no_confirm).toEqual({ retry: true, delayMinutes: 60 });
    expect(policy.rules.no_answer).toEqual({ retry: true, delayMinutes: 30 });
  });

  it.each([
    ['a rule for a terminal outcome', { rules: { confirmed: { retry: true } } }, 'rules.confirmed', 'always end the contact'],
    ['a rule for lost (it follows network_failure)', { rules: { lost: { retry: true } } }, 'rules.lost', 'lost follows network_failure'],
    ['a negative delay', { rules: { busy: { delayMinutes: -1 } } }, 'rules.busy.delayMinutes', '>=0'],
    ['a fractional attempt cap', { rules: { busy: { maxAttempts: 1.5 } } }, 'rules.busy.maxAttempts', 'whole number'],
    ['zero attempts in total', { maxAttemptsTotal: 0 }, 'maxAttemptsTotal', '>=1'],
    ['a backoff below 1', { backoffMultiplier: 0.5 }, 'backoffMultiplier', '>=1'],
    ['retry given as a string', { rules: { no_answer: { retry: 'yes' } } }, 'rules.no_answer.retry', 'boolean'],
    ['an unknown field', { maxAttempts: 3 }, 'maxAttempts', 'Unrecognized key'],
  ])('validateRetryPolicy › refuses %s, naming the field', (_case, input, field, message) => {
    const result = validateRetryPolicy(input, '');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violations).toContainEqual({ field, message: expect.stringContaining(message) as string });
  });

  it('parseRetryPolicy › throws ValidationError under the caller prefix', () => {
    expect(() => parseRetryPolicy({ maxAttemptsTotal: 0 }, 'retryPolicy')).toThrow(ValidationError);
    expect(() => parseRetryPolicy({ maxAttemptsTotal: 0 }, 'retryPolicy')).toThrow('retryPolicy.maxAttemptsTotal');
  });

  it('outcomes › the closed set, and the rule each falls under', () => {
    expect(ATTEMPT_OUTCOMES).toHaveLength(11);
    expect(Object.fromEntries(ATTEMPT_OUTCOMES.map((outcome) => [outcome, ruleOf(outcome) ?? null]))).toEqual({
      confirmed: null,
      refused: null,
      invalid_number: null,
      answered_no_confirm: 'answered_no_confirm',
      busy: 'busy',
      no_answer: 'no_answer',
      rejected: 'rejected',
      network_failure: 'network_failure',
      machine: 'machine',
      abandoned: 'abandoned',
      lost: 'network_failure',
    });
    expect(isAttemptOutcome('busy')).toBe(true);
    expect(isAttemptOutcome('BUSY')).toBe(false);
  });
});
