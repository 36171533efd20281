// @ringpace/bus: the NATS subject catalogue, JetStream streams and consumers, event publishing and
// consuming with trace context, KV buckets, message dedupe, and core request/reply.
export {
  DEFAULT_NAMESPACE,
  EventFamily,
  Consumers,
  Buckets,
  SubjectTokenError,
  validateNamespace,
  validateToken,
  validateName,
  randomNamespace,
  eventSubject,
  eventFilterSubject,
  eventKindEntry,
  eventKindNames,
  eventFamilies,
  streamName,
  streamSubjects,
  consumerAddress,
  mediaOriginateSubject,
  mediaOpsSubject,
  mediaQueueGroup,
  bucketName,
  dedupeBucketName,
  namespaceStreamPrefixes,
  type EventKind,
  type EventFilter,
  type ConsumerEntry,
  type ConsumerAddress,
  type BucketId,
} from './subjects.js';
export {
  ensureStreams,
  ensureDurableConsumer,
  destroyNamespace,
  type EnsureAction,
  type EnsureResult,
  type StreamOptions,
  type DurableConsumerSpec,
} from './streams.js';
export { createEventPublisher, type EventBatchPublisher, type EventPublisher, type EventPublisherOptions, type PublishAck } from './publisher.js';
export { consume, nakDelayMs, type ConsumeOptions, type EventDelivery, type EventHandler, type RetryBackoff } from './consumer.js';
export { silentBusLogger, type BusLogger } from './logger.js';
export {
  createMessageDeduper,
  openMessageDeduper,
  ClaimHeldError,
  type DedupeClaim,
  type DeduperOptions,
  type MessageDeduper,
  type OnceResult,
  type OpenDeduperOptions,
} from './dedupe.js';
export { openBucket, type BucketOptions, type KvBucket, type KvItem, type CreateResult, type UpdateResult } from './kv.js';
export { jsonCodec, protoCodec, CodecError, type Codec, type ProtoMessageType } from './codec.js';
export {
  request,
  createRequester,
  startResponder,
  type Requester,
  type RequestOptions,
  type RequestContext,
  type Responder,
  type ResponderOptions,
} from './request-reply.js';
