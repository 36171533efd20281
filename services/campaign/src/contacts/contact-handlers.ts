// ListContacts: a campaign's contacts with a state filter and search by name (case-insensitive, anywhere in
// the name) or by digits anywhere in the number, paged by (created_at, id). The pages are read in the order
// of the index (campaign_id, created_at, id); a state or search narrows that reading rather than using an
// index of its own, which would cost every imported contact another index entry.
import { NotFoundError, ValidationError, type FieldViolation } from '@ringpace/errors';
import type { Contact as ContactRow, ContactState as DbContactState, PrismaClient } from '@ringpace/db';
import { ContactState, type Contact, type ListContactsRequest, type ListContactsResponse } from '@ringpace/proto';
import { requireTenant } from '../auth/authenticator.js';
import type { CallContext } from '../grpc/unary.js';
import { decodePageToken, encodePageToken } from '../campaigns/page-token.js';
import { validateCampaignId } from '../campaigns/validate.js';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1_000;

const stateToProto: Record<DbContactState, ContactState> = {
  pending: ContactState.PENDING,
  dialing: ContactState.DIALING,
  notified: ContactState.NOTIFIED,
  confirmed: ContactState.CONFIRMED,
  refused: ContactState.REFUSED,
  invalid: ContactState.INVALID,
  exhausted: ContactState.EXHAUSTED,
  blocked: ContactState.BLOCKED,
};
const stateFromProto = new Map(Object.entries(stateToProto).map(([db, wire]) => [wire, db as DbContactState]));

export function contactToProto(row: ContactRow): Contact {
  const fields = row.fields !== null && typeof row.fields === 'object' && !Array.isArray(row.fields) ? (row.fields as Record<string, unknown>) : {};
  return {
    id: row.id,
    campaignId: row.campaignId,
    phone: row.phoneE164,
    name: row.name ?? '',
    fields: Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, String(value)])),
    timezone: row.timezone ?? '',
    state: stateToProto[row.state],
    attemptCount: row.attemptCount,
    nextAttemptAt: row.nextAttemptAt ?? undefined,
    sourceLine: row.sourceLine ?? 0,
  };
}

export function contactHandlers(prisma: PrismaClient) {
  return {
    listContacts: async (request: ListContactsRequest, context: CallContext): Promise<ListContactsResponse> => {
      const { tenantId } = requireTenant(context.caller);
      const campaignId = validateCampaignId(request.campaignId, 'campaign_id');
      const problems: FieldViolation[] = [];
      if (request.pageSize < 0 || request.pageSize > MAX_PAGE_SIZE) problems.push({ field: 'page_size', message: `must be between 0 and ${MAX_PAGE_SIZE}` });
      const state = request.state === ContactState.UNSPECIFIED ? undefined : stateFromProto.get(request.state);
      if (request.state !== ContactState.UNSPECIFIED && state === undefined) problems.push({ field: 'state', message: 'is not a known contact state' });
      const query = request.query.trim();
      if (query.length > 100) problems.push({ field: 'query', message: 'must be at most 100 characters' });
      if (problems.length > 0) throw new ValidationError(problems);
      const campaign = await prisma.campaign.findFirst({ where: { id: campaignId, tenantId }, select: { id: true } });
      if (campaign === null) throw new NotFoundError('campaign', campaignId);
      const pageSize = request.pageSize === 0 ? DEFAULT_PAGE_SIZE : request.pageSize;
      const filter = `${tenantId}|${campaignId}|${state ?? ''}|${query}`;
      const after = decodePageToken(request.pageToken, filter);
      // Digits (with optional + and separators) search the number; anything else searches the name.
      const digits = /^[+\d\s().-]+$/.test(query) ? query.replace(/\D/g, '') : '';
      const search = query === '' ? {} : digits !== '' ? { phoneE164: { contains: digits } } : { name: { contains: query, mode: 'insensitive' as const } };
      const rows = await prisma.contact.findMany({
        where: {
          tenantId,
          campaignId,
          ...(state === undefined ? {} : { state }),
          ...search,
          // The gte bound lets the index start at the page instead of skipping every earlier row.
          ...(after === undefined
            ? {}
            : { createdAt: { gte: new Date(after.createdAtMs) }, OR: [{ createdAt: { gt: new Date(after.createdAtMs) } }, { createdAt: new Date(after.createdAtMs), id: { gt: after.id } }] }),
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: pageSize + 1,
      });
      const page = rows.slice(0, pageSize);
      const last = page.at(-1);
      return {
        contacts: page.map(contactToProto),
        nextPageToken: rows.length > pageSize && last !== undefined ? encodePageToken({ createdAtMs: last.createdAt.getTime(), id: last.id }, filter) : '',
      };
    },
  };
}
