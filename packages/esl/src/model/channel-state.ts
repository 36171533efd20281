// Channel states (`Channel-State`, `state` in `show channels`): switch_channel_state_t in
// src/include/switch_types.h (v1.10.12, lines 1391-1406), printed by state_names[] in src/switch_channel.c (lines 2304-2320).

export const ChannelState = {
  New: 'CS_NEW',
  Init: 'CS_INIT',
  Routing: 'CS_ROUTING',
  SoftExecute: 'CS_SOFT_EXECUTE',
  Execute: 'CS_EXECUTE',
  ExchangeMedia: 'CS_EXCHANGE_MEDIA',
  Park: 'CS_PARK',
  ConsumeMedia: 'CS_CONSUME_MEDIA',
  Hibernate: 'CS_HIBERNATE',
  Reset: 'CS_RESET',
  Hangup: 'CS_HANGUP',
  Reporting: 'CS_REPORTING',
  Destroy: 'CS_DESTROY',
  None: 'CS_NONE',
} as const;
export type ChannelState = (typeof ChannelState)[keyof typeof ChannelState];

const states: ReadonlySet<string> = new Set<string>(Object.values(ChannelState));

export function isChannelState(value: string): value is ChannelState {
  return states.has(value);
}
