// Runs a message's side effect once per key (usually the event id) for handlers that have no database
// transaction to hang idempotency on. Handlers that write to PostgreSQL must instead insert a row with a
// unique key (event id, or attempt id + sequence) in the same transaction as their effect.
import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import { AppError } from '@ringpace/errors';
import { openBucket, type KvBucket } from './kv.js';
import { dedupeBucketName } from './subjects.js';

/** What the bucket holds per key: a claim while the work runs, a done mark after. */
export interface DedupeClaim {
  readonly state: 'pending' | 'done';
  /** Which deduper instance holds or finished it. */
  readonly owner: string;
  /** Epoch milliseconds of the claim or of the done mark. */
  readonly atMs: number;
}

export type OnceResult<T> =
  /** The work ran here. `recorded` is false when the done mark could not be written (see once()). */
  | { readonly ran: true; readonly value: T; readonly recorded: boolean }
  /** The work already ran (by any instance) within the TTL; nothing was done. */
  | { readonly ran: false; readonly doneAt: Date };

/** Another instance is running the same key right now; retry later (a consumer naks with backoff). */
export class ClaimHeldError extends AppError {
  override readonly name = 'ClaimHeldError';
  constructor(
    readonly key: string,
    readonly owner: string,
  ) {
    super(`"${key}" is being handled by ${owner}`, { code: 'UNAVAILABLE', retryable: true });
  }
}

export interface MessageDeduper {
  /**
   * Runs `work` unless it already ran for `key` within the TTL. Claims the key first with a create (the
   * first claim wins), so two instances never run it together; a claim left by a crashed instance is
   * taken over after the lease. If `work` throws, the claim is released so a redelivery can retry.
   * If the done mark cannot be written after `work` succeeded, the result says `recorded: false` and the
   * claim expires after the lease: a later duplicate could then run again (at least once, never lost).
   */
  once<T>(key: string, work: () => Promise<T>): Promise<OnceResult<T>>;
}

export interface DeduperOptions {
  /** How long a claim protects running work before another instance may take over. Default 60 s; keep it above the handler deadline. */
  readonly leaseMs?: number;
  /** Identifies this instance in claims. Default: a random UUID. */
  readonly owner?: string;
  /** Epoch milliseconds; lease and TTL arithmetic only. Default Date.now. */
  readonly now?: () => number;
}

/**
 * @param bucket holds the claims; its own TTL should be at least `ttlMs` (openMessageDeduper sets it),
 *   or done marks vanish sooner and duplicates after that run again.
 * @param ttlMs how long a done mark suppresses repeats: longer than a message can be redelivered
 *   (max_deliver × backoff) and than JetStream's duplicate window.
 */
export function createMessageDeduper(bucket: KvBucket<DedupeClaim>, ttlMs: number, options: DeduperOptions = {}): MessageDeduper {
  const leaseMs = options.leaseMs ?? 60_000;
  const owner = options.owner ?? randomUUID();
  const now = options.now ?? Date.now;

  async function claim(key: string): Promise<{ revision: number } | { doneAt: Date }> {
    // Two rounds cover a claim that disappears between our create and our read.
    for (let round = 0; round < 2; round += 1) {
      const pending: DedupeClaim = { state: 'pending', owner, atMs: now() };
      const created = await bucket.create(key, pending);
      if (created.ok) return { revision: created.revision };
      const current = created.current;
      if (current === null) continue;
      const ageMs = pending.atMs - current.value.atMs;
      if (current.value.state === 'done' && ageMs < ttlMs) return { doneAt: new Date(current.value.atMs) };
      if (current.value.state === 'pending' && ageMs < leaseMs) throw new ClaimHeldError(key, current.value.owner);
      const taken = await bucket.update(key, pending, current.revision);
      if (taken.ok) return { revision: taken.revision };
      throw new ClaimHeldError(key, taken.current?.value.owner ?? 'another instance');
    }
    throw new ClaimHeldError(key, 'another instance');
  }

  return {
    async once<T>(key: string, work: () => Promise<T>): Promise<OnceResult<T>> {
      const claimed = await claim(key);
      if ('doneAt' in claimed) return { ran: false, doneAt: claimed.doneAt };
      let value: T;
      try {
        value = await work();
      } catch (error) {
        // Best effort: if the release fails, the lease runs out instead.
        await bucket.delete(key, claimed.revision).catch(() => undefined);
        throw error;
      }
      const marked = await bucket.update(key, { state: 'done', owner, atMs: now() }, claimed.revision).catch(() => ({ ok: false as const }));
      return { ran: true, value, recorded: marked.ok };
    },
  };
}

export interface OpenDeduperOptions extends DeduperOptions {
  /** See createMessageDeduper. Default 24 h. */
  readonly ttlMs?: number;
  readonly replicas?: number;
  readonly timeoutMs?: number;
}

/** Opens (or creates) the dedupe bucket of one durable consumer and returns its deduper. */
export async function openMessageDeduper(
  js: JetStreamClient,
  namespace: string,
  durable: string,
  options: OpenDeduperOptions = {},
): Promise<MessageDeduper> {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1_000;
  const bucket = await openBucket<DedupeClaim>(js, dedupeBucketName(namespace, durable), {
    ttlMs,
    ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return createMessageDeduper(bucket, ttlMs, options);
}
