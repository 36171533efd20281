// Result marks: how a flow says what happened on the call. The dialer turns the mark into the contact's
// next state (confirmed: done; refused; no_response: retry policy), and reports list contacts by mark.
export const ResultMark = {
  Confirmed: 'confirmed',
  Refused: 'refused',
  NoResponse: 'no_response',
  Transferred: 'transferred',
  Completed: 'completed',
} as const;
export type ResultMark = (typeof ResultMark)[keyof typeof ResultMark];

export const BUILT_IN_RESULTS: readonly string[] = Object.values(ResultMark);

export const RESULT_NAME = /^[a-z][a-z0-9_]{0,39}$/;
export const RESULT_NAME_RULE = 'a result is lower case: a letter, then up to 39 letters, digits or _';
