// UpdateCampaign: changes exactly the fields named in update_mask. What shapes calls (flow pin, schedule,
// retry policy) changes only while no call can be in flight under the old values' promise: draft, ready,
// paused. A campaign that ended changes no more.
import type { Clock } from '@ringpace/clock';
import { FailedPreconditionError, NotFoundError, ValidationError, type FieldViolation } from '@ringpace/errors';
import type { PrismaClient } from '@ringpace/db';
import { CreateCampaignRequest, type UpdateCampaignRequest, type UpdateCampaignResponse } from '@ringpace/proto';
import { requireTenant } from '../auth/authenticator.js';
import type { CallContext } from '../grpc/unary.js';
import { editableStates, isFinal } from './lifecycle.js';
import { campaignPlanInclude, campaignToProto } from './mapping.js';
import { writeRetryPolicy, writeSchedule } from './plan-store.js';
import { validateCampaignId, validateCreateCampaign } from './validate.js';
import { requireOwnTrunkGroup } from '../trunks/trunk-group-ref.js';

const updatablePaths = new Set([
  'name',
  'description',
  'caller_ids',
  'max_concurrent_calls',
  'flow_id',
  'flow_version',
  'schedule',
  'retry_policy',
  'excluded_number_types',
  'trunk_group_id',
]);
const planPaths = new Set(['flow_id', 'flow_version', 'schedule', 'retry_policy', 'excluded_number_types', 'trunk_group_id']);

export interface UpdateDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly resolveFlowVersionId: (tenantId: string, flowId: string, version: number) => Promise<string>;
}

export function updateHandler(deps: UpdateDeps) {
  const { prisma, clock } = deps;
  return {
    updateCampaign: async (request: UpdateCampaignRequest, context: CallContext): Promise<UpdateCampaignResponse> => {
      const { tenantId } = requireTenant(context.caller);
      if (request.campaign === undefined) throw new ValidationError([{ field: 'campaign', message: 'is required' }]);
      const id = validateCampaignId(request.campaign.id, 'campaign.id');
      const paths = request.updateMask ?? [];
      const problems: FieldViolation[] = [];
      if (paths.length === 0) problems.push({ field: 'update_mask', message: 'names no field to change' });
      for (const path of paths) if (!updatablePaths.has(path)) problems.push({ field: 'update_mask', message: `"${path}" cannot be updated (allowed: ${[...updatablePaths].join(', ')})` });
      if (problems.length > 0) throw new ValidationError(problems);

      const current = await prisma.campaign.findFirst({ where: { id, tenantId }, include: campaignPlanInclude });
      if (current === null) throw new NotFoundError('campaign', id);
      if (isFinal(current.state)) throw new FailedPreconditionError(`campaign is ${current.state}: it changes no more`);
      const touchesPlan = paths.some((path) => planPaths.has(path));
      if (touchesPlan && !editableStates.includes(current.state)) {
        throw new FailedPreconditionError(`flow, schedule, retry policy, number types and trunk group change only while the campaign is ${editableStates.join(', ')} (it is ${current.state}); pause it first`);
      }

      // Validate the would-be campaign as a whole, with the same rules as CreateCampaign; report problems
      // under the campaign.* paths of this request.
      const merged = campaignToProto(current);
      const incoming = request.campaign;
      const pick = <K extends keyof typeof incoming>(path: string, key: K) => (paths.includes(path) ? incoming[key] : merged[key]);
      let valid;
      try {
        valid = validateCreateCampaign({
          ...CreateCampaignRequest.fromPartial({}),
          name: pick('name', 'name'),
          description: pick('description', 'description'),
          defaultRegion: merged.defaultRegion,
          timezone: merged.timezone,
          callerIds: pick('caller_ids', 'callerIds'),
          dialMode: merged.dialMode,
          maxConcurrentCalls: pick('max_concurrent_calls', 'maxConcurrentCalls'),
          flowId: pick('flow_id', 'flowId'),
          flowVersion: pick('flow_version', 'flowVersion'),
          schedule: pick('schedule', 'schedule'),
          retryPolicy: pick('retry_policy', 'retryPolicy'),
          excludedNumberTypes: pick('excluded_number_types', 'excludedNumberTypes'),
          trunkGroupId: pick('trunk_group_id', 'trunkGroupId'),
        });
      } catch (error) {
        if (error instanceof ValidationError) throw new ValidationError(error.violations.map((v) => ({ field: `campaign.${v.field}`, message: v.message })));
        throw error;
      }

      const now = clock.now();
      const flowVersionId =
        paths.includes('flow_id') || paths.includes('flow_version')
          ? valid.flowId === undefined
            ? null
            : await deps.resolveFlowVersionId(tenantId, valid.flowId, valid.flowVersion)
          : current.flowVersionId;
      const trunkGroupId = paths.includes('trunk_group_id')
        ? valid.trunkGroupId === undefined
          ? null
          : await requireOwnTrunkGroup(prisma, tenantId, valid.trunkGroupId, 'campaign.trunk_group_id')
        : current.trunkGroupId;
      const updated = await prisma.$transaction(async (tx) => {
        const owner = { tenantId, name: valid.name, timezone: current.timezone, now };
        let scheduleId = current.scheduleId;
        if (paths.includes('schedule')) scheduleId = valid.schedule === undefined ? null : await writeSchedule(tx, owner, valid.schedule);
        let retryPolicyId = current.retryPolicyId;
        if (paths.includes('retry_policy') && valid.retryPolicy !== undefined) retryPolicyId = await writeRetryPolicy(tx, owner, valid.retryPolicy);
        const changed = await tx.campaign.updateMany({
          where: { id, tenantId, revision: current.revision },
          data: {
            name: valid.name,
            description: valid.description,
            callerIds: valid.callerIds,
            maxConcurrentCalls: valid.maxConcurrentCalls,
            flowVersionId,
            scheduleId,
            retryPolicyId,
            trunkGroupId,
            excludedNumberTypes: valid.excludedNumberTypes,
            revision: { increment: 1 },
            updatedAt: now,
          },
        });
        if (changed.count === 0) throw new FailedPreconditionError('campaign changed concurrently; read it and retry');
        return tx.campaign.findFirstOrThrow({ where: { id, tenantId }, include: campaignPlanInclude });
      });
      context.log.info({ campaignId: id, paths }, 'campaign updated');
      return { campaign: campaignToProto(updated) };
    },
  };
}
