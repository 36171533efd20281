// What happens to a contact after an attempt ends: done (and in which final state), or retried at a due
// time. Pure: the due time is computed from the attempt's end, never from the clock.
import { ruleOf, type AttemptOutcome, type RetryableOutcome } from './attempt-outcome.js';
import type { RetryPolicy } from './retry-policy.js';

const MS_PER_MINUTE = 60_000;

export const FinalState = {
  Confirmed: 'confirmed',
  Refused: 'refused',
  /** Heard the message at least once without confirming, and will not be called again. */
  Notified: 'notified',
  Invalid: 'invalid',
  /** Never reached (or only by a machine) and out of attempts, or the policy does not retry. */
  Exhausted: 'exhausted',
} as const;
export type FinalState = (typeof FinalState)[keyof typeof FinalState];

export interface AttemptRecord {
  readonly outcome: AttemptOutcome;
  /** When the attempt ended, epoch ms. */
  readonly atMs: number;
}

export type RetryDecision =
  | { readonly kind: 'done'; readonly state: FinalState }
  | {
      readonly kind: 'retry';
      /** The earliest time for the next attempt, before calling windows (see scheduleRetry). */
      readonly dueAtMs: number;
      /** The number of the next attempt, 1-based: history.length + 2. */
      readonly attempt: number;
      /** The rule that chose the delay (`lost` shows as network_failure). */
      readonly rule: RetryableOutcome;
      /** The final state if the retry never happens (no window opens again, the campaign stops). */
      readonly stateIfStopped: 'notified' | 'exhausted';
    };

/**
 * Decides after `latest` ends, given the earlier attempts of the same contact in `history` (oldest
 * first, `latest` not included). Every retry is a new attempt: a `lost` call is never dialed again as
 * the same attempt, it goes back under the network_failure rule and the dialer opens a new round.
 */
export function decideNext(policy: RetryPolicy, history: readonly AttemptRecord[], latest: AttemptRecord): RetryDecision {
  switch (latest.outcome) {
    case 'confirmed':
      return { kind: 'done', state: 'confirmed' };
    case 'refused':
      return { kind: 'done', state: 'refused' };
    case 'invalid_number':
      return { kind: 'done', state: 'invalid' };
    default:
      break;
  }
  const rule = ruleOf(latest.outcome) ?? 'network_failure';
  const settings = policy.rules[rule];
  const all = [...history, latest];
  const heard = all.some((attempt) => attempt.outcome === 'answered_no_confirm');
  const stop: RetryDecision = { kind: 'done', state: heard ? 'notified' : 'exhausted' };
  if (!settings.retry) return stop;
  if (all.length >= policy.maxAttemptsTotal) return stop;
  const sameRule = all.filter((attempt) => ruleOf(attempt.outcome) === rule).length;
  if (settings.maxAttempts !== undefined && sameRule >= settings.maxAttempts) return stop;
  let delayMinutes = settings.delayMinutes * policy.backoffMultiplier ** (sameRule - 1);
  if (policy.maxDelayMinutes !== undefined) delayMinutes = Math.min(delayMinutes, policy.maxDelayMinutes);
  return {
    kind: 'retry',
    dueAtMs: latest.atMs + Math.round(delayMinutes * MS_PER_MINUTE),
    attempt: all.length + 1,
    rule,
    stateIfStopped: heard ? 'notified' : 'exhausted',
  };
}
