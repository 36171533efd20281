// Completes running campaigns none of whose contacts is pending or dialing: a conditional update
// (running → completed, revision + 1), campaign.state_changed through the transactional outbox and the
// audit row, all in one transaction, so a campaign completes once whichever pods race for it.
import type { Clock } from '@ringpace/clock';
import type { PrismaClient } from '@ringpace/db';
import type { Logger } from '@ringpace/log';
import type { Outbox } from '@ringpace/outbox';
import { CampaignState } from '@ringpace/proto';
import { campaignCompletedEvent, COMPLETION_REASON, DIALER_ACTOR } from './state-changed-event.js';

export interface CompletionDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly outbox: Pick<Outbox, 'enqueue' | 'flush'>;
  readonly log: Logger;
}

/** Completes every finished running campaign; returns the ids it completed. */
export async function completeFinishedCampaigns(deps: CompletionDeps): Promise<string[]> {
  const candidates = await deps.prisma.campaign.findMany({
    where: { state: 'running', contacts: { none: { state: { in: ['pending', 'dialing'] } } } },
    select: { id: true },
  });
  const completed: string[] = [];
  for (const { id } of candidates) {
    const now = deps.clock.now();
    const done = await deps.prisma.$transaction(async (tx) => {
      // Checked again inside the update: a contact put back to pending since the read keeps it running.
      const rows = await tx.$queryRaw<{ tenant_id: string; revision: number }[]>`
        UPDATE campaigns SET state = 'completed', revision = revision + 1, updated_at = ${now}
         WHERE id = ${id}::uuid AND state = 'running'
           AND NOT EXISTS (SELECT 1 FROM contacts WHERE campaign_id = ${id}::uuid AND state IN ('pending', 'dialing'))
        RETURNING tenant_id::text AS tenant_id, revision`;
      const row = rows[0];
      if (row === undefined) return false;
      const event = campaignCompletedEvent({ tenantId: row.tenant_id, campaignId: id, revision: row.revision }, now);
      await deps.outbox.enqueue(tx, event);
      await tx.auditLogEntry.createMany({
        data: [
          {
            tenantId: row.tenant_id,
            actor: DIALER_ACTOR,
            action: 'campaign.state_changed',
            entity: 'campaign',
            entityId: id,
            data: { from: CampaignState.RUNNING, to: CampaignState.COMPLETED, reason: COMPLETION_REASON },
            eventId: event.eventId,
            occurredAt: now,
          },
        ],
        skipDuplicates: true,
      });
      return true;
    });
    if (done) {
      completed.push(id);
      deps.log.info({ campaignId: id }, 'campaign completed');
    }
  }
  if (completed.length > 0) await deps.outbox.flush();
  return completed;
}
