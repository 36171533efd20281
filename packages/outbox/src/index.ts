export {
  campaignAggregate,
  createOutbox,
  DEFAULT_OUTBOX_BATCH,
  DEFAULT_PUBLISH_TIMEOUT_MS,
  type Outbox,
  type OutboxOptions,
  type PublishEvent,
  type SqlClient,
} from './outbox.js';
