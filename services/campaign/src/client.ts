// A small promise-based CampaignService client with a deadline on every call, for the demo, the
// benchmarks and the tests (the ringpace CLI has its own).
import { credentials, Metadata, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import { fromGrpcError, type AppError } from '@ringpace/errors';
import {
  CampaignServiceClient,
  type CreateApiKeyRequest,
  type CreateApiKeyResponse,
  type CreateCampaignRequest,
  type CreateCampaignResponse,
  type CreateTenantRequest,
  type CreateTenantResponse,
  type GetCampaignRequest,
  type GetCampaignResponse,
  type ListCampaignsRequest,
  type ListCampaignsResponse,
  type RevokeApiKeyRequest,
  type RevokeApiKeyResponse,
  type UpdateCampaignRequest,
  type UpdateCampaignResponse,
  type PrepareCampaignRequest,
  type PrepareCampaignResponse,
  type StartCampaignRequest,
  type StartCampaignResponse,
  type PauseCampaignRequest,
  type PauseCampaignResponse,
  type ResumeCampaignRequest,
  type ResumeCampaignResponse,
  type StopCampaignRequest,
  type StopCampaignResponse,
  type GetImportRequest,
  type GetImportResponse,
  type ListImportRejectionsRequest,
  type ListImportRejectionsResponse,
  type ListContactsRequest,
  type ListContactsResponse,
  type AddBlacklistEntriesRequest,
  type AddBlacklistEntriesResponse,
  type RemoveBlacklistEntriesRequest,
  type RemoveBlacklistEntriesResponse,
  type ListBlacklistRequest,
  type ListBlacklistResponse,
  type SetTenantHolidaysRequest,
  type SetTenantHolidaysResponse,
  type GetTenantHolidaysRequest,
  type GetTenantHolidaysResponse,
  type ImportContactsRequest,
  type ImportContactsResponse,
  type ImportHeader,
  type WatchCampaignRequest,
  type WatchCampaignResponse,
  type CreateTrunkGroupRequest,
  type CreateTrunkGroupResponse,
  type GetTrunkGroupRequest,
  type GetTrunkGroupResponse,
  type ListTrunkGroupsRequest,
  type ListTrunkGroupsResponse,
  type SetTrunkDisabledRequest,
  type SetTrunkDisabledResponse,
} from '@ringpace/proto';

export interface CampaignClientOptions {
  /** host:port of the campaign service. */
  readonly address: string;
  /** Admin token or API key, sent as `authorization: Bearer …`; omit to send none. */
  readonly credential?: string;
  readonly timeoutMs?: number;
}

export class CampaignClient {
  readonly raw: CampaignServiceClient;
  private readonly credential: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: CampaignClientOptions) {
    this.raw = new CampaignServiceClient(options.address, credentials.createInsecure());
    this.credential = options.credential;
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  /** The same connection with another credential. */
  as(credential: string | undefined): CampaignClient {
    const other = Object.create(CampaignClient.prototype) as CampaignClient;
    Object.assign(other, { raw: this.raw, credential, timeoutMs: this.timeoutMs });
    return other;
  }

  private call<Res>(metadata: Metadata | undefined, invoke: (md: Metadata, options: CallOptions, callback: (error: ServiceError | null, response: Res) => void) => unknown): Promise<Res> {
    const md = metadata ?? new Metadata();
    if (this.credential !== undefined && md.get('authorization').length === 0) md.set('authorization', `Bearer ${this.credential}`);
    return new Promise<Res>((resolve, reject) => {
      invoke(md, { deadline: new Date(Date.now() + this.timeoutMs) }, (error, response) => {
        if (error) reject(fromGrpcError(error));
        else resolve(response);
      });
    });
  }

  createTenant(request: CreateTenantRequest, metadata?: Metadata): Promise<CreateTenantResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.createTenant(request, md, options, callback));
  }
  createApiKey(request: CreateApiKeyRequest, metadata?: Metadata): Promise<CreateApiKeyResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.createApiKey(request, md, options, callback));
  }
  revokeApiKey(request: RevokeApiKeyRequest, metadata?: Metadata): Promise<RevokeApiKeyResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.revokeApiKey(request, md, options, callback));
  }
  createCampaign(request: CreateCampaignRequest, metadata?: Metadata): Promise<CreateCampaignResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.createCampaign(request, md, options, callback));
  }
  getCampaign(request: GetCampaignRequest, metadata?: Metadata): Promise<GetCampaignResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.getCampaign(request, md, options, callback));
  }
  listCampaigns(request: ListCampaignsRequest, metadata?: Metadata): Promise<ListCampaignsResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.listCampaigns(request, md, options, callback));
  }

  updateCampaign(request: UpdateCampaignRequest, metadata?: Metadata): Promise<UpdateCampaignResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.updateCampaign(request, md, options, callback));
  }
  prepareCampaign(request: PrepareCampaignRequest, metadata?: Metadata): Promise<PrepareCampaignResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.prepareCampaign(request, md, options, callback));
  }
  startCampaign(request: StartCampaignRequest, metadata?: Metadata): Promise<StartCampaignResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.startCampaign(request, md, options, callback));
  }
  pauseCampaign(request: PauseCampaignRequest, metadata?: Metadata): Promise<PauseCampaignResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.pauseCampaign(request, md, options, callback));
  }
  resumeCampaign(request: ResumeCampaignRequest, metadata?: Metadata): Promise<ResumeCampaignResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.resumeCampaign(request, md, options, callback));
  }
  stopCampaign(request: StopCampaignRequest, metadata?: Metadata): Promise<StopCampaignResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.stopCampaign(request, md, options, callback));
  }
  getImport(request: GetImportRequest, metadata?: Metadata): Promise<GetImportResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.getImport(request, md, options, callback));
  }
  listImportRejections(request: ListImportRejectionsRequest, metadata?: Metadata): Promise<ListImportRejectionsResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.listImportRejections(request, md, options, callback));
  }
  listContacts(request: ListContactsRequest, metadata?: Metadata): Promise<ListContactsResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.listContacts(request, md, options, callback));
  }
  addBlacklistEntries(request: AddBlacklistEntriesRequest, metadata?: Metadata): Promise<AddBlacklistEntriesResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.addBlacklistEntries(request, md, options, callback));
  }
  removeBlacklistEntries(request: RemoveBlacklistEntriesRequest, metadata?: Metadata): Promise<RemoveBlacklistEntriesResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.removeBlacklistEntries(request, md, options, callback));
  }
  listBlacklist(request: ListBlacklistRequest, metadata?: Metadata): Promise<ListBlacklistResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.listBlacklist(request, md, options, callback));
  }
  setTenantHolidays(request: SetTenantHolidaysRequest, metadata?: Metadata): Promise<SetTenantHolidaysResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.setTenantHolidays(request, md, options, callback));
  }
  getTenantHolidays(request: GetTenantHolidaysRequest, metadata?: Metadata): Promise<GetTenantHolidaysResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.getTenantHolidays(request, md, options, callback));
  }
  createTrunkGroup(request: CreateTrunkGroupRequest, metadata?: Metadata): Promise<CreateTrunkGroupResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.createTrunkGroup(request, md, options, callback));
  }
  getTrunkGroup(request: GetTrunkGroupRequest, metadata?: Metadata): Promise<GetTrunkGroupResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.getTrunkGroup(request, md, options, callback));
  }
  listTrunkGroups(request: ListTrunkGroupsRequest, metadata?: Metadata): Promise<ListTrunkGroupsResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.listTrunkGroups(request, md, options, callback));
  }
  setTrunkDisabled(request: SetTrunkDisabledRequest, metadata?: Metadata): Promise<SetTrunkDisabledResponse> {
    return this.call(metadata, (md, options, callback) => this.raw.setTrunkDisabled(request, md, options, callback));
  }

  /** Progress updates until the campaign ends or `signal` aborts. No deadline: a watch lasts. */
  async *watchCampaign(request: WatchCampaignRequest, signal?: AbortSignal): AsyncGenerator<WatchCampaignResponse> {
    const md = this.metadata();
    const call = this.raw.watchCampaign(request, md);
    const cancel = () => call.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      for await (const message of call as AsyncIterable<WatchCampaignResponse>) yield message;
    } catch (error) {
      if (signal?.aborted) return;
      throw isServiceError(error) ? fromGrpcError(error) : error;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  /** Streams a file: the header first, then its bytes in chunks. The deadline covers the whole upload. */
  importContacts(header: ImportHeader, chunks: AsyncIterable<Uint8Array>, timeoutMs = 30 * 60_000): Promise<ImportContactsResponse> {
    return new Promise<ImportContactsResponse>((resolve, reject) => {
      const call = this.raw.importContacts(this.metadata(), { deadline: new Date(Date.now() + timeoutMs) }, (error, response) => {
        if (error) reject(fromGrpcError(error));
        else resolve(response);
      });
      void (async () => {
        const write = (message: ImportContactsRequest) => new Promise<void>((done) => (call.write(message) ? done() : call.once('drain', () => done())));
        try {
          await write({ part: { $case: 'header', value: header } });
          for await (const chunk of chunks) await write({ part: { $case: 'chunk', value: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) } });
          call.end();
        } catch (error) {
          call.cancel();
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      })();
    });
  }

  private metadata(): Metadata {
    const md = new Metadata();
    if (this.credential !== undefined) md.set('authorization', `Bearer ${this.credential}`);
    return md;
  }

  close(): void {
    this.raw.close();
  }
}

function isServiceError(error: unknown): error is ServiceError {
  return typeof error === 'object' && error !== null && 'code' in error && 'metadata' in error;
}

export type { AppError };
