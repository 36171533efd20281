// The dialer↔media contract's outcome mapping: a CallHangup's CallOutcome becomes the retry policy's
// AttemptOutcome, which is stored on the attempt as the database's attempt_outcome.
import type { AttemptOutcome as DbAttemptOutcome } from '@ringpace/db';
import type { AttemptOutcome } from '@ringpace/policy';
import { CallOutcome } from '@ringpace/proto';

/** UNSPECIFIED and values this build does not know count as a failure that may pass on retry. */
export function policyOutcomeOf(outcome: CallOutcome): AttemptOutcome {
  switch (outcome) {
    case CallOutcome.ANSWERED:
      return 'answered_no_confirm';
    case CallOutcome.CONFIRMED:
      return 'confirmed';
    case CallOutcome.REFUSED:
      return 'refused';
    case CallOutcome.BUSY:
      return 'busy';
    case CallOutcome.NO_ANSWER:
      return 'no_answer';
    case CallOutcome.REJECTED:
      return 'rejected';
    case CallOutcome.FAILED:
      return 'network_failure';
    case CallOutcome.INVALID_NUMBER:
      return 'invalid_number';
    case CallOutcome.LOST:
      return 'lost';
    case CallOutcome.UNSPECIFIED:
    case CallOutcome.UNRECOGNIZED:
      return 'network_failure';
  }
}

export function dbOutcomeOf(outcome: AttemptOutcome): DbAttemptOutcome {
  switch (outcome) {
    case 'answered_no_confirm':
      return 'notified';
    case 'network_failure':
      return 'failed';
    case 'confirmed':
    case 'refused':
    case 'busy':
    case 'no_answer':
    case 'rejected':
    case 'invalid_number':
    case 'machine':
    case 'abandoned':
    case 'lost':
      return outcome;
  }
}

/** The reverse of dbOutcomeOf, for reading a contact's attempt history back into the policy's terms. */
export function policyOutcomeOfDb(outcome: DbAttemptOutcome): AttemptOutcome {
  switch (outcome) {
    case 'notified':
      return 'answered_no_confirm';
    case 'failed':
      return 'network_failure';
    case 'confirmed':
    case 'refused':
    case 'busy':
    case 'no_answer':
    case 'rejected':
    case 'invalid_number':
    case 'machine':
    case 'abandoned':
    case 'lost':
      return outcome;
  }
}
