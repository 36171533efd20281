// Call states (`Channel-Call-State`, `callstate` in `show channels`): switch_channel_callstate_t in
// src/include/switch_types.h (v1.10.12, lines 1349-1359), printed by CALLSTATE_CHART[] in src/switch_channel.c (lines 254-265).

export const CallState = {
  Down: 'DOWN',
  Dialing: 'DIALING',
  Ringing: 'RINGING',
  Early: 'EARLY',
  Active: 'ACTIVE',
  Held: 'HELD',
  RingWait: 'RING_WAIT',
  Hangup: 'HANGUP',
  Unheld: 'UNHELD',
} as const;
export type CallState = (typeof CallState)[keyof typeof CallState];

const callStates: ReadonlySet<string> = new Set<string>(Object.values(CallState));

export function isCallState(value: string): value is CallState {
  return callStates.has(value);
}
