// Typed JetStream KV buckets: open-or-create with a config that converges, values through a codec, and
// compare-and-swap writes whose lost race is a value ({ ok: false }) rather than an exception.
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import { withDeadline } from '@ringpace/errors';
import { jsonCodec, type Codec } from './codec.js';
import { jetStreamApiCode, toBusError } from './nats-errors.js';
import { SubjectTokenError, validateName } from './subjects.js';

const DEFAULT_TIMEOUT_MS = 5_000;
// JetStream's answer when the expected last revision of a key does not match.
const WRONG_LAST_SEQUENCE = [10071, 10164];
const KEY_PATTERN = /^[-/_=a-zA-Z0-9]+(\.[-/_=a-zA-Z0-9]+)*$/;

export interface BucketOptions<T> {
  /** How long a value lives after its last write; unset or 0 keeps values forever. */
  readonly ttlMs?: number;
  /** Revisions kept per key (1–64). Default 1. */
  readonly history?: number;
  /** Copies in the cluster. Default 1. */
  readonly replicas?: number;
  /** Default: JSON. */
  readonly codec?: Codec<T>;
  /** Deadline of each call. Default 5 s. */
  readonly timeoutMs?: number;
}

export interface KvItem<T> {
  readonly key: string;
  readonly value: T;
  /** Pass it to update() to write only if nobody wrote since. */
  readonly revision: number;
  readonly writtenAt: Date;
}

export type CreateResult<T> =
  | { readonly ok: true; readonly revision: number }
  /** The key already holds a value (current may be null if it vanished again in between). */
  | { readonly ok: false; readonly conflict: 'exists'; readonly current: KvItem<T> | null };

export type UpdateResult<T> =
  | { readonly ok: true; readonly revision: number }
  /** Someone wrote (or deleted) the key after `revision`; current is what is there now. */
  | { readonly ok: false; readonly conflict: 'revision'; readonly current: KvItem<T> | null };

export interface KvBucket<T> {
  readonly name: string;
  /** The value, or null when the key is absent, deleted or expired. */
  get(key: string): Promise<KvItem<T> | null>;
  /** Writes unconditionally; returns the new revision. */
  put(key: string, value: T): Promise<number>;
  /** Writes only if the key holds no value: the first writer wins. */
  create(key: string, value: T): Promise<CreateResult<T>>;
  /** Writes only if the key is still at `revision` (compare-and-swap). */
  update(key: string, value: T, revision: number): Promise<UpdateResult<T>>;
  /** Deletes the key; with `revision`, only if it is still at that revision. */
  delete(key: string, revision?: number): Promise<UpdateResult<T>>;
}

function checkKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new SubjectTokenError('kv key', key, 'must be dot-separated tokens of letters, digits and -/_=');
  return key;
}

class TypedBucket<T> implements KvBucket<T> {
  constructor(
    readonly name: string,
    private readonly kv: KV,
    private readonly codec: Codec<T>,
    private readonly timeoutMs: number,
  ) {}

  private async call<R>(operation: string, work: () => Promise<R>): Promise<R> {
    try {
      return await withDeadline(`kv ${this.name} ${operation}`, this.timeoutMs, work);
    } catch (error) {
      throw toBusError(`kv ${this.name} ${operation}`, this.timeoutMs, error);
    }
  }

  private toItem(entry: KvEntry | null): KvItem<T> | null {
    if (entry === null || entry.operation !== 'PUT') return null;
    return { key: entry.key, value: this.codec.decode(entry.value), revision: entry.revision, writtenAt: entry.created };
  }

  async get(key: string): Promise<KvItem<T> | null> {
    const entry = await this.call(`get ${checkKey(key)}`, () => this.kv.get(key));
    return this.toItem(entry);
  }

  put(key: string, value: T): Promise<number> {
    return this.call(`put ${checkKey(key)}`, () => this.kv.put(key, this.codec.encode(value)));
  }

  async create(key: string, value: T): Promise<CreateResult<T>> {
    try {
      const revision = await this.call(`create ${checkKey(key)}`, () => this.kv.create(key, this.codec.encode(value)));
      return { ok: true, revision };
    } catch (error) {
      if (!isWrongRevision(error)) throw error;
      return { ok: false, conflict: 'exists', current: await this.get(key) };
    }
  }

  async update(key: string, value: T, revision: number): Promise<UpdateResult<T>> {
    try {
      const next = await this.call(`update ${checkKey(key)}`, () => this.kv.update(key, this.codec.encode(value), revision));
      return { ok: true, revision: next };
    } catch (error) {
      if (!isWrongRevision(error)) throw error;
      return { ok: false, conflict: 'revision', current: await this.get(key) };
    }
  }

  async delete(key: string, revision?: number): Promise<UpdateResult<T>> {
    try {
      await this.call(`delete ${checkKey(key)}`, () => this.kv.delete(key, revision === undefined ? {} : { previousSeq: revision }));
      return { ok: true, revision: 0 };
    } catch (error) {
      if (!isWrongRevision(error)) throw error;
      return { ok: false, conflict: 'revision', current: await this.get(key) };
    }
  }
}

function isWrongRevision(error: unknown): boolean {
  const code = jetStreamApiCode(error);
  return code !== undefined && WRONG_LAST_SEQUENCE.includes(code);
}

/**
 * Opens a bucket, creating it when missing and bringing its TTL, history and replicas to the options
 * when they differ, so every service start converges on the configured bucket.
 */
export async function openBucket<T>(js: JetStreamClient, name: string, options: BucketOptions<T> = {}): Promise<KvBucket<T>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const history = options.history ?? 1;
  const ttlMs = options.ttlMs ?? 0;
  const replicas = options.replicas ?? 1;
  validateName('bucket name', name);
  const operation = `open kv bucket ${name}`;
  try {
    return await withDeadline(operation, timeoutMs, async () => {
      const kv = await new Kvm(js).create(name, { history, ttl: ttlMs, replicas, timeout: timeoutMs });
      const status = await kv.status();
      if (status.history !== history || status.ttl !== ttlMs || status.replicas !== replicas) {
        const jsm: JetStreamManager = await js.jetstreamManager();
        const config = status.streamInfo.config;
        await jsm.streams.update(config.name, {
          ...config,
          max_msgs_per_subject: history,
          max_age: ttlMs * 1_000_000,
          num_replicas: replicas,
        });
      }
      return new TypedBucket<T>(name, kv, options.codec ?? jsonCodec<T>(), timeoutMs);
    });
  } catch (error) {
    throw toBusError(operation, timeoutMs, error);
  }
}
