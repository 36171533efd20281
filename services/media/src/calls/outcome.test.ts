import { describe, expect, it } from 'vitest';
import { CallOutcome } from '@ringpace/proto';
import { callOutcome } from './outcome.js';

describe('callOutcome', () => {
  const notAnswered: [string, CallOutcome][] = [
    ['USER_BUSY', CallOutcome.BUSY],
    ['NO_ANSWER', CallOutcome.NO_ANSWER],
    ['NO_USER_RESPONSE', CallOutcome.NO_ANSWER],
    ['ORIGINATOR_CANCEL', CallOutcome.NO_ANSWER],
    ['ALLOTTED_TIMEOUT', CallOutcome.NO_ANSWER],
    ['UNALLOCATED_NUMBER', CallOutcome.INVALID_NUMBER],
    ['INVALID_NUMBER_FORMAT', CallOutcome.INVALID_NUMBER],
    ['NO_ROUTE_DESTINATION', CallOutcome.INVALID_NUMBER],
    ['NUMBER_CHANGED', CallOutcome.INVALID_NUMBER],
    ['CALL_REJECTED', CallOutcome.REJECTED],
    ['NORMAL_TEMPORARY_FAILURE', CallOutcome.FAILED],
    ['DESTINATION_OUT_OF_ORDER', CallOutcome.FAILED],
    ['INVALID_GATEWAY', CallOutcome.FAILED],
    ['NORMAL_CLEARING', CallOutcome.FAILED],
    ['', CallOutcome.FAILED],
  ];
  it.each(notAnswered)('outcome › an unanswered call ending with %s is %s', (cause, expected) => {
    expect(callOutcome({ answered: false, flowMark: null, cause })).toBe(expected);
  });

  const answered: [string | null, CallOutcome][] = [
    ['confirmed', CallOutcome.CONFIRMED],
    ['refused', CallOutcome.REFUSED],
    ['no_response', CallOutcome.ANSWERED],
    ['transferred', CallOutcome.ANSWERED],
    ['survey_done', CallOutcome.ANSWERED],
    [null, CallOutcome.ANSWERED],
  ];
  it.each(answered)('outcome › an answered call whose flow marked %s is %s, whatever the cause', (flowMark, expected) => {
    expect(callOutcome({ answered: true, flowMark, cause: 'USER_BUSY' })).toBe(expected);
    expect(callOutcome({ answered: true, flowMark, cause: 'NORMAL_CLEARING' })).toBe(expected);
  });

  it('outcome › an answered call whose flow never started is FAILED: the callee heard nothing', () => {
    expect(callOutcome({ answered: true, flowMark: null, flowNeverStarted: true, cause: 'NORMAL_CLEARING' })).toBe(CallOutcome.FAILED);
  });
});
