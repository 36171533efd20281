// Life cycle methods: each is one conditional update (state must be one the transition starts from),
// the campaign's revision bumped, and campaign.state_changed written to the outbox in the same transaction.
import type { Clock } from '@ringpace/clock';
import { FailedPreconditionError, NotFoundError } from '@ringpace/errors';
import type { PrismaClient } from '@ringpace/db';
import type {
  PauseCampaignRequest,
  PauseCampaignResponse,
  PrepareCampaignRequest,
  PrepareCampaignResponse,
  ResumeCampaignRequest,
  ResumeCampaignResponse,
  StartCampaignRequest,
  StartCampaignResponse,
  StopCampaignRequest,
  StopCampaignResponse,
} from '@ringpace/proto';
import { requireTenant } from '../auth/authenticator.js';
import { campaignStateChangedEvent } from '../events/campaign-events.js';
import type { Outbox } from '@ringpace/outbox';
import type { CallContext } from '../grpc/unary.js';
import { checkTransition, transitionRules, Transition } from './lifecycle.js';
import { campaignPlanInclude, campaignToProto, type CampaignRowWithPlan } from './mapping.js';
import { validateCampaignId } from './validate.js';
import { hasEnabledTrunk } from '../trunks/trunk-group-ref.js';

export interface LifecycleDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly outbox: Outbox;
}

interface TransitionOptions {
  readonly reason: string;
  readonly hangUpCalls?: boolean;
}

export function lifecycleHandlers(deps: LifecycleDeps) {
  const { prisma, clock, outbox } = deps;

  /** What PrepareCampaign requires; every missing piece is named. */
  async function readinessProblems(campaign: CampaignRowWithPlan): Promise<string[]> {
    const problems: string[] = [];
    if (campaign.flowVersionId === null) problems.push('no flow version is pinned (set flow_id)');
    if (campaign.scheduleId === null) problems.push('no schedule (set schedule)');
    if (campaign.callerIds.length === 0) problems.push('no caller id (set caller_ids)');
    if (campaign.trunkGroupId === null) problems.push('no trunk group (set trunk_group_id)');
    else if (!(await hasEnabledTrunk(prisma, campaign.trunkGroupId))) problems.push('the trunk group has no enabled trunk (enable one, or set another trunk_group_id)');
    const contacts = await prisma.contact.count({ where: { campaignId: campaign.id, state: 'pending' } });
    if (contacts === 0) problems.push('no contact to call (import contacts)');
    return problems;
  }

  async function transition(request: { id: string }, context: CallContext, kind: Transition, options: TransitionOptions) {
    const { tenantId } = requireTenant(context.caller);
    const id = validateCampaignId(request.id);
    const current = await prisma.campaign.findFirst({ where: { id, tenantId }, include: campaignPlanInclude });
    if (current === null) throw new NotFoundError('campaign', id);
    const check = checkTransition(current.state, kind);
    if (!check.ok) throw new FailedPreconditionError(check.reason);
    if (kind === Transition.Prepare) {
      const problems = await readinessProblems(current);
      if (problems.length > 0) throw new FailedPreconditionError(`campaign is not ready: ${problems.join('; ')}`);
    }
    const now = clock.now();
    const updated = await prisma.$transaction(async (tx) => {
      // Conditional on the state we checked: a concurrent transition makes this one change nothing.
      const changed = await tx.campaign.updateMany({
        where: { id, tenantId, state: { in: [...transitionRules[kind].from] }, revision: current.revision },
        data: { state: check.to, revision: { increment: 1 }, updatedAt: now },
      });
      if (changed.count === 0) return null;
      const row = await tx.campaign.findFirstOrThrow({ where: { id, tenantId }, include: campaignPlanInclude });
      const before = campaignToProto(current).state;
      const after = campaignToProto(row);
      await outbox.enqueue(
        tx,
        campaignStateChangedEvent(
          { tenantId, campaignId: id, from: before, to: after.state, reason: options.reason, revision: row.revision, ...(options.hangUpCalls === undefined ? {} : { hangUpCalls: options.hangUpCalls }) },
          context.caller,
          now,
        ),
      );
      return row;
    });
    if (updated === null) {
      const latest = await prisma.campaign.findFirst({ where: { id, tenantId }, select: { state: true } });
      throw new FailedPreconditionError(`campaign changed concurrently (now ${latest?.state ?? 'gone'}); read it and retry`);
    }
    context.log.info({ campaignId: id, from: current.state, to: updated.state }, 'campaign state changed');
    await outbox.flush();
    return { campaign: campaignToProto(updated) };
  }

  return {
    prepareCampaign: (request: PrepareCampaignRequest, context: CallContext): Promise<PrepareCampaignResponse> =>
      transition(request, context, Transition.Prepare, { reason: 'prepared by operator' }),
    startCampaign: (request: StartCampaignRequest, context: CallContext): Promise<StartCampaignResponse> =>
      transition(request, context, Transition.Start, { reason: 'started by operator' }),
    pauseCampaign: (request: PauseCampaignRequest, context: CallContext): Promise<PauseCampaignResponse> =>
      transition(request, context, Transition.Pause, { reason: 'paused by operator' }),
    resumeCampaign: (request: ResumeCampaignRequest, context: CallContext): Promise<ResumeCampaignResponse> =>
      transition(request, context, Transition.Resume, { reason: 'resumed by operator' }),
    stopCampaign: (request: StopCampaignRequest, context: CallContext): Promise<StopCampaignResponse> =>
      transition(request, context, Transition.Stop, { reason: request.hangUpCalls ? 'stopped by operator, calls hung up' : 'stopped by operator', hangUpCalls: request.hangUpCalls }),
  };
}
