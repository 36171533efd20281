// The tenant's blacklist / do-not-call list. Adding a number also blocks the tenant's contacts with that
// number that are still waiting to be dialed (the dialer checks the list again at dial time).
import type { Clock } from '@ringpace/clock';
import { ValidationError, type FieldViolation } from '@ringpace/errors';
import type { PrismaClient } from '@ringpace/db';
import type {
  AddBlacklistEntriesRequest,
  AddBlacklistEntriesResponse,
  BlacklistEntry,
  ListBlacklistRequest,
  ListBlacklistResponse,
  RemoveBlacklistEntriesRequest,
  RemoveBlacklistEntriesResponse,
} from '@ringpace/proto';
import { requireTenant } from '../auth/authenticator.js';
import type { CallContext } from '../grpc/unary.js';
import { normalisePhone, parseRegion } from '../phone.js';

const MAX_ENTRIES_PER_CALL = 10_000;
const MAX_REASON_LENGTH = 500;
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1_000;

export interface BlacklistDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
}

function regionOf(text: string, problems: FieldViolation[]) {
  if (text === '') return undefined;
  const region = parseRegion(text);
  if (region === undefined) problems.push({ field: 'default_region', message: `"${text}" is not a supported ISO 3166-1 alpha-2 region` });
  return region;
}

export function blacklistHandlers(deps: BlacklistDeps) {
  const { prisma, clock } = deps;
  return {
    addBlacklistEntries: async (request: AddBlacklistEntriesRequest, context: CallContext): Promise<AddBlacklistEntriesResponse> => {
      const { tenantId } = requireTenant(context.caller);
      const problems: FieldViolation[] = [];
      if (request.entries.length === 0) problems.push({ field: 'entries', message: 'is empty' });
      if (request.entries.length > MAX_ENTRIES_PER_CALL) problems.push({ field: 'entries', message: `holds more than ${MAX_ENTRIES_PER_CALL} entries; send several calls` });
      const region = regionOf(request.defaultRegion, problems);
      const now = clock.now();
      const rows = new Map<string, { reason: string; expiresAt: Date | null }>();
      request.entries.forEach((entry, index) => {
        const phone = normalisePhone(entry.phone, region);
        if (!phone.ok) problems.push({ field: `entries[${index}].phone`, message: phone.message });
        if (entry.reason.length > MAX_REASON_LENGTH) problems.push({ field: `entries[${index}].reason`, message: `must be at most ${MAX_REASON_LENGTH} characters` });
        if (entry.expiresAt !== undefined && entry.expiresAt.getTime() <= now.getTime()) problems.push({ field: `entries[${index}].expires_at`, message: 'is in the past' });
        if (phone.ok) rows.set(phone.e164, { reason: entry.reason, expiresAt: entry.expiresAt ?? null });
      });
      if (problems.length > 0) throw new ValidationError(problems);
      const phones = [...rows.keys()];
      const result = await prisma.$transaction(async (tx) => {
        const upserted = await tx.$queryRaw<{ inserted: boolean }[]>`
          INSERT INTO blacklist_entries (tenant_id, phone_e164, reason, expires_at, created_at)
          SELECT ${tenantId}::uuid, p, r, e, ${now}
          FROM unnest(${phones}::text[], ${phones.map((p) => rows.get(p)!.reason)}::text[], ${phones.map((p) => rows.get(p)!.expiresAt)}::timestamptz[]) AS t(p, r, e)
          ON CONFLICT (tenant_id, phone_e164) DO UPDATE SET reason = EXCLUDED.reason, expires_at = EXCLUDED.expires_at
          RETURNING (xmax = 0) AS inserted`;
        await tx.contact.updateMany({ where: { tenantId, phoneE164: { in: phones }, state: 'pending' }, data: { state: 'blocked', updatedAt: now } });
        return upserted;
      });
      const added = result.filter((row) => row.inserted).length;
      context.log.info({ added, updated: result.length - added }, 'blacklist entries added');
      return { added, updated: result.length - added };
    },

    removeBlacklistEntries: async (request: RemoveBlacklistEntriesRequest, context: CallContext): Promise<RemoveBlacklistEntriesResponse> => {
      const { tenantId } = requireTenant(context.caller);
      const problems: FieldViolation[] = [];
      if (request.phones.length === 0) problems.push({ field: 'phones', message: 'is empty' });
      const region = regionOf(request.defaultRegion, problems);
      const phones: string[] = [];
      request.phones.forEach((raw, index) => {
        const phone = normalisePhone(raw, region);
        if (phone.ok) phones.push(phone.e164);
        else problems.push({ field: `phones[${index}]`, message: phone.message });
      });
      if (problems.length > 0) throw new ValidationError(problems);
      // Contacts blocked by an entry stay blocked: unblocking a person is a decision, not a side effect.
      const { count } = await prisma.blacklistEntry.deleteMany({ where: { tenantId, phoneE164: { in: phones } } });
      context.log.info({ removed: count }, 'blacklist entries removed');
      return { removed: count };
    },

    listBlacklist: async (request: ListBlacklistRequest, context: CallContext): Promise<ListBlacklistResponse> => {
      const { tenantId } = requireTenant(context.caller);
      const problems: FieldViolation[] = [];
      if (request.pageSize < 0 || request.pageSize > MAX_PAGE_SIZE) problems.push({ field: 'page_size', message: `must be between 0 and ${MAX_PAGE_SIZE}` });
      const digits = request.query.replace(/[^\d]/g, '');
      if (request.query.trim() !== '' && digits === '') problems.push({ field: 'query', message: 'must contain digits' });
      if (request.pageToken !== '' && !/^\+\d{1,15}$/.test(request.pageToken)) problems.push({ field: 'page_token', message: 'is not a token from a previous ListBlacklist response' });
      if (problems.length > 0) throw new ValidationError(problems);
      const pageSize = request.pageSize === 0 ? DEFAULT_PAGE_SIZE : request.pageSize;
      const rows = await prisma.blacklistEntry.findMany({
        where: {
          tenantId,
          ...(digits === '' ? {} : { phoneE164: { contains: digits } }),
          ...(request.pageToken === '' ? {} : { phoneE164: { gt: request.pageToken, ...(digits === '' ? {} : { contains: digits }) } }),
        },
        orderBy: { phoneE164: 'asc' },
        take: pageSize + 1,
      });
      const page = rows.slice(0, pageSize);
      const entries: BlacklistEntry[] = page.map((row) => ({ phone: row.phoneE164, reason: row.reason, expiresAt: row.expiresAt ?? undefined, createdAt: row.createdAt }));
      return { entries, nextPageToken: rows.length > pageSize ? page.at(-1)!.phoneE164 : '' };
    },
  };
}

