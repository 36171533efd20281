// The baseline of the campaign gRPC benchmark: a bare grpc-js server registering the same
// CampaignService definition, whose handlers answer a fixed response at once (no auth, no database,
// no spans), so the difference to the real service is what the service itself adds.
import { Server, ServerCredentials, type handleUnaryCall } from '@grpc/grpc-js';
import { CampaignServiceService, type CampaignServiceServer, type CreateCampaignResponse, type GetCampaignResponse, type ListCampaignsResponse } from '@ringpace/proto';

export interface BareResponses {
  readonly createCampaign: CreateCampaignResponse;
  readonly getCampaign: GetCampaignResponse;
  readonly listCampaigns: ListCampaignsResponse;
}

export interface BareCampaignServer {
  readonly port: number;
  stop(): void;
}

function fixed<Req, Res>(response: Res): handleUnaryCall<Req, Res> {
  return (_call, callback) => callback(null, response);
}

export async function startBareCampaignServer(responses: BareResponses): Promise<BareCampaignServer> {
  const server = new Server({ 'grpc.max_receive_message_length': 4 * 1024 * 1024 });
  // Only what the benchmark calls; grpc-js answers UNIMPLEMENTED for every method left out.
  const implementation: Pick<CampaignServiceServer, 'createCampaign' | 'getCampaign' | 'listCampaigns'> = {
    createCampaign: fixed(responses.createCampaign),
    getCampaign: fixed(responses.getCampaign),
    listCampaigns: fixed(responses.listCampaigns),
  };
  server.addService(CampaignServiceService, implementation);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  return { port, stop: () => server.forceShutdown() };
}
