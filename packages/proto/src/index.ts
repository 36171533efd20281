// @ringpace/proto: the ts-proto types, codecs and gRPC service definitions generated from proto/
// (package ringpace.v1), re-exported flat, plus where the binary descriptor set lives for gRPC reflection.
// Names are unique across files because protobuf names are unique within a package; the per-file
// `protobufPackage` constants that would collide are not exported (ts-proto exportCommonSymbols=false).
import { fileURLToPath } from 'node:url';

export * from './gen/ringpace/v1/common.js';
export * from './gen/ringpace/v1/tenant.js';
export * from './gen/ringpace/v1/campaign.js';
export * from './gen/ringpace/v1/schedule.js';
export * from './gen/ringpace/v1/contacts.js';
export * from './gen/ringpace/v1/blacklist.js';
export * from './gen/ringpace/v1/trunk.js';
export * from './gen/ringpace/v1/flow.js';
export * from './gen/ringpace/v1/agent.js';
export * from './gen/ringpace/v1/media.js';
export * from './gen/ringpace/v1/recording.js';
export * from './gen/ringpace/v1/reporting.js';
export * from './gen/ringpace/v1/events.js';

/** The protobuf package every ringpace service lives in, for fully qualified names ("ringpace.v1.CampaignService"). */
export const PROTO_PACKAGE = 'ringpace.v1';

/**
 * Absolute path of the binary FileDescriptorSet (every ringpace.v1 file and its imports) written by
 * `npm run codegen`; gRPC servers load it to answer reflection requests. The file sits beside src/ and
 * dist/, so the same relative step works from either.
 */
export function descriptorSetPath(): string {
  return fileURLToPath(new URL('../descriptor/ringpace.binpb', import.meta.url));
}
