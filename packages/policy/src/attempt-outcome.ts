// The closed set of final outcomes of one attempt (one call), as the retry policy sees them.

export const AttemptOutcome = {
  /** Answered and confirmed (pressed the confirmation key): done. */
  Confirmed: 'confirmed',
  /** Answered and refused: done. */
  Refused: 'refused',
  /** Answered and heard the message, but neither confirmed nor refused: "notified"; retried by policy. */
  AnsweredNoConfirm: 'answered_no_confirm',
  Busy: 'busy',
  NoAnswer: 'no_answer',
  /** The callee or its network declined the call (CALL_REJECTED and the like). */
  Rejected: 'rejected',
  /** A failure on the way that may pass on retry: gateway, congestion, timeout. */
  NetworkFailure: 'network_failure',
  /** The number does not exist or cannot be reached: never dialed again. */
  InvalidNumber: 'invalid_number',
  /** An answering machine picked up. */
  Machine: 'machine',
  /** Answered, but no agent was free within the legal limit. */
  Abandoned: 'abandoned',
  /** The call's media was lost and no final event came (see DESIGN.md); treated as a network failure. */
  Lost: 'lost',
} as const;
export type AttemptOutcome = (typeof AttemptOutcome)[keyof typeof AttemptOutcome];

export const ATTEMPT_OUTCOMES: readonly AttemptOutcome[] = Object.values(AttemptOutcome);

/** Outcomes that end the contact whatever the policy says. */
export const TerminalOutcome = {
  Confirmed: 'confirmed',
  Refused: 'refused',
  InvalidNumber: 'invalid_number',
} as const satisfies Record<string, AttemptOutcome>;
export type TerminalOutcome = (typeof TerminalOutcome)[keyof typeof TerminalOutcome];

/** Outcomes the policy has a rule for (`lost` follows the network_failure rule). */
export const RetryableOutcome = {
  AnsweredNoConfirm: 'answered_no_confirm',
  Busy: 'busy',
  NoAnswer: 'no_answer',
  Rejected: 'rejected',
  NetworkFailure: 'network_failure',
  Machine: 'machine',
  Abandoned: 'abandoned',
} as const satisfies Record<string, AttemptOutcome>;
export type RetryableOutcome = (typeof RetryableOutcome)[keyof typeof RetryableOutcome];

export function isAttemptOutcome(value: string): value is AttemptOutcome {
  return (ATTEMPT_OUTCOMES as readonly string[]).includes(value);
}

/** The policy rule an outcome falls under, or undefined for a terminal outcome. */
export function ruleOf(outcome: AttemptOutcome): RetryableOutcome | undefined {
  switch (outcome) {
    case 'confirmed':
    case 'refused':
    case 'invalid_number':
      return undefined;
    case 'lost':
      return 'network_failure';
    case 'answered_no_confirm':
    case 'busy':
    case 'no_answer':
    case 'rejected':
    case 'network_failure':
    case 'machine':
    case 'abandoned':
      return outcome;
  }
}
