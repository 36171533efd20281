import { describe, expect, it } from 'vitest';
import { ATTEMPT_OUTCOMES } from '@ringpace/policy';
import { CallOutcome } from '@ringpace/proto';
import { dbOutcomeOf, policyOutcomeOf, policyOutcomeOfDb } from './outcome-mapping.js';

describe('outcome mapping', () => {
  it.each<[CallOutcome, string, string]>([
    [CallOutcome.ANSWERED, 'answered_no_confirm', 'notified'],
    [CallOutcome.CONFIRMED, 'confirmed', 'confirmed'],
    [CallOutcome.REFUSED, 'refused', 'refused'],
    [CallOutcome.BUSY, 'busy', 'busy'],
    [CallOutcome.NO_ANSWER, 'no_answer', 'no_answer'],
    [CallOutcome.REJECTED, 'rejected', 'rejected'],
    [CallOutcome.FAILED, 'network_failure', 'failed'],
    [CallOutcome.INVALID_NUMBER, 'invalid_number', 'invalid_number'],
    [CallOutcome.LOST, 'lost', 'lost'],
    [CallOutcome.UNSPECIFIED, 'network_failure', 'failed'],
  ])('outcome mapping › %s is %s for the policy and %s in the database', (call, policy, db) => {
    expect(policyOutcomeOf(call)).toBe(policy);
    expect(dbOutcomeOf(policyOutcomeOf(call))).toBe(db);
  });

  it('outcome mapping › every policy outcome survives the trip through the database', () => {
    for (const outcome of ATTEMPT_OUTCOMES) expect(policyOutcomeOfDb(dbOutcomeOf(outcome))).toBe(outcome);
  });
});
