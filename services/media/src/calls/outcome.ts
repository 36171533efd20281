// The attempt's final outcome from what media saw of the call: the dialing contract's table (answered →
// the flow's mark; not answered → the hangup cause). Pure, so the table is tested as a table.
import { CallOutcome } from '@ringpace/proto';

export interface OutcomeFacts {
  /** The callee answered (CHANNEL_ANSWER seen, or the channel's answer time is set). */
  readonly answered: boolean;
  /** The flow's result mark, when the flow reached an end node. */
  readonly flowMark: string | null;
  /** The callee answered but the flow never started (it could not be loaded): the callee heard nothing. */
  readonly flowNeverStarted?: boolean;
  /** FreeSWITCH hangup cause name (`USER_BUSY`), or the `-ERR` text of a failed originate. */
  readonly cause: string;
}

const NO_ANSWER_CAUSES: ReadonlySet<string> = new Set(['NO_ANSWER', 'NO_USER_RESPONSE', 'ORIGINATOR_CANCEL', 'ALLOTTED_TIMEOUT']);
const INVALID_NUMBER_CAUSES: ReadonlySet<string> = new Set(['UNALLOCATED_NUMBER', 'INVALID_NUMBER_FORMAT', 'NO_ROUTE_DESTINATION', 'NUMBER_CHANGED']);

export function callOutcome(facts: OutcomeFacts): CallOutcome {
  if (facts.answered) {
    if (facts.flowNeverStarted === true) return CallOutcome.FAILED;
    if (facts.flowMark === 'confirmed') return CallOutcome.CONFIRMED;
    if (facts.flowMark === 'refused') return CallOutcome.REFUSED;
    return CallOutcome.ANSWERED;
  }
  if (facts.cause === 'USER_BUSY') return CallOutcome.BUSY;
  if (NO_ANSWER_CAUSES.has(facts.cause)) return CallOutcome.NO_ANSWER;
  if (INVALID_NUMBER_CAUSES.has(facts.cause)) return CallOutcome.INVALID_NUMBER;
  if (facts.cause === 'CALL_REJECTED') return CallOutcome.REJECTED;
  return CallOutcome.FAILED;
}
