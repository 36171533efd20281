import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from './attempt-outcome.js';
import { decideNext, type AttemptRecord, type RetryDecision } from './decide-next.js';
import { parseRetryPolicy, type RetryPolicyInput } from './retry-policy.js';

const T0 = Date.parse('2026-09-28T02:00:00Z');
const MIN = 60_000;

/** Attempts ten minutes apart ending at T0 with the last one. */
function attempts(...outcomes: AttemptOutcome[]): { history: AttemptRecord[]; latest: AttemptRecord } {
  const records = outcomes.map((outcome, index) => ({ outcome, atMs: T0 - (outcomes.length - 1 - index) * 10 * MIN }));
  const latest = records.pop();
  if (latest === undefined) throw new Error('at least one attempt');
  return { history: records, latest };
}

function decide(policy: RetryPolicyInput, ...outcomes: AttemptOutcome[]): RetryDecision {
  const { history, latest } = attempts(...outcomes);
  return decideNext(parseRetryPolicy(policy), history, latest);
}

const retry = (afterMinutes: number, attempt: number, rule: string, stateIfStopped = 'exhausted'): RetryDecision =>
  ({ kind: 'retry', dueAtMs: T0 + afterMinutes * MIN, attempt, rule, stateIfStopped }) as RetryDecision;
const done = (state: string): RetryDecision => ({ kind: 'done', state }) as RetryDecision;

describe('decideNext', () => {
  it.each<[string, RetryPolicyInput, AttemptOutcome[], RetryDecision]>([
    ['confirmed is done', {}, ['confirmed'], done('confirmed')],
    ['refused is done', {}, ['busy', 'refused'], done('refused')],
    ['an invalid number is never dialed again, whatever the policy', { maxAttemptsTotal: 9 }, ['invalid_number'], done('invalid')],
    ['busy is retried after its delay', {}, ['busy'], retry(10, 2, 'busy')],
    ['no answer is retried after its delay', {}, ['no_answer'], retry(30, 2, 'no_answer')],
    ['a network failure is retried after its delay', {}, ['network_failure'], retry(5, 2, 'network_failure')],
    ['a lost call goes back under the network failure rule, as a new attempt', {}, ['lost'], retry(5, 2, 'network_failure')],
    ['rejected follows its own rule', { rules: { rejected: { retry: false } } }, ['rejected'], done('exhausted')],
    ['a machine follows its own rule', { rules: { machine: { delayMinutes: 120 } } }, ['machine'], retry(120, 2, 'machine')],
    ['abandoned follows its own rule', {}, ['abandoned'], retry(30, 2, 'abandoned')],
    ['answered without confirming is done as notified by default', {}, ['answered_no_confirm'], done('notified')],
    ['answered without confirming is retried when the policy says so', { rules: { answered_no_confirm: { retry: true } } }, ['answered_no_confirm'], retry(60, 2, 'answered_no_confirm', 'notified')],
    ['the total cap counts every attempt', { maxAttemptsTotal: 3 }, ['busy', 'no_answer', 'busy'], done('exhausted')],
    ['under the total cap the next attempt number follows', { maxAttemptsTotal: 4 }, ['busy', 'no_answer', 'busy'], retry(10, 4, 'busy')],
    ['a single attempt in total never retries', { maxAttemptsTotal: 1 }, ['busy'], done('exhausted')],
    ['a per-outcome cap counts that outcome only', { maxAttemptsTotal: 9, rules: { busy: { maxAttempts: 2 } } }, ['no_answer', 'busy', 'no_answer', 'busy'], done('exhausted')],
    ['the per-outcome cap leaves other outcomes alone', { maxAttemptsTotal: 9, rules: { busy: { maxAttempts: 2 } } }, ['busy', 'busy', 'no_answer'], retry(30, 4, 'no_answer')],
    ['lost and network failures share one cap', { maxAttemptsTotal: 9, rules: { network_failure: { maxAttempts: 2 } } }, ['network_failure', 'lost'], done('exhausted')],
    ['heard once, then out of attempts: notified', { maxAttemptsTotal: 2, rules: { answered_no_confirm: { retry: true } } }, ['answered_no_confirm', 'no_answer'], done('notified')],
    ['a retry after being heard would end as notified', { maxAttemptsTotal: 3, rules: { answered_no_confirm: { retry: true } } }, ['answered_no_confirm', 'busy'], retry(10, 3, 'busy', 'notified')],
    ['backoff multiplies the delay per repeat of the same rule', { maxAttemptsTotal: 9, backoffMultiplier: 2 }, ['busy', 'no_answer', 'busy', 'busy'], retry(40, 5, 'busy')],
    ['backoff is capped by maxDelayMinutes', { maxAttemptsTotal: 9, backoffMultiplier: 3, maxDelayMinutes: 45 }, ['no_answer', 'no_answer'], retry(45, 3, 'no_answer')],
    ['a zero delay retries at the end of the attempt (the dialer opens a new round)', { rules: { network_failure: { delayMinutes: 0 } } }, ['lost'], retry(0, 2, 'network_failure')],
  ])('decideNext › %s', (_case, policy, outcomes, expected) => {
    expect(decide(policy, ...outcomes)).toEqual(expected);
  });

  it('decideNext › the due time counts from the end of the latest attempt, not from any clock', () => {
    const policy = parseRetryPolicy({});
    const decision = decideNext(policy, [], { outcome: 'busy', atMs: 1_000 });
    expect(decision).toMatchObject({ kind: 'retry', dueAtMs: 1_000 + 10 * MIN });
  });
});
