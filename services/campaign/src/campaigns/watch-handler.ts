// WatchCampaign: the campaign's progress counts now, then whenever they change (checked at most every
// min_interval_ms), until the campaign is stopped or completed, the client cancels or the server stops.
import type { Clock } from '@ringpace/clock';
import { NotFoundError, ValidationError } from '@ringpace/errors';
import type { PrismaClient } from '@ringpace/db';
import { CampaignState, type CampaignProgress, type WatchCampaignRequest, type WatchCampaignResponse } from '@ringpace/proto';
import { requireTenant } from '../auth/authenticator.js';
import type { CallContext } from '../grpc/unary.js';
import { campaignToProto, campaignPlanInclude } from './mapping.js';
import { validateCampaignId } from './validate.js';

const DEFAULT_INTERVAL_MS = 1_000;
const MIN_INTERVAL_MS = 200;
const MAX_INTERVAL_MS = 60_000;

export async function readProgress(prisma: PrismaClient, tenantId: string, campaignId: string, now: Date): Promise<CampaignProgress | undefined> {
  const campaign = await prisma.campaign.findFirst({ where: { id: campaignId, tenantId }, include: campaignPlanInclude });
  if (campaign === null) return undefined;
  const [byState, attempts] = await Promise.all([
    prisma.contact.groupBy({ by: ['state'], where: { tenantId, campaignId }, _count: { _all: true } }),
    prisma.attempt.count({ where: { tenantId, campaignId } }),
  ]);
  const count = (state: string) => byState.find((row) => row.state === state)?._count._all ?? 0;
  const total = byState.reduce((sum, row) => sum + row._count._all, 0);
  return {
    campaignId,
    state: campaignToProto(campaign).state,
    total,
    pending: count('pending'),
    dialing: count('dialing'),
    notified: count('notified'),
    confirmed: count('confirmed'),
    refused: count('refused'),
    invalid: count('invalid'),
    exhausted: count('exhausted'),
    blocked: count('blocked'),
    attempts,
    at: now,
  };
}

function sameCounts(a: CampaignProgress, b: CampaignProgress): boolean {
  return JSON.stringify({ ...a, at: undefined }) === JSON.stringify({ ...b, at: undefined });
}

export function watchHandler(deps: { prisma: PrismaClient; clock: Clock }) {
  return {
    watchCampaign: async (request: WatchCampaignRequest, write: (message: WatchCampaignResponse) => Promise<void>, context: CallContext): Promise<void> => {
      const { tenantId } = requireTenant(context.caller);
      const id = validateCampaignId(request.id);
      if (request.minIntervalMs !== 0 && (request.minIntervalMs < MIN_INTERVAL_MS || request.minIntervalMs > MAX_INTERVAL_MS)) {
        throw new ValidationError([{ field: 'min_interval_ms', message: `must be 0 or between ${MIN_INTERVAL_MS} and ${MAX_INTERVAL_MS}` }]);
      }
      const intervalMs = request.minIntervalMs === 0 ? DEFAULT_INTERVAL_MS : request.minIntervalMs;
      let last: CampaignProgress | undefined;
      for (;;) {
        const progress = await readProgress(deps.prisma, tenantId, id, deps.clock.now());
        if (progress === undefined) throw new NotFoundError('campaign', id);
        if (last === undefined || !sameCounts(last, progress)) {
          await write({ progress });
          last = progress;
        }
        if (progress.state === CampaignState.STOPPED || progress.state === CampaignState.COMPLETED) return;
        // Real time, not the business clock: this paces database reads, it is not a business deadline.
        const stopped = await new Promise<boolean>((resolve) => {
          if (context.signal.aborted) return resolve(true);
          const timer = setTimeout(() => resolve(false), intervalMs);
          context.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(true); }, { once: true });
        });
        if (stopped) return;
      }
    },
  };
}
