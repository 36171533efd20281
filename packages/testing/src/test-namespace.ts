// A bus namespace of its own for each test suite, and the teardown of every stream and KV bucket in it,
// so suites sharing one NATS server never see each other's messages or leave state behind.
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { withDeadline } from '@ringpace/errors';
import { destroyNamespace, randomNamespace } from '@ringpace/bus';

export const CLEANUP_TIMEOUT_MS = 5_000;

export interface TestNamespace {
  /** Short, lower-case, a valid NATS token, e.g. "t3f9a0c1b". */
  readonly namespace: string;
  /** Deletes every stream and KV bucket of the namespace; returns the stream names it deleted. */
  cleanup(nc: NatsConnection, timeoutMs?: number): Promise<string[]>;
}

export function createTestNamespace(): TestNamespace {
  const namespace = randomNamespace('t');
  return {
    namespace,
    cleanup: async (nc, timeoutMs = CLEANUP_TIMEOUT_MS) => {
      const jsm = await withDeadline('jetstream manager', timeoutMs, () => jetstreamManager(nc, { timeout: timeoutMs }));
      // Stream names of a namespace (and the KV_ streams behind its buckets) are the bus catalogue's to say.
      return destroyNamespace(jsm, namespace, timeoutMs);
    },
  };
}
