// campaign.state_changed as the dialer emits it when a campaign completes, in the same envelope and with
// the same derived event id as services/campaign's life cycle events (campaign id + kind + revision), so
// the event's sequence is the campaign's revision and writing it twice stores it once.
import { createHash } from 'node:crypto';
import { CampaignState, type Event } from '@ringpace/proto';
import { traceFields } from '@ringpace/telemetry';

export const DIALER_ACTOR = 'system:dialer';

/** A UUID-shaped id that is the same for the same parts (the campaign service derives its ids alike). */
export function derivedEventId(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // Version 8 (custom) UUID layout: the variant and version nibbles are fixed, the rest is the hash.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface Completion {
  readonly tenantId: string;
  readonly campaignId: string;
  /** The campaign's revision after the change. */
  readonly revision: number;
}

export const COMPLETION_REASON = 'every contact is final';

export function campaignCompletedEvent(completion: Completion, occurredAt: Date): Event {
  return {
    eventId: derivedEventId(completion.campaignId, 'campaign.state_changed', String(completion.revision)),
    tenantId: completion.tenantId,
    campaignId: completion.campaignId,
    attemptId: '',
    sequence: completion.revision,
    occurredAt,
    trace: traceFields(),
    payload: {
      $case: 'campaignStateChanged',
      value: { from: CampaignState.RUNNING, to: CampaignState.COMPLETED, reason: COMPLETION_REASON, actor: DIALER_ACTOR, hangUpCalls: false },
    },
  };
}
