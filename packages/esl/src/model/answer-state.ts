// Answer states (`Answer-State`): the four values switch_channel_event_set_basic_data() writes in
// src/switch_channel.c (v1.10.12, lines 2709-2717), checked in that order: down, answered, early media, else ringing.

export const AnswerState = {
  Hangup: 'hangup',
  Answered: 'answered',
  Early: 'early',
  Ringing: 'ringing',
} as const;
export type AnswerState = (typeof AnswerState)[keyof typeof AnswerState];

const answerStates: ReadonlySet<string> = new Set<string>(Object.values(AnswerState));

export function isAnswerState(value: string): value is AnswerState {
  return answerStates.has(value);
}
