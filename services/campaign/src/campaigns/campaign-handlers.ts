// Tenant methods on campaigns. Every query carries the caller's tenant id, so another tenant's campaign
// is indistinguishable from one that does not exist (NOT_FOUND, never its data).
import { randomUUID } from 'node:crypto';
import type { Clock } from '@ringpace/clock';
import { NotFoundError } from '@ringpace/errors';
import type { PrismaClient } from '@ringpace/db';
import type {
  CreateCampaignRequest,
  CreateCampaignResponse,
  GetCampaignRequest,
  GetCampaignResponse,
  ListCampaignsRequest,
  ListCampaignsResponse,
} from '@ringpace/proto';
import { requireTenant } from '../auth/authenticator.js';
import { isUniqueViolation } from '../db-errors.js';
import type { CallContext } from '../grpc/unary.js';
import { campaignCreatedEvent } from '../events/campaign-events.js';
import type { Outbox } from '@ringpace/outbox';
import { campaignPlanInclude, campaignToProto, dbDialMode, dbState } from './mapping.js';
import { defaultRetryPolicy } from './plan-mapping.js';
import { writeRetryPolicy, writeSchedule } from './plan-store.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { pinFlowVersion } from './flow-pin.js';
import { requireOwnTrunkGroup } from '../trunks/trunk-group-ref.js';
import { validateCampaignId, validateCreateCampaign, validateListCampaigns, type ValidCreateCampaign } from './validate.js';

export interface CampaignHandlerDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly outbox: Outbox;
}

const withFlow = campaignPlanInclude;

export function campaignHandlers(deps: CampaignHandlerDeps) {
  const { prisma, clock, outbox } = deps;

  async function resolveFlowVersionId(tenantId: string, input: ValidCreateCampaign): Promise<string | null> {
    return input.flowId === undefined ? null : pinFlowVersion(prisma, tenantId, input.flowId, input.flowVersion);
  }

  async function findByRequestId(tenantId: string, requestId: string) {
    return prisma.campaign.findUnique({ where: { tenantId_requestId: { tenantId, requestId } }, include: withFlow });
  }

  return {
    createCampaign: async (request: CreateCampaignRequest, context: CallContext): Promise<CreateCampaignResponse> => {
      const { tenantId } = requireTenant(context.caller);
      const input = validateCreateCampaign(request);
      if (input.requestId !== undefined) {
        const earlier = await findByRequestId(tenantId, input.requestId);
        // A retry: the first request wrote the campaign and its event (the outbox publishes it).
        if (earlier !== null) return { campaign: campaignToProto(earlier) };
      }
      const flowVersionId = await resolveFlowVersionId(tenantId, input);
      const trunkGroupId = input.trunkGroupId === undefined ? null : await requireOwnTrunkGroup(prisma, tenantId, input.trunkGroupId, 'trunk_group_id');
      const now = clock.now();
      const campaignId = randomUUID();
      let row;
      try {
        row = await prisma.$transaction(async (tx) => {
          const owner = { tenantId, name: input.name, timezone: input.timezone, now };
          const scheduleId = input.schedule === undefined ? null : await writeSchedule(tx, owner, input.schedule);
          const retryPolicyId = await writeRetryPolicy(tx, owner, input.retryPolicy ?? defaultRetryPolicy());
          const created = await tx.campaign.create({
            data: {
              id: campaignId,
              tenantId,
              name: input.name,
              description: input.description,
              state: 'draft',
              defaultRegion: input.defaultRegion,
              timezone: input.timezone,
              callerIds: input.callerIds,
              dialMode: dbDialMode(input.dialMode),
              maxConcurrentCalls: input.maxConcurrentCalls,
              flowVersionId,
              scheduleId,
              retryPolicyId,
              trunkGroupId,
              excludedNumberTypes: input.excludedNumberTypes,
              requestId: input.requestId ?? null,
              createdAt: now,
              updatedAt: now,
            },
            include: withFlow,
          });
          await outbox.enqueue(tx, campaignCreatedEvent(campaignToProto(created), context.caller, now));
          return created;
        });
      } catch (error) {
        // Two concurrent retries of one request: the loser returns the winner's campaign.
        if (input.requestId === undefined || !isUniqueViolation(error)) throw error;
        row = await findByRequestId(tenantId, input.requestId);
        if (row === null) throw error;
      }
      const campaign = campaignToProto(row);
      context.log.info({ campaignId: campaign.id }, 'campaign created');
      await outbox.flush();
      return { campaign };
    },

    getCampaign: async (request: GetCampaignRequest, context: CallContext): Promise<GetCampaignResponse> => {
      const { tenantId } = requireTenant(context.caller);
      const id = validateCampaignId(request.id);
      const row = await prisma.campaign.findFirst({ where: { id, tenantId }, include: withFlow });
      if (row === null) throw new NotFoundError('campaign', id);
      return { campaign: campaignToProto(row) };
    },

    listCampaigns: async (request: ListCampaignsRequest, context: CallContext): Promise<ListCampaignsResponse> => {
      const { tenantId } = requireTenant(context.caller);
      const input = validateListCampaigns(request);
      const filter = `${tenantId}|${input.state ?? ''}`;
      const after = decodePageToken(input.pageToken, filter);
      const rows = await prisma.campaign.findMany({
        where: {
          tenantId,
          ...(input.state === undefined ? {} : { state: dbState(input.state) }),
          ...(after === undefined
            ? {}
            : { OR: [{ createdAt: { lt: new Date(after.createdAtMs) } }, { createdAt: new Date(after.createdAtMs), id: { lt: after.id } }] }),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: input.pageSize + 1,
        include: withFlow,
      });
      const page = rows.slice(0, input.pageSize);
      const last = page.at(-1);
      const nextPageToken = rows.length > input.pageSize && last !== undefined ? encodePageToken({ createdAtMs: last.createdAt.getTime(), id: last.id }, filter) : '';
      return { campaigns: page.map(campaignToProto), nextPageToken };
    },
  };
}
