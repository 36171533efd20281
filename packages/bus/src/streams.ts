// Declares the JetStream streams and durable consumers a namespace needs. Safe to run on every start of
// every pod: what exists with the wanted config is left alone, what differs is updated, what is missing
// is added, and settings the server cannot change in place are refused with a typed error.
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  ReplayPolicy,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { FailedPreconditionError, withDeadline } from '@ringpace/errors';
import { jetStreamApiCode, toBusError } from './nats-errors.js';
import { eventFamilies, namespaceStreamPrefixes, streamName, streamSubjects, validateName } from './subjects.js';

const NANOS_PER_MS = 1_000_000;
const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1_000;
const DEFAULT_DUPLICATE_WINDOW_MS = 2 * 60 * 1_000;
// "stream name already in use with a different configuration": another pod added it a moment ago.
const STREAM_NAME_IN_USE = 10058;

export type EnsureAction = 'created' | 'updated' | 'unchanged';

export interface EnsureResult {
  readonly name: string;
  readonly action: EnsureAction;
}

export interface StreamOptions {
  /** Copies of each stream in the cluster (1, 3 or 5). Default 1. */
  readonly replicas?: number;
  /** How long events are kept. Default 7 days. */
  readonly maxAgeMs?: number;
  /** How long JetStream remembers a Nats-Msg-Id to drop a re-published event. Default 2 minutes. */
  readonly duplicateWindowMs?: number;
  /** Deadline of each JetStream API call. Default 5 s. */
  readonly timeoutMs?: number;
}

/** The settings ringpace decides; the server fills in the rest. */
type WantedStream = Pick<StreamConfig, 'name' | 'subjects' | 'retention' | 'storage' | 'discard' | 'num_replicas' | 'max_age' | 'duplicate_window'>;

function desiredStream(name: string, subjects: string[], options: StreamOptions): WantedStream {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  return {
    name,
    subjects,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    num_replicas: options.replicas ?? 1,
    max_age: maxAgeMs * NANOS_PER_MS,
    // The window may not exceed max_age.
    duplicate_window: Math.min(options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS, maxAgeMs) * NANOS_PER_MS,
  };
}

function sameSubjects(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...b].sort());
}

async function ensureStream(jsm: JetStreamManager, wanted: WantedStream, timeoutMs: number): Promise<EnsureResult> {
  const call = <T>(operation: string, work: () => Promise<T>): Promise<T> =>
    withDeadline(operation, timeoutMs, work).catch((error: unknown) => {
      throw toBusError(operation, timeoutMs, error);
    });
  const info = await call(`stream info ${wanted.name}`, () => jsm.streams.info(wanted.name)).catch((error: unknown) => {
    if (jetStreamApiCode(error) === JetStreamApiCodes.StreamNotFound) return undefined;
    throw error;
  });
  if (info === undefined) {
    try {
      await call(`stream add ${wanted.name}`, () => jsm.streams.add(wanted));
      return { name: wanted.name, action: 'created' };
    } catch (error) {
      if (jetStreamApiCode(error) !== STREAM_NAME_IN_USE) throw error;
      return ensureStream(jsm, wanted, timeoutMs);
    }
  }
  const have = info.config;
  if (have.storage !== wanted.storage || have.retention !== wanted.retention) {
    throw new FailedPreconditionError(
      `stream ${wanted.name} has storage ${have.storage}/retention ${have.retention}, wanted ${wanted.storage}/${wanted.retention}; ` +
        'these cannot change in place: move the data and delete the stream first',
    );
  }
  const differs =
    !sameSubjects(have.subjects, wanted.subjects) ||
    have.max_age !== wanted.max_age ||
    have.num_replicas !== wanted.num_replicas ||
    have.duplicate_window !== wanted.duplicate_window ||
    have.discard !== wanted.discard;
  if (!differs) return { name: wanted.name, action: 'unchanged' };
  await call(`stream update ${wanted.name}`, () => jsm.streams.update(wanted.name, { ...have, ...wanted }));
  return { name: wanted.name, action: 'updated' };
}

/** Adds or updates the event streams of a namespace (`<NS>_CAMPAIGN`, `<NS>_CALL`, `<NS>_RECORDING`). */
export async function ensureStreams(jsm: JetStreamManager, namespace: string, options: StreamOptions = {}): Promise<EnsureResult[]> {
  const results: EnsureResult[] = [];
  for (const family of eventFamilies) {
    const wanted = desiredStream(streamName(namespace, family), streamSubjects(namespace, family), options);
    results.push(await ensureStream(jsm, wanted, options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  }
  return results;
}

export interface DurableConsumerSpec {
  readonly stream: string;
  readonly durable: string;
  /** A single subject (NATS 2.9 has no multi-filter consumers); see eventFilterSubject(). */
  readonly filterSubject: string;
  readonly description?: string;
  /** Deliveries before JetStream gives up on a message. Default 10. */
  readonly maxDeliver?: number;
  /** How long a delivered message may stay unacknowledged before redelivery. Default 30 s. */
  readonly ackWaitMs?: number;
  /** Unacknowledged messages in flight across all instances. Default 256. */
  readonly maxAckPending?: number;
  /** Deadline of each JetStream API call. Default 5 s. */
  readonly timeoutMs?: number;
}

function desiredConsumer(spec: DurableConsumerSpec): Partial<ConsumerConfig> {
  return {
    durable_name: validateName('durable name', spec.durable),
    description: spec.description ?? '',
    filter_subject: spec.filterSubject,
    // A new consumer starts from the first stored event, so a service deployed after events were
    // published still sees them; its handlers are idempotent anyway.
    deliver_policy: DeliverPolicy.All,
    ack_policy: AckPolicy.Explicit,
    replay_policy: ReplayPolicy.Instant,
    max_deliver: spec.maxDeliver ?? 10,
    ack_wait: (spec.ackWaitMs ?? 30_000) * NANOS_PER_MS,
    max_ack_pending: spec.maxAckPending ?? 256,
  };
}

/** Adds or updates one durable pull consumer (explicit ack, deliver-all) to match the spec. */
export async function ensureDurableConsumer(jsm: JetStreamManager, spec: DurableConsumerSpec): Promise<EnsureResult> {
  const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const wanted = desiredConsumer(spec);
  const name = `${spec.stream}/${spec.durable}`;
  const call = <T>(operation: string, work: () => Promise<T>): Promise<T> =>
    withDeadline(operation, timeoutMs, work).catch((error: unknown) => {
      throw toBusError(operation, timeoutMs, error);
    });
  const info = await call(`consumer info ${name}`, () => jsm.consumers.info(spec.stream, spec.durable)).catch((error: unknown) => {
    if (jetStreamApiCode(error) === JetStreamApiCodes.ConsumerNotFound) return undefined;
    throw error;
  });
  if (info === undefined) {
    // Adding a consumer whose exact config already exists is a no-op on the server, so a race between
    // two pods starting together ends with one consumer either way.
    await call(`consumer add ${name}`, () => jsm.consumers.add(spec.stream, wanted));
    return { name, action: 'created' };
  }
  const have = info.config;
  if (have.deliver_policy !== wanted.deliver_policy || have.ack_policy !== wanted.ack_policy) {
    throw new FailedPreconditionError(
      `consumer ${name} has deliver policy ${have.deliver_policy} and ack policy ${have.ack_policy}, which cannot change in place`,
    );
  }
  const differs =
    (have.description ?? '') !== wanted.description ||
    have.filter_subject !== wanted.filter_subject ||
    have.max_deliver !== wanted.max_deliver ||
    have.ack_wait !== wanted.ack_wait ||
    have.max_ack_pending !== wanted.max_ack_pending;
  if (!differs) return { name, action: 'unchanged' };
  const { durable_name: _durable, deliver_policy: _deliver, ack_policy: _ack, replay_policy: _replay, ...updatable } = wanted;
  await call(`consumer update ${name}`, () => jsm.consumers.update(spec.stream, spec.durable, updatable));
  return { name, action: 'updated' };
}

/**
 * Deletes every stream of a namespace, KV buckets included. For tests and demo resets: production
 * namespaces are never torn down by code.
 */
export async function destroyNamespace(jsm: JetStreamManager, namespace: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string[]> {
  const prefixes = namespaceStreamPrefixes(namespace);
  const names = await withDeadline('list streams', timeoutMs, async () => {
    const found: string[] = [];
    for await (const name of jsm.streams.names()) found.push(name);
    return found;
  });
  const doomed = names.filter((name) => prefixes.some((prefix) => name.startsWith(prefix)));
  for (const name of doomed) await withDeadline(`delete stream ${name}`, timeoutMs, () => jsm.streams.delete(name));
  return doomed;
}
