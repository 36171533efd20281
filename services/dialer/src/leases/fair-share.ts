// How many trunks one pod should hold: the enabled trunks split evenly among the live pods, the first pods
// (by id) taking one more when it does not divide. Pure, so every pod computes the same split.
import { createHash } from 'node:crypto';

export function fairShare(trunkCount: number, livePods: readonly string[], podId: string): number {
  const pods = [...new Set([...livePods, podId])].sort();
  const index = pods.indexOf(podId);
  const base = Math.floor(trunkCount / pods.length);
  return base + (index < trunkCount % pods.length ? 1 : 0);
}

/**
 * The order in which a pod prefers trunks (rendezvous hashing): different pods try different trunks
 * first, so they rarely race for the same lease, and a pod keeps preferring the same trunks over time.
 */
export function preferenceOrder<T extends { readonly id: string }>(podId: string, trunks: readonly T[]): T[] {
  const score = (trunk: T) => createHash('sha256').update(`${podId}\u0000${trunk.id}`).digest('hex');
  return trunks
    .map((trunk) => ({ trunk, score: score(trunk) }))
    .sort((a, b) => (a.score < b.score ? -1 : a.score > b.score ? 1 : 0))
    .map((entry) => entry.trunk);
}
