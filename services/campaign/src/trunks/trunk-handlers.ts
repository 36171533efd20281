// Trunk groups: the carrier gateways a tenant's campaigns dial through. Carrier operators assign them
// (admin token); a tenant reads its own, and another tenant's group is indistinguishable from none.
import { randomUUID } from 'node:crypto';
import type { Clock } from '@ringpace/clock';
import { AlreadyExistsError, NotFoundError, ValidationError } from '@ringpace/errors';
import type { PrismaClient } from '@ringpace/db';
import type {
  CreateTrunkGroupRequest,
  CreateTrunkGroupResponse,
  GetTrunkGroupRequest,
  GetTrunkGroupResponse,
  ListTrunkGroupsRequest,
  ListTrunkGroupsResponse,
  SetTrunkDisabledRequest,
  SetTrunkDisabledResponse,
} from '@ringpace/proto';
import { requireOperator, type Caller } from '../auth/authenticator.js';
import { isUuid } from '../campaigns/validate.js';
import { isUniqueViolation } from '../db-errors.js';
import type { CallContext } from '../grpc/unary.js';
import { dbCallerIdMode, trunkGroupInclude, trunkGroupToProto, trunkToProto } from './trunk-mapping.js';
import { validateCreateTrunkGroup, validateId } from './trunk-validate.js';

export interface TrunkHandlerDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
}

/** The tenant a caller may read: an API key reads its own tenant's groups, the operator any. */
function tenantScope(caller: Caller): { tenantId?: string } {
  return caller.kind === 'tenant' ? { tenantId: caller.tenantId } : {};
}

export function trunkHandlers(deps: TrunkHandlerDeps) {
  const { prisma, clock } = deps;
  return {
    createTrunkGroup: async (request: CreateTrunkGroupRequest, context: CallContext): Promise<CreateTrunkGroupResponse> => {
      requireOperator(context.caller);
      const input = validateCreateTrunkGroup(request);
      const tenant = await prisma.tenant.findUnique({ where: { id: input.tenantId }, select: { id: true } });
      if (tenant === null) throw new NotFoundError('tenant', input.tenantId);
      const now = clock.now();
      const row = await prisma.trunkGroup
        .create({
          data: {
            id: randomUUID(),
            tenantId: tenant.id,
            name: input.name,
            callerIdMode: dbCallerIdMode(input.callerIdMode),
            createdAt: now,
            updatedAt: now,
            trunks: {
              create: input.trunks.map((trunk) => ({
                id: randomUUID(),
                tenantId: tenant.id,
                node: trunk.nodeId,
                gatewayName: trunk.gateway,
                channels: trunk.channels,
                cps: trunk.callsPerSecond,
                createdAt: now,
                updatedAt: now,
              })),
            },
          },
          include: trunkGroupInclude,
        })
        .catch((error: unknown) => {
          throw isUniqueViolation(error) ? new AlreadyExistsError('trunk group', input.name, { cause: error }) : error;
        });
      context.log.info({ tenantId: row.tenantId, trunkGroupId: row.id, trunks: row.trunks.length }, 'trunk group created');
      return { trunkGroup: trunkGroupToProto(row) };
    },

    getTrunkGroup: async (request: GetTrunkGroupRequest, context: CallContext): Promise<GetTrunkGroupResponse> => {
      const id = validateId(request.id, 'id');
      const row = await prisma.trunkGroup.findFirst({ where: { id, ...tenantScope(context.caller) }, include: trunkGroupInclude });
      if (row === null) throw new NotFoundError('trunk group', id);
      return { trunkGroup: trunkGroupToProto(row) };
    },

    listTrunkGroups: async (request: ListTrunkGroupsRequest, context: CallContext): Promise<ListTrunkGroupsResponse> => {
      let tenantId: string;
      if (context.caller.kind === 'tenant') {
        tenantId = context.caller.tenantId;
      } else {
        if (!isUuid(request.tenantId)) throw new ValidationError([{ field: 'tenant_id', message: request.tenantId === '' ? 'is required with the admin token' : 'must be a UUID' }]);
        tenantId = request.tenantId.toLowerCase();
        const tenant = await prisma.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
        if (tenant === null) throw new NotFoundError('tenant', tenantId);
      }
      const rows = await prisma.trunkGroup.findMany({ where: { tenantId }, orderBy: [{ name: 'asc' }, { id: 'asc' }], include: trunkGroupInclude });
      return { trunkGroups: rows.map(trunkGroupToProto) };
    },

    setTrunkDisabled: async (request: SetTrunkDisabledRequest, context: CallContext): Promise<SetTrunkDisabledResponse> => {
      requireOperator(context.caller);
      const id = validateId(request.trunkId, 'trunk_id');
      const now = clock.now();
      // Only a change of state writes, so disabling twice keeps the first disabling time.
      await prisma.trunk.updateMany({
        where: { id, disabledAt: request.disabled ? null : { not: null } },
        data: { disabledAt: request.disabled ? now : null, updatedAt: now },
      });
      const row = await prisma.trunk.findUnique({ where: { id } });
      if (row === null) throw new NotFoundError('trunk', id);
      context.log.info({ tenantId: row.tenantId, trunkId: row.id, disabled: request.disabled }, request.disabled ? 'trunk disabled' : 'trunk enabled');
      return { trunk: trunkToProto(row) };
    },
  };
}
