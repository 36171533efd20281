// The CLI's own gRPC client for CampaignService and FlowService: a deadline on every call, the credential
// as `authorization: Bearer …`, and gRPC errors turned into AppErrors carrying the server's violations.
import { credentials, Metadata, type CallOptions, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import {
  CampaignServiceClient,
  FlowServiceClient,
  type AddBlacklistEntriesRequest,
  type AddBlacklistEntriesResponse,
  type CreateApiKeyRequest,
  type CreateApiKeyResponse,
  type CreateCampaignRequest,
  type CreateCampaignResponse,
  type CreateFlowRequest,
  type CreateFlowResponse,
  type CreateTenantRequest,
  type CreateTenantResponse,
  type GetCampaignRequest,
  type GetCampaignResponse,
  type GetFlowRequest,
  type GetFlowResponse,
  type GetImportRequest,
  type GetImportResponse,
  type GetTenantHolidaysRequest,
  type GetTenantHolidaysResponse,
  type ImportContactsResponse,
  type ImportHeader,
  type ListBlacklistRequest,
  type ListBlacklistResponse,
  type ListCampaignsRequest,
  type ListCampaignsResponse,
  type ListContactsRequest,
  type ListContactsResponse,
  type ListFlowsRequest,
  type ListFlowsResponse,
  type ListImportRejectionsRequest,
  type ListImportRejectionsResponse,
  type PauseCampaignRequest,
  type PauseCampaignResponse,
  type PrepareCampaignRequest,
  type PrepareCampaignResponse,
  type PushFlowVersionRequest,
  type PushFlowVersionResponse,
  type RemoveBlacklistEntriesRequest,
  type RemoveBlacklistEntriesResponse,
  type ResumeCampaignRequest,
  type ResumeCampaignResponse,
  type RevokeApiKeyRequest,
  type RevokeApiKeyResponse,
  type SetTenantHolidaysRequest,
  type SetTenantHolidaysResponse,
  type SimulateFlowRequest,
  type SimulateFlowResponse,
  type StartCampaignRequest,
  type StartCampaignResponse,
  type StopCampaignRequest,
  type StopCampaignResponse,
  type UpdateCampaignRequest,
  type UpdateCampaignResponse,
  type ValidateFlowRequest,
  type ValidateFlowResponse,
  type WatchCampaignRequest,
  type WatchCampaignResponse,
  type ImportContactsRequest,
  type CreateTrunkGroupRequest,
  type CreateTrunkGroupResponse,
  type GetTrunkGroupRequest,
  type GetTrunkGroupResponse,
  type ListTrunkGroupsRequest,
  type ListTrunkGroupsResponse,
  type SetTrunkDisabledRequest,
  type SetTrunkDisabledResponse,
} from '@ringpace/proto';
import { fromServiceError, isServiceError } from './errors.js';

export type Unary<Req, Res> = (request: Req) => Promise<Res>;

export interface ImportOptions {
  /** Deadline of the whole upload, from the first byte to the summary. */
  readonly timeoutMs: number;
  /** Called after each chunk is handed to the stream, with the bytes sent so far. */
  readonly onSent?: (bytesSent: number) => void;
  readonly signal?: AbortSignal;
}

/** The calls the CLI makes. Commands depend on this interface only, so tests can hand them a fake. */
export interface RingpaceClient {
  createTenant: Unary<CreateTenantRequest, CreateTenantResponse>;
  createApiKey: Unary<CreateApiKeyRequest, CreateApiKeyResponse>;
  revokeApiKey: Unary<RevokeApiKeyRequest, RevokeApiKeyResponse>;
  createCampaign: Unary<CreateCampaignRequest, CreateCampaignResponse>;
  getCampaign: Unary<GetCampaignRequest, GetCampaignResponse>;
  listCampaigns: Unary<ListCampaignsRequest, ListCampaignsResponse>;
  updateCampaign: Unary<UpdateCampaignRequest, UpdateCampaignResponse>;
  prepareCampaign: Unary<PrepareCampaignRequest, PrepareCampaignResponse>;
  startCampaign: Unary<StartCampaignRequest, StartCampaignResponse>;
  pauseCampaign: Unary<PauseCampaignRequest, PauseCampaignResponse>;
  resumeCampaign: Unary<ResumeCampaignRequest, ResumeCampaignResponse>;
  stopCampaign: Unary<StopCampaignRequest, StopCampaignResponse>;
  getImport: Unary<GetImportRequest, GetImportResponse>;
  listImportRejections: Unary<ListImportRejectionsRequest, ListImportRejectionsResponse>;
  listContacts: Unary<ListContactsRequest, ListContactsResponse>;
  addBlacklistEntries: Unary<AddBlacklistEntriesRequest, AddBlacklistEntriesResponse>;
  removeBlacklistEntries: Unary<RemoveBlacklistEntriesRequest, RemoveBlacklistEntriesResponse>;
  listBlacklist: Unary<ListBlacklistRequest, ListBlacklistResponse>;
  setTenantHolidays: Unary<SetTenantHolidaysRequest, SetTenantHolidaysResponse>;
  getTenantHolidays: Unary<GetTenantHolidaysRequest, GetTenantHolidaysResponse>;
  createTrunkGroup: Unary<CreateTrunkGroupRequest, CreateTrunkGroupResponse>;
  getTrunkGroup: Unary<GetTrunkGroupRequest, GetTrunkGroupResponse>;
  listTrunkGroups: Unary<ListTrunkGroupsRequest, ListTrunkGroupsResponse>;
  setTrunkDisabled: Unary<SetTrunkDisabledRequest, SetTrunkDisabledResponse>;
  createFlow: Unary<CreateFlowRequest, CreateFlowResponse>;
  getFlow: Unary<GetFlowRequest, GetFlowResponse>;
  listFlows: Unary<ListFlowsRequest, ListFlowsResponse>;
  pushFlowVersion: Unary<PushFlowVersionRequest, PushFlowVersionResponse>;
  validateFlow: Unary<ValidateFlowRequest, ValidateFlowResponse>;
  simulateFlow: Unary<SimulateFlowRequest, SimulateFlowResponse>;
  /** Progress now and on every change, until the campaign ends or `signal` aborts (then it just ends). */
  watchCampaign(request: WatchCampaignRequest, signal?: AbortSignal): AsyncIterable<WatchCampaignResponse>;
  /** Sends the header, then the chunks in order; resolves with the import summary. */
  importContacts(header: ImportHeader, chunks: AsyncIterable<Uint8Array>, options: ImportOptions): Promise<ImportContactsResponse>;
  close(): void;
}

export interface ClientOptions {
  /** host:port. */
  readonly address: string;
  /** API key or admin token, sent as a bearer credential; undefined sends none. */
  readonly credential: string | undefined;
  /** Deadline of each unary call. */
  readonly timeoutMs: number;
}

export type ClientFactory = (options: ClientOptions) => RingpaceClient;

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;


/** The real client over grpc-js (plaintext, as the services listen inside the cluster or on localhost). */
export const createGrpcClient: ClientFactory = (options) => {
  const channelCredentials = credentials.createInsecure();
  const campaigns = new CampaignServiceClient(options.address, channelCredentials);
  const flows = new FlowServiceClient(options.address, channelCredentials, { channelOverride: campaigns.getChannel() });
  const toError = (error: unknown): Error => {
    if (isServiceError(error)) return fromServiceError(error, options.address);
    return error instanceof Error ? error : new Error(String(error));
  };
  const metadata = (): Metadata => {
    const md = new Metadata();
    if (options.credential !== undefined) md.set('authorization', `Bearer ${options.credential}`);
    return md;
  };
  const unary =
    <Req, Res>(method: UnaryMethod<Req, Res>): Unary<Req, Res> =>
    (request) =>
      new Promise<Res>((resolve, reject) => {
        method(request, metadata(), { deadline: new Date(Date.now() + options.timeoutMs) }, (error, response) => {
          if (error) reject(fromServiceError(error, options.address));
          else resolve(response);
        });
      });

  return {
    createTenant: unary(campaigns.createTenant.bind(campaigns)),
    createApiKey: unary(campaigns.createApiKey.bind(campaigns)),
    revokeApiKey: unary(campaigns.revokeApiKey.bind(campaigns)),
    createCampaign: unary(campaigns.createCampaign.bind(campaigns)),
    getCampaign: unary(campaigns.getCampaign.bind(campaigns)),
    listCampaigns: unary(campaigns.listCampaigns.bind(campaigns)),
    updateCampaign: unary(campaigns.updateCampaign.bind(campaigns)),
    prepareCampaign: unary(campaigns.prepareCampaign.bind(campaigns)),
    startCampaign: unary(campaigns.startCampaign.bind(campaigns)),
    pauseCampaign: unary(campaigns.pauseCampaign.bind(campaigns)),
    resumeCampaign: unary(campaigns.resumeCampaign.bind(campaigns)),
    stopCampaign: unary(campaigns.stopCampaign.bind(campaigns)),
    getImport: unary(campaigns.getImport.bind(campaigns)),
    listImportRejections: unary(campaigns.listImportRejections.bind(campaigns)),
    listContacts: unary(campaigns.listContacts.bind(campaigns)),
    addBlacklistEntries: unary(campaigns.addBlacklistEntries.bind(campaigns)),
    removeBlacklistEntries: unary(campaigns.removeBlacklistEntries.bind(campaigns)),
    listBlacklist: unary(campaigns.listBlacklist.bind(campaigns)),
    setTenantHolidays: unary(campaigns.setTenantHolidays.bind(campaigns)),
    getTenantHolidays: unary(campaigns.getTenantHolidays.bind(campaigns)),
    createTrunkGroup: unary(campaigns.createTrunkGroup.bind(campaigns)),
    getTrunkGroup: unary(campaigns.getTrunkGroup.bind(campaigns)),
    listTrunkGroups: unary(campaigns.listTrunkGroups.bind(campaigns)),
    setTrunkDisabled: unary(campaigns.setTrunkDisabled.bind(campaigns)),
    createFlow: unary(flows.createFlow.bind(flows)),
    getFlow: unary(flows.getFlow.bind(flows)),
    listFlows: unary(flows.listFlows.bind(flows)),
    pushFlowVersion: unary(flows.pushFlowVersion.bind(flows)),
    validateFlow: unary(flows.validateFlow.bind(flows)),
    simulateFlow: unary(flows.simulateFlow.bind(flows)),

    async *watchCampaign(request, signal) {
      // No deadline: a watch lasts as long as the campaign runs; the operator ends it with Ctrl-C.
      const call = campaigns.watchCampaign(request, metadata());
      const cancel = () => call.cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      try {
        for await (const message of call as AsyncIterable<WatchCampaignResponse>) yield message;
      } catch (error) {
        if (signal?.aborted === true) return;
        throw toError(error);
      } finally {
        signal?.removeEventListener('abort', cancel);
        call.cancel();
      }
    },

    importContacts(header, chunks, importOptions) {
      return new Promise<ImportContactsResponse>((resolve, reject) => {
        // Aborted when the call ends either way, so a writer waiting for 'drain' never waits forever.
        const ended = new AbortController();
        const call = campaigns.importContacts(metadata(), { deadline: new Date(Date.now() + importOptions.timeoutMs) }, (error, response) => {
          ended.abort();
          if (error) reject(fromServiceError(error, options.address));
          else resolve(response);
        });
        const cancel = () => call.cancel();
        importOptions.signal?.addEventListener('abort', cancel, { once: true });
        const write = (message: ImportContactsRequest) =>
          new Promise<void>((done) => {
            if (call.write(message) || ended.signal.aborted) return done();
            call.once('drain', () => done());
            ended.signal.addEventListener('abort', () => done(), { once: true });
          });
        void (async () => {
          let sent = 0;
          try {
            await write({ part: { $case: 'header', value: header } });
            for await (const chunk of chunks) {
              if (ended.signal.aborted) return;
              await write({ part: { $case: 'chunk', value: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) } });
              sent += chunk.byteLength;
              importOptions.onSent?.(sent);
            }
            call.end();
          } catch (error) {
            call.cancel();
            reject(toError(error));
          } finally {
            importOptions.signal?.removeEventListener('abort', cancel);
          }
        })();
      });
    },

    close() {
      // Both clients share one channel; closing it once closes both.
      campaigns.close();
    },
  };
};
