// The retry policy of a campaign: one rule per retryable outcome plus caps, validated with defaults so a
// partial policy ({ rules: { busy: { delayMinutes: 5 } } }) is complete after parsing.
import { ValidationError, type FieldViolation } from '@ringpace/errors';
import { z } from 'zod';
import type { RetryableOutcome } from './attempt-outcome.js';
import { toFieldViolations } from './field-violations.js';

const MAX_DELAY_MINUTES = 60 * 24 * 366;
const MAX_ATTEMPTS = 1_000;

interface RuleDefaults {
  readonly retry: boolean;
  readonly delayMinutes: number;
}

/** Defaults chosen for notification campaigns: retry what may pass soon, stop once the message was heard. */
export const DEFAULT_RULES: Readonly<Record<RetryableOutcome, RuleDefaults>> = {
  busy: { retry: true, delayMinutes: 10 },
  no_answer: { retry: true, delayMinutes: 30 },
  network_failure: { retry: true, delayMinutes: 5 },
  rejected: { retry: true, delayMinutes: 60 },
  machine: { retry: true, delayMinutes: 60 },
  abandoned: { retry: true, delayMinutes: 30 },
  answered_no_confirm: { retry: false, delayMinutes: 60 },
};

export const DEFAULT_MAX_ATTEMPTS_TOTAL = 3;

function wholeNumber() {
  return z.int({ error: (issue) => (issue.code === 'invalid_type' ? 'must be a whole number' : undefined) });
}

function ruleSchema(defaults: RuleDefaults) {
  return z
    .strictObject({
      retry: z.boolean().default(defaults.retry),
      /** Minutes from the end of the attempt to the next one (before backoff and calling windows). */
      delayMinutes: z.number().min(0).max(MAX_DELAY_MINUTES).default(defaults.delayMinutes),
      /** At most this many attempts may end with this outcome; then the contact stops. */
      maxAttempts: wholeNumber().min(1).max(MAX_ATTEMPTS).optional(),
    })
    .prefault({});
}

export const retryPolicySchema = z
  .strictObject({
    /** Attempts of one contact across all outcomes, the first call included. */
    maxAttemptsTotal: wholeNumber().min(1).max(MAX_ATTEMPTS).default(DEFAULT_MAX_ATTEMPTS_TOTAL),
    /** The n-th retry after the same outcome waits delayMinutes × multiplier^(n−1). 1 means no backoff. */
    backoffMultiplier: z.number().min(1).max(10).default(1),
    /** Upper bound on one delay after backoff. */
    maxDelayMinutes: z.number().min(0).max(MAX_DELAY_MINUTES).optional(),
    rules: z
      .strictObject(
        {
          busy: ruleSchema(DEFAULT_RULES.busy),
          no_answer: ruleSchema(DEFAULT_RULES.no_answer),
          network_failure: ruleSchema(DEFAULT_RULES.network_failure),
          rejected: ruleSchema(DEFAULT_RULES.rejected),
          machine: ruleSchema(DEFAULT_RULES.machine),
          abandoned: ruleSchema(DEFAULT_RULES.abandoned),
          answered_no_confirm: ruleSchema(DEFAULT_RULES.answered_no_confirm),
        },
        {
          error: (issue) =>
            issue.code === 'unrecognized_keys'
              ? 'no rule for this outcome: confirmed, refused and invalid_number always end the contact, lost follows network_failure'
              : undefined,
        },
      )
      .prefault({}),
  })
  .prefault({});

export type RetryPolicy = z.output<typeof retryPolicySchema>;
export type RetryPolicyInput = z.input<typeof retryPolicySchema>;
export type RetryRule = RetryPolicy['rules'][RetryableOutcome];

export type RetryPolicyValidation =
  | { readonly ok: true; readonly policy: RetryPolicy }
  | { readonly ok: false; readonly violations: readonly FieldViolation[] };

export function validateRetryPolicy(input: unknown, fieldPrefix = ''): RetryPolicyValidation {
  const result = retryPolicySchema.safeParse(input);
  if (result.success) return { ok: true, policy: result.data };
  return { ok: false, violations: toFieldViolations(result.error, fieldPrefix) };
}

/** Parses a policy with defaults applied; a bad one throws ValidationError (INVALID_ARGUMENT). */
export function parseRetryPolicy(input: unknown, fieldPrefix = ''): RetryPolicy {
  const result = validateRetryPolicy(input, fieldPrefix);
  if (!result.ok) throw new ValidationError(result.violations);
  return result.policy;
}

/** The policy every field of which is a default: 3 attempts, the rules of DEFAULT_RULES, no backoff. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = retryPolicySchema.parse(undefined);
