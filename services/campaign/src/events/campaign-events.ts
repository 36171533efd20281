// The events the campaign service emits, as envelopes. Event ids are derived from what happened (campaign
// id + kind + revision), so writing or publishing the same fact twice yields one stored event.
import { createHash } from 'node:crypto';
import type { Campaign, CampaignState, Event } from '@ringpace/proto';
import { traceFields } from '@ringpace/telemetry';
import type { Caller } from '../auth/authenticator.js';

/** A UUID-shaped id that is the same for the same parts, so retries of one fact share one id. */
export function derivedEventId(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // Version 8 (custom) UUID layout: the variant and version nibbles are fixed, the rest is the hash.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function actorName(actor: Caller): string {
  return actor.kind === 'operator' ? 'operator' : `api-key:${actor.apiKeyId}`;
}

export function campaignCreatedEvent(campaign: Campaign, actor: Caller, occurredAt: Date): Event {
  return {
    eventId: derivedEventId(campaign.id, 'campaign.created'),
    tenantId: campaign.tenantId,
    campaignId: campaign.id,
    attemptId: '',
    sequence: 1,
    occurredAt,
    trace: traceFields(),
    payload: { $case: 'campaignCreated', value: { campaign, actor: actorName(actor) } },
  };
}

export interface StateChange {
  readonly tenantId: string;
  readonly campaignId: string;
  readonly from: CampaignState;
  readonly to: CampaignState;
  readonly reason: string;
  /** The campaign's revision after the change: the event's sequence. */
  readonly revision: number;
  readonly hangUpCalls?: boolean;
}

export function campaignStateChangedEvent(change: StateChange, actor: Caller | 'system', occurredAt: Date): Event {
  return {
    eventId: derivedEventId(change.campaignId, 'campaign.state_changed', String(change.revision)),
    tenantId: change.tenantId,
    campaignId: change.campaignId,
    attemptId: '',
    sequence: change.revision,
    occurredAt,
    trace: traceFields(),
    payload: {
      $case: 'campaignStateChanged',
      value: { from: change.from, to: change.to, reason: change.reason, actor: actor === 'system' ? 'system:campaign' : actorName(actor), hangUpCalls: change.hangUpCalls ?? false },
    },
  };
}
