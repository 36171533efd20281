// Writes the audit log from the campaign life cycle stream. Idempotent: the audit row's unique event id
// makes a redelivered or replayed message change nothing.
import type { Tracer } from '@opentelemetry/api';
import { consume, consumerAddress, Consumers, ensureDurableConsumer, type EventDelivery } from '@ringpace/bus';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { PrismaClient } from '@ringpace/db';
import type { Logger } from '@ringpace/log';
import type { Event } from '@ringpace/proto';

export interface AuditEntry {
  readonly tenantId: string;
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly data: Record<string, string>;
  readonly eventId: string;
  readonly occurredAt: Date;
}

/** The audit entry an event makes, or undefined for events the audit log does not record. */
export function auditEntryOf(event: Event): AuditEntry | undefined {
  const base = { tenantId: event.tenantId, entity: 'campaign', entityId: event.campaignId, eventId: event.eventId, occurredAt: event.occurredAt ?? new Date(0) };
  switch (event.payload?.$case) {
    case 'campaignCreated':
      return { ...base, actor: event.payload.value.actor, action: 'campaign.created', data: { name: event.payload.value.campaign?.name ?? '' } };
    case 'campaignStateChanged': {
      const change = event.payload.value;
      return { ...base, actor: change.actor, action: 'campaign.state_changed', data: { from: change.from, to: change.to, reason: change.reason } };
    }
    default:
      return undefined;
  }
}

export async function recordAudit(prisma: PrismaClient, delivery: EventDelivery): Promise<void> {
  const entry = auditEntryOf(delivery.event);
  if (entry === undefined) return;
  await prisma.auditLogEntry.createMany({ data: [entry], skipDuplicates: true });
}

export interface AuditConsumerOptions {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly namespace: string;
  readonly prisma: PrismaClient;
  readonly log: Logger;
  readonly tracer: Tracer;
  readonly signal: AbortSignal;
}

/** Ensures the durable consumer and runs it until the signal aborts; resolves when drained. */
export async function runAuditConsumer(options: AuditConsumerOptions): Promise<void> {
  const address = consumerAddress(options.namespace, Consumers.CampaignAudit);
  await ensureDurableConsumer(options.jsm, { stream: address.stream, durable: address.durable, filterSubject: address.filterSubject });
  await consume({
    js: options.js,
    stream: address.stream,
    durable: address.durable,
    log: options.log,
    tracer: options.tracer,
    signal: options.signal,
    handler: (delivery) => recordAudit(options.prisma, delivery),
  });
}
