// Who is calling: an operator (admin token) or a tenant (API key). Every gRPC call passes through here.
import type { Metadata } from '@grpc/grpc-js';
import { PermissionDeniedError, UnauthenticatedError } from '@ringpace/errors';
import type { PrismaClient } from '@ringpace/db';
import { parseApiKey, sameHash, sameSecret } from './api-key.js';

export type Caller =
  | { readonly kind: 'operator' }
  | { readonly kind: 'tenant'; readonly tenantId: string; readonly apiKeyId: string };

export type TenantCaller = Extract<Caller, { kind: 'tenant' }>;

export interface Authenticator {
  authenticate(metadata: Metadata): Promise<Caller>;
}

function bearerToken(metadata: Metadata): string | undefined {
  const header = metadata.get('authorization')[0];
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (match) return match[1];
  }
  const apiKey = metadata.get('x-api-key')[0];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

export function createAuthenticator(prisma: PrismaClient, adminToken: string): Authenticator {
  return {
    async authenticate(metadata) {
      const token = bearerToken(metadata);
      if (token === undefined || token === '') throw new UnauthenticatedError('missing credentials: send "authorization: Bearer <api key>"');
      if (sameSecret(token, adminToken)) return { kind: 'operator' };
      const parsed = parseApiKey(token);
      if (parsed === undefined) throw new UnauthenticatedError('unknown or revoked API key');
      const row = await prisma.apiKey.findUnique({
        where: { prefix: parsed.prefix },
        select: { id: true, tenantId: true, secretHash: true, revokedAt: true },
      });
      if (row === null || row.revokedAt !== null || !sameHash(row.secretHash, parsed.secretHash)) {
        throw new UnauthenticatedError('unknown or revoked API key');
      }
      return { kind: 'tenant', tenantId: row.tenantId, apiKeyId: row.id };
    },
  };
}

export function requireOperator(caller: Caller): void {
  if (caller.kind !== 'operator') throw new PermissionDeniedError('this method needs the operator admin token');
}

export function requireTenant(caller: Caller): TenantCaller {
  if (caller.kind !== 'tenant') throw new PermissionDeniedError('this method needs a tenant API key');
  return caller;
}
