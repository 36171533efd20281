// What the campaign service tells the rest of the platform, as envelopes on JetStream. Event ids are
// derived from what happened (campaign id + kind), so a retried publish is stored once (Nats-Msg-Id).
import { createHash } from 'node:crypto';
import type { Clock } from '@ringpace/clock';
import type { Campaign, Event } from '@ringpace/proto';
import { traceFields } from '@ringpace/telemetry';
import type { Caller } from '../auth/authenticator.js';

export interface CampaignEvents {
  campaignCreated(campaign: Campaign, actor: Caller): Promise<void>;
}

/** Publishes one envelope; the bus implementation sets the subject, Nats-Msg-Id and trace headers. */
export type PublishEvent = (event: Event) => Promise<void>;

/** A UUID-shaped id that is the same for the same parts, so retries of one fact share one id. */
export function derivedEventId(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // Version 8 (custom) UUID layout: the variant and version nibbles are fixed, the rest is the hash.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function actorName(actor: Caller): string {
  return actor.kind === 'operator' ? 'operator' : `api-key:${actor.apiKeyId}`;
}

export function createCampaignEvents(publish: PublishEvent, clock: Clock): CampaignEvents {
  return {
    async campaignCreated(campaign, actor) {
      await publish({
        eventId: derivedEventId(campaign.id, 'campaign.created'),
        tenantId: campaign.tenantId,
        campaignId: campaign.id,
        attemptId: '',
        sequence: 1,
        occurredAt: campaign.createdAt ?? clock.now(),
        trace: traceFields(),
        payload: { $case: 'campaignCreated', value: { campaign, actor: actorName(actor) } },
      });
    },
  };
}
