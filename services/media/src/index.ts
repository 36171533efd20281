// @ringpace/media: the FreeSWITCH controller — originate and call ops over NATS, call events on JetStream,
// the IVR flow runtime over ESL, reconciliation and node health.
export { startMediaApp, DEFAULT_RUNTIME_SETTINGS, type MediaApp, type MediaAppDeps, type MediaRuntimeSettings } from './app.js';
export { mediaConfigSchema, nodesOf, type MediaConfig, type NodeConfig } from './config.js';
export { createFlowRepository, prismaFlowSource, type FlowRepository, type FlowDocumentSource } from './flows/flow-repository.js';
export { callOutcome, type OutcomeFacts } from './calls/outcome.js';
export type { NodeHealth } from './node/media-node.js';
