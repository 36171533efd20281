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

  close(): void {
    this.raw.close();
  }
}

export type { AppError };
