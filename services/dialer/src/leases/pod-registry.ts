// The live dialer pods: one key of the DialerPods bucket holds every pod's last heartbeat (wall time),
// changed with compare-and-swap so concurrent heartbeats never lose each other. Pods silent for longer
// than the TTL drop out of the list, and with them out of the trunk split.
import type { KvBucket } from '@ringpace/bus';
import { AppError } from '@ringpace/errors';

export interface PodMembers {
  /** pod id → last heartbeat, epoch ms (wall time). */
  readonly pods: Record<string, number>;
}

const MEMBERS_KEY = 'members';
const CAS_TRIES = 8;

export class PodRegistry {
  constructor(
    private readonly bucket: KvBucket<PodMembers>,
    private readonly podId: string,
    private readonly ttlMs: number,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  /** Records this pod's heartbeat; returns the live pods, sorted. */
  heartbeat(): Promise<string[]> {
    return this.change((pods, now) => ({ ...pods, [this.podId]: now }));
  }

  /** Takes this pod off the list (drain), so the others take its share without waiting for the TTL. */
  async leave(): Promise<void> {
    await this.change((pods) => {
      const { [this.podId]: _gone, ...rest } = pods;
      return rest;
    });
  }

  private async change(apply: (pods: Record<string, number>, nowMs: number) => Record<string, number>): Promise<string[]> {
    for (let i = 0; i < CAS_TRIES; i += 1) {
      const now = this.nowMs();
      const current = await this.bucket.get(MEMBERS_KEY);
      const live = Object.fromEntries(Object.entries(current?.value.pods ?? {}).filter(([, beatMs]) => now - beatMs <= this.ttlMs));
      const next = { pods: apply(live, now) };
      const written = current === null ? await this.bucket.create(MEMBERS_KEY, next) : await this.bucket.update(MEMBERS_KEY, next, current.revision);
      if (written.ok) return Object.keys(next.pods).sort();
    }
    throw new AppError(`pod registry: ${CAS_TRIES} concurrent changes in a row`, { code: 'UNAVAILABLE', retryable: true });
  }
}
