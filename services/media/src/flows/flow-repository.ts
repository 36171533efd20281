// The campaign's pinned flow version, read-only from flow_versions (written by the campaign service),
// validated once and kept in an LRU by (flow id, version): a version is immutable, so a cached one never
// goes stale. A load in progress is shared, so a burst of answers costs one query.
import { FailedPreconditionError, NotFoundError, withDeadline } from '@ringpace/errors';
import { parseFlowDocument, validateFlow, type Flow } from '@ringpace/flow';
import type { PrismaClient } from '@ringpace/db';
import { LruCache } from './lru-cache.js';

export interface FlowRepository {
  /** The validated flow; NotFoundError when the tenant has no such version, an AppError when it no longer validates. */
  load(tenantId: string, flowId: string, version: number): Promise<Flow>;
}

/** Where a flow document comes from: the jsonb document of the version, or null. */
export type FlowDocumentSource = (tenantId: string, flowId: string, version: number) => Promise<unknown>;

export function prismaFlowSource(prisma: PrismaClient, timeoutMs: number): FlowDocumentSource {
  return async (tenantId, flowId, version) => {
    const row = await withDeadline('load flow version', timeoutMs, () =>
      prisma.flowVersion.findFirst({ where: { tenantId, flowId, version }, select: { document: true } }),
    );
    return row === null ? null : row.document;
  };
}

/** A stored document is the parsed value (jsonb); text (YAML or JSON) is parsed first. */
function toFlow(document: unknown, flowId: string, version: number): Flow {
  let value = document;
  if (typeof document === 'string') {
    const parsed = parseFlowDocument(document);
    if (!parsed.ok) throw new FailedPreconditionError(`flow ${flowId} version ${version} does not parse: ${parsed.problems[0]?.message ?? ''}`);
    value = parsed.document;
  }
  const validation = validateFlow(value);
  if (!validation.ok) throw new FailedPreconditionError(`flow ${flowId} version ${version} no longer validates: ${validation.problems[0]?.message ?? ''}`);
  return validation.flow;
}

export function createFlowRepository(source: FlowDocumentSource, capacity = 256): FlowRepository {
  const cache = new LruCache<string, Promise<Flow>>(capacity);
  return {
    load(tenantId, flowId, version) {
      // The tenant is part of the key: a flow id of another tenant must not be served from the cache.
      const key = `${tenantId}/${flowId}/${version}`;
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      const loading = (async () => {
        const document = await source(tenantId, flowId, version);
        if (document === null || document === undefined) throw new NotFoundError('flow version', `${flowId}@${version}`);
        return toFlow(document, flowId, version);
      })();
      cache.set(key, loading);
      // A failed load is not cached: the next call asks again.
      loading.catch(() => cache.delete(key));
      return loading;
    },
  };
}
