// Channel states and call states with their numbers: switch_channel_state_t and switch_channel_callstate_t
// (src/include/switch_types.h), names from switch_channel_state_name() / switch_channel_callstate2str()
// (src/switch_channel.c).

export const ChannelState = {
  New: 'CS_NEW', Init: 'CS_INIT', Routing: 'CS_ROUTING', SoftExecute: 'CS_SOFT_EXECUTE', Execute: 'CS_EXECUTE',
  ExchangeMedia: 'CS_EXCHANGE_MEDIA', Park: 'CS_PARK', ConsumeMedia: 'CS_CONSUME_MEDIA', Hibernate: 'CS_HIBERNATE',
  Reset: 'CS_RESET', Hangup: 'CS_HANGUP', Reporting: 'CS_REPORTING', Destroy: 'CS_DESTROY', None: 'CS_NONE',
} as const;
export type ChannelState = (typeof ChannelState)[keyof typeof ChannelState];

const STATE_NUMBERS: Record<ChannelState, number> = {
  CS_NEW: 0, CS_INIT: 1, CS_ROUTING: 2, CS_SOFT_EXECUTE: 3, CS_EXECUTE: 4, CS_EXCHANGE_MEDIA: 5, CS_PARK: 6,
  CS_CONSUME_MEDIA: 7, CS_HIBERNATE: 8, CS_RESET: 9, CS_HANGUP: 10, CS_REPORTING: 11, CS_DESTROY: 12, CS_NONE: 13,
};

export function stateNumber(state: ChannelState): number {
  return STATE_NUMBERS[state];
}

export const CallState = {
  Down: 'DOWN', Dialing: 'DIALING', Ringing: 'RINGING', Early: 'EARLY', Active: 'ACTIVE', Held: 'HELD',
  RingWait: 'RING_WAIT', Hangup: 'HANGUP', Unheld: 'UNHELD',
} as const;
export type CallState = (typeof CallState)[keyof typeof CallState];

const CALL_STATE_NUMBERS: Record<CallState, number> = {
  DOWN: 0, DIALING: 1, RINGING: 2, EARLY: 3, ACTIVE: 4, HELD: 5, RING_WAIT: 6, HANGUP: 7, UNHELD: 8,
};

export function callStateNumber(state: CallState): number {
  return CALL_STATE_NUMBERS[state];
}
