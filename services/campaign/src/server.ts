// createServer() builds the campaign gRPC server from its dependencies; main.ts alone reads the
// environment, connects, listens and handles signals. Tests drive the server built here.
import { readFileSync } from 'node:fs';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer, loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import type { Tracer } from '@opentelemetry/api';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import type { Clock } from '@ringpace/clock';
import type { Db, PrismaClient } from '@ringpace/db';
import type { Logger } from '@ringpace/log';
import { CampaignServiceService, FlowServiceService, descriptorSetPath, type CampaignServiceServer, type FlowServiceServer } from '@ringpace/proto';
import { createAuthenticator } from './auth/authenticator.js';
import { blacklistHandlers } from './blacklist/blacklist-handlers.js';
import { campaignHandlers } from './campaigns/campaign-handlers.js';
import { pinFlowVersion } from './campaigns/flow-pin.js';
import { lifecycleHandlers } from './campaigns/lifecycle-handlers.js';
import { updateHandler } from './campaigns/update-handler.js';
import { watchHandler } from './campaigns/watch-handler.js';
import { contactHandlers } from './contacts/contact-handlers.js';
import { importHandlers } from './contacts/import-handlers.js';
import type { Outbox } from '@ringpace/outbox';
import { flowHandlers } from './flows/flow-handlers.js';
import { clientStream } from './grpc/client-stream.js';
import { serverStream } from './grpc/server-stream.js';
import { unary } from './grpc/unary.js';
import { holidayHandlers } from './tenants/holiday-handlers.js';
import { trunkHandlers } from './trunks/trunk-handlers.js';
import { tenantHandlers } from './tenants/tenant-handlers.js';

export const CAMPAIGN_SERVICE_NAME = 'ringpace.v1.CampaignService';
export const FLOW_SERVICE_NAME = 'ringpace.v1.FlowService';

export interface CampaignServerDeps {
  readonly prisma: PrismaClient;
  /** The pg pool behind `prisma`, for the bulk statements of contact imports. */
  readonly pool: Db['pool'];
  readonly clock: Clock;
  readonly log: Logger;
  readonly tracer: Tracer;
  readonly adminToken: string;
  readonly outbox: Outbox;
}

export interface CampaignServer {
  readonly server: Server;
  /** Binds and starts serving; resolves to the bound port (useful with port 0 in tests). */
  listen(address: string): Promise<number>;
  /**
   * Stops accepting calls, reports NOT_SERVING, ends watch streams, waits for calls in flight up to
   * `drainTimeoutMs`, then cuts off whatever is left.
   */
  shutdown(drainTimeoutMs: number): Promise<{ drained: boolean }>;
}

export function createServer(deps: CampaignServerDeps): CampaignServer {
  const server = new Server({ 'grpc.max_receive_message_length': 4 * 1024 * 1024 });
  const shutdownController = new AbortController();
  const { prisma, pool, clock, outbox } = deps;
  const base = { authenticator: createAuthenticator(prisma, deps.adminToken), log: deps.log, tracer: deps.tracer };
  const streamBase = { ...base, shutdown: shutdownController.signal };
  const method = (name: string) => `${CAMPAIGN_SERVICE_NAME}/${name}`;

  const tenants = tenantHandlers({ prisma, clock });
  const campaigns = campaignHandlers({ prisma, clock, outbox });
  const lifecycle = lifecycleHandlers({ prisma, clock, outbox });
  const update = updateHandler({ prisma, clock, resolveFlowVersionId: (tenantId, flowId, version) => pinFlowVersion(prisma, tenantId, flowId, version) });
  const watch = watchHandler({ prisma, clock });
  const contacts = contactHandlers(prisma);
  const imports = importHandlers({ prisma, pool, clock });
  const blacklist = blacklistHandlers({ prisma, clock });
  const holidays = holidayHandlers(prisma);
  const trunks = trunkHandlers({ prisma, clock });

  const implementation: CampaignServiceServer = {
    createTenant: unary(base, method('CreateTenant'), tenants.createTenant),
    createApiKey: unary(base, method('CreateApiKey'), tenants.createApiKey),
    revokeApiKey: unary(base, method('RevokeApiKey'), tenants.revokeApiKey),
    createCampaign: unary(base, method('CreateCampaign'), campaigns.createCampaign),
    getCampaign: unary(base, method('GetCampaign'), campaigns.getCampaign),
    listCampaigns: unary(base, method('ListCampaigns'), campaigns.listCampaigns),
    updateCampaign: unary(base, method('UpdateCampaign'), update.updateCampaign),
    prepareCampaign: unary(base, method('PrepareCampaign'), lifecycle.prepareCampaign),
    startCampaign: unary(base, method('StartCampaign'), lifecycle.startCampaign),
    pauseCampaign: unary(base, method('PauseCampaign'), lifecycle.pauseCampaign),
    resumeCampaign: unary(base, method('ResumeCampaign'), lifecycle.resumeCampaign),
    stopCampaign: unary(base, method('StopCampaign'), lifecycle.stopCampaign),
    watchCampaign: serverStream(streamBase, method('WatchCampaign'), watch.watchCampaign),
    importContacts: clientStream(base, method('ImportContacts'), imports.importContacts),
    getImport: unary(base, method('GetImport'), imports.getImport),
    listImportRejections: unary(base, method('ListImportRejections'), imports.listImportRejections),
    listContacts: unary(base, method('ListContacts'), contacts.listContacts),
    addBlacklistEntries: unary(base, method('AddBlacklistEntries'), blacklist.addBlacklistEntries),
    removeBlacklistEntries: unary(base, method('RemoveBlacklistEntries'), blacklist.removeBlacklistEntries),
    listBlacklist: unary(base, method('ListBlacklist'), blacklist.listBlacklist),
    setTenantHolidays: unary(base, method('SetTenantHolidays'), holidays.setTenantHolidays),
    getTenantHolidays: unary(base, method('GetTenantHolidays'), holidays.getTenantHolidays),
    createTrunkGroup: unary(base, method('CreateTrunkGroup'), trunks.createTrunkGroup),
    getTrunkGroup: unary(base, method('GetTrunkGroup'), trunks.getTrunkGroup),
    listTrunkGroups: unary(base, method('ListTrunkGroups'), trunks.listTrunkGroups),
    setTrunkDisabled: unary(base, method('SetTrunkDisabled'), trunks.setTrunkDisabled),
  };
  server.addService(CampaignServiceService, implementation);

  const flows = flowHandlers({ prisma, clock });
  const flowMethod = (name: string) => `${FLOW_SERVICE_NAME}/${name}`;
  const flowImplementation: FlowServiceServer = {
    createFlow: unary(base, flowMethod('CreateFlow'), flows.createFlow),
    getFlow: unary(base, flowMethod('GetFlow'), flows.getFlow),
    listFlows: unary(base, flowMethod('ListFlows'), flows.listFlows),
    pushFlowVersion: unary(base, flowMethod('PushFlowVersion'), flows.pushFlowVersion),
    validateFlow: unary(base, flowMethod('ValidateFlow'), flows.validateFlow),
    simulateFlow: unary(base, flowMethod('SimulateFlow'), flows.simulateFlow),
  };
  server.addService(FlowServiceService, flowImplementation);

  const health = new HealthImplementation({ '': 'SERVING', [CAMPAIGN_SERVICE_NAME]: 'SERVING', [FLOW_SERVICE_NAME]: 'SERVING' });
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
      health.setStatus(FLOW_SERVICE_NAME, 'NOT_SERVING');
      shutdownController.abort(new Error('server shutting down'));
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
