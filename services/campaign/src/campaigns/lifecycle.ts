// The campaign life cycle as data: draft → ready → running ⇄ paused → stopped | completed.
// Each transition names the states it may start from; anything else is refused with the current state.
import type { CampaignState as DbCampaignState } from '@ringpace/db';

export const Transition = {
  Prepare: 'prepare',
  Start: 'start',
  Pause: 'pause',
  Resume: 'resume',
  Stop: 'stop',
  Complete: 'complete',
} as const;
export type Transition = (typeof Transition)[keyof typeof Transition];

interface TransitionRule {
  readonly from: readonly DbCampaignState[];
  readonly to: DbCampaignState;
}

export const transitionRules: Readonly<Record<Transition, TransitionRule>> = {
  prepare: { from: ['draft'], to: 'ready' },
  start: { from: ['ready'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  stop: { from: ['ready', 'running', 'paused'], to: 'stopped' },
  // Set by the dialer when every contact is final.
  complete: { from: ['running'], to: 'completed' },
};

export type TransitionCheck = { readonly ok: true; readonly to: DbCampaignState } | { readonly ok: false; readonly reason: string };

export function checkTransition(current: DbCampaignState, transition: Transition): TransitionCheck {
  const rule = transitionRules[transition];
  if (rule.from.includes(current)) return { ok: true, to: rule.to };
  return { ok: false, reason: `cannot ${transition} a campaign that is ${current} (allowed from: ${rule.from.join(', ')})` };
}

/** States in which the flow, schedule and retry policy may still change. */
export const editableStates: readonly DbCampaignState[] = ['draft', 'ready', 'paused'];

export function isFinal(state: DbCampaignState): boolean {
  return state === 'stopped' || state === 'completed';
}
