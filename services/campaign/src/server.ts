// createServer() builds the campaign gRPC server from its dependencies; main.ts alone reads the
// environment, connects, listens and handles signals. Tests drive the server built here.
import { readFileSync } from 'node:fs';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer, loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import type { Tracer } from '@opentelemetry/api';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import type { Clock } from '@ringpace/clock';
import type { PrismaClient } from '@ringpace/db';
import type { Logger } from '@ringpace/log';
import { CampaignServiceService, descriptorSetPath, type CampaignServiceServer } from '@ringpace/proto';
import { createAuthenticator } from './auth/authenticator.js';
import { campaignHandlers } from './campaigns/campaign-handlers.js';
import type { CampaignEvents } from './events/campaign-events.js';
import { unary } from './grpc/unary.js';
import { tenantHandlers } from './tenants/tenant-handlers.js';

export const CAMPAIGN_SERVICE_NAME = 'ringpace.v1.CampaignService';

export interface CampaignServerDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly log: Logger;
  readonly tracer: Tracer;
  readonly adminToken: string;
  readonly events: CampaignEvents;
}

export interface CampaignServer {
  readonly server: Server;
  /** Binds and starts serving; resolves to the bound port (useful with port 0 in tests). */
  listen(address: string): Promise<number>;
  /**
   * Stops accepting calls, reports NOT_SERVING, waits for calls in flight up to `drainTimeoutMs`,
   * then cuts off whatever is left.
   */
  shutdown(drainTimeoutMs: number): Promise<{ drained: boolean }>;
}

export function createServer(deps: CampaignServerDeps): CampaignServer {
  const server = new Server({ 'grpc.max_receive_message_length': 4 * 1024 * 1024 });
  const authenticator = createAuthenticator(deps.prisma, deps.adminToken);
  const unaryDeps = { authenticator, log: deps.log, tracer: deps.tracer };
  const tenants = tenantHandlers({ prisma: deps.prisma, clock: deps.clock });
  const campaigns = campaignHandlers({ prisma: deps.prisma, clock: deps.clock, events: deps.events });
  const method = (name: string) => `${CAMPAIGN_SERVICE_NAME}/${name}`;

  const implementation: CampaignServiceServer = {
    createTenant: unary(unaryDeps, method('CreateTenant'), tenants.createTenant),
    createApiKey: unary(unaryDeps, method('CreateApiKey'), tenants.createApiKey),
    revokeApiKey: unary(unaryDeps, method('RevokeApiKey'), tenants.revokeApiKey),
    createCampaign: unary(unaryDeps, method('CreateCampaign'), campaigns.createCampaign),
    getCampaign: unary(unaryDeps, method('GetCampaign'), campaigns.getCampaign),
    listCampaigns: unary(unaryDeps, method('ListCampaigns'), campaigns.listCampaigns),
  };
  server.addService(CampaignServiceService, implementation);

  const health = new HealthImplementation({ '': 'SERVING', [CAMPAIGN_SERVICE_NAME]: 'SERVING' });
  health.addToServer(server);
  // Reflection describes our API and the health service, so grpcurl can call both without proto files.
  const descriptors = { ...loadFileDescriptorSetFromBuffer(readFileSync(descriptorSetPath())), ...loadSync(healthProtoPath) };
  new ReflectionService(descriptors).addToServer(server);

  return {
    server,
    listen: (address) =>
      new Promise<number>((resolve, reject) => {
        server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
      }),
    shutdown: async (drainTimeoutMs) => {
      health.setStatus('', 'NOT_SERVING');
      health.setStatus(CAMPAIGN_SERVICE_NAME, 'NOT_SERVING');
      const drained = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve(false);
        }, drainTimeoutMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      deps.log.info({ drained }, 'grpc server stopped');
      return { drained };
    },
  };
}
