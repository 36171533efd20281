// Operator methods: tenants and their API keys. Only the operator admin token may call them.
import { randomUUID } from 'node:crypto';
import type { Clock } from '@ringpace/clock';
import { AlreadyExistsError, NotFoundError, ValidationError, type FieldViolation } from '@ringpace/errors';
import type { PrismaClient } from '@ringpace/db';
import type {
  ApiKey,
  CreateApiKeyRequest,
  CreateApiKeyResponse,
  CreateTenantRequest,
  CreateTenantResponse,
  RevokeApiKeyRequest,
  RevokeApiKeyResponse,
} from '@ringpace/proto';
import { generateApiKey } from '../auth/api-key.js';
import { requireOperator } from '../auth/authenticator.js';
import { isUuid } from '../campaigns/validate.js';
import { isUniqueViolation } from '../db-errors.js';
import type { CallContext } from '../grpc/unary.js';

export interface TenantHandlerDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
}

interface ApiKeyRow {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

function apiKeyToProto(row: ApiKeyRow): ApiKey {
  return { id: row.id, tenantId: row.tenantId, name: row.name, prefix: row.prefix, createdAt: row.createdAt, revokedAt: row.revokedAt ?? undefined };
}

function requireName(value: string, field: string, maxLength: number, problems: FieldViolation[]): string {
  const trimmed = value.trim();
  if (trimmed === '') problems.push({ field, message: 'is required' });
  else if (trimmed.length > maxLength) problems.push({ field, message: `must be at most ${maxLength} characters` });
  return trimmed;
}

export function tenantHandlers(deps: TenantHandlerDeps) {
  const { prisma, clock } = deps;
  return {
    createTenant: async (request: CreateTenantRequest, context: CallContext): Promise<CreateTenantResponse> => {
      requireOperator(context.caller);
      const problems: FieldViolation[] = [];
      const name = requireName(request.name, 'name', 200, problems);
      if (problems.length > 0) throw new ValidationError(problems);
      const now = clock.now();
      const row = await prisma.tenant.create({ data: { id: randomUUID(), name, createdAt: now, updatedAt: now } }).catch((error: unknown) => {
        throw isUniqueViolation(error) ? new AlreadyExistsError('tenant', name, { cause: error }) : error;
      });
      context.log.info({ tenantId: row.id }, 'tenant created');
      return { tenant: { id: row.id, name: row.name, createdAt: row.createdAt } };
    },

    createApiKey: async (request: CreateApiKeyRequest, context: CallContext): Promise<CreateApiKeyResponse> => {
      requireOperator(context.caller);
      const problems: FieldViolation[] = [];
      if (!isUuid(request.tenantId)) problems.push({ field: 'tenant_id', message: request.tenantId === '' ? 'is required' : 'must be a UUID' });
      const name = requireName(request.name, 'name', 100, problems);
      if (problems.length > 0) throw new ValidationError(problems);
      const tenant = await prisma.tenant.findUnique({ where: { id: request.tenantId }, select: { id: true } });
      if (tenant === null) throw new NotFoundError('tenant', request.tenantId);
      const key = generateApiKey();
      const row = await prisma.apiKey.create({
        data: { id: randomUUID(), tenantId: tenant.id, name, prefix: key.prefix, secretHash: key.secretHash, createdAt: clock.now() },
      });
      context.log.info({ tenantId: row.tenantId, apiKeyId: row.id }, 'api key created');
      return { apiKey: apiKeyToProto(row), secret: key.secret };
    },

    revokeApiKey: async (request: RevokeApiKeyRequest, context: CallContext): Promise<RevokeApiKeyResponse> => {
      requireOperator(context.caller);
      if (!isUuid(request.id)) throw new ValidationError([{ field: 'id', message: request.id === '' ? 'is required' : 'must be a UUID' }]);
      // Only an unrevoked key changes, so revoking twice keeps the first revocation time.
      await prisma.apiKey.updateMany({ where: { id: request.id, revokedAt: null }, data: { revokedAt: clock.now() } });
      const row = await prisma.apiKey.findUnique({ where: { id: request.id } });
      if (row === null) throw new NotFoundError('api key', request.id);
      context.log.info({ tenantId: row.tenantId, apiKeyId: row.id }, 'api key revoked');
      return { apiKey: apiKeyToProto(row) };
    },
  };
}
