// The notification-mode pacing loop: every tick, for each trunk this pod holds (the trunks' turns spread
// over the tick), claim as many due contacts as the trunk's free channels and CPS budget allow from the
// running campaigns of its trunk group (taking the campaigns in turn and splitting the budget among
// them), then originate each claimed call without waiting for the next claim.
import type { Clock } from '@ringpace/clock';
import type { Logger } from '@ringpace/log';
import { maskPhone } from '@ringpace/log';
import { markOriginated, type Originated } from '../attempts/attempt-store.js';
import { MicroBatcher } from '../batching/micro-batcher.js';
import { claimContacts, type ClaimedCall } from '../claim/claim-contacts.js';
import { originate, OriginateResult, type OriginateDeps } from '../claim/originate.js';
import type { SqlPool } from '../db/sql.js';
import type { DialerMetrics } from '../metrics.js';
import type { CampaignPlan, PlanStore } from '../plans/campaign-plan.js';
import { openAttemptsByTrunk, type Trunk } from './trunk.js';
import { TrunkPacer } from './trunk-pacer.js';

/** The trunks this pod may dial through right now (its valid leases). */
export interface TrunkSource {
  held(): readonly Trunk[];
  isHeld(trunkId: string): boolean;
}

export interface DialLoopOptions {
  readonly pool: SqlPool;
  readonly clock: Clock;
  readonly log: Logger;
  readonly plans: PlanStore;
  readonly trunks: TrunkSource;
  readonly metrics: DialerMetrics;
  readonly originate: Omit<OriginateDeps, 'recordOriginated'>;
  readonly podId: string;
  readonly ringTimeoutMs: number;
  readonly maxCallMs: number;
  /** Largest claim of one transaction. */
  readonly claimBatchMax: number;
  /** Wall time between recounts of open attempts from the database. */
  readonly recountIntervalMs: number;
}

export class DialLoop {
  private readonly pacers = new Map<string, TrunkPacer>();
  private readonly turns = new Map<string, number>();
  private readonly campaignOffset = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private lastRecountMs = 0;
  private completedTicks = 0;
  private readonly originateDeps: OriginateDeps;

  constructor(private readonly options: DialLoopOptions) {
    // The originate times of the replies that arrive together are written by one statement.
    const originated = new MicroBatcher<Originated, boolean>({
      run: async (items) => {
        const changed = await markOriginated(options.pool, items);
        return items.map((item) => changed.has(item.attemptId));
      },
      maxBatch: 500,
    });
    this.originateDeps = { ...options.originate, recordOriginated: (item) => originated.submit(item) };
  }

  /** Open attempts per held trunk, as this pod counts them. */
  openCalls(): ReadonlyMap<string, number> {
    return new Map([...this.pacers].map(([id, pacer]) => [id, pacer.open]));
  }

  /** Ticks run so far, finished or failed: lets a caller wait for whole passes rather than for time. */
  get ticks(): number {
    return this.completedTicks;
  }

  /** An attempt on this trunk ended (call event, sweeper): its channel is free again. */
  attemptEnded(trunkId: string | null): void {
    if (trunkId !== null) this.pacers.get(trunkId)?.ended();
    this.updateGauge();
  }

  /**
   * Runs a tick every `intervalMs` (wall time) until the signal aborts, each tick's trunks taking their
   * turns spread over the interval. A tick that overran is followed at once.
   */
  async run(intervalMs: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const startedMs = performance.now();
      try {
        await this.tick({ spreadMs: intervalMs, signal });
      } catch (error) {
        this.options.log.warn({ err: error }, 'dial tick failed; next tick retries');
      }
      this.completedTicks += 1;
      await sleep(startedMs + intervalMs - performance.now(), signal);
    }
  }

  /** Waits for the originate requests in flight (drain). */
  async settle(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const all = Promise.allSettled([...this.inFlight]).then(() => true as const);
    try {
      return await Promise.race([all, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * One pass: claim and originate on every held trunk with room. With `spreadMs`, the held trunks take
   * their turns evenly spread over that time (trunk i of n at i·spreadMs/n), so the originates of one
   * node arrive as several small bursts rather than one large one; without it they go one after another.
   */
  async tick(options: { readonly spreadMs?: number; readonly signal?: AbortSignal } = {}): Promise<void> {
    const { pool, clock } = this.options;
    const startedMs = performance.now();
    const held = this.options.trunks.held();
    await this.syncPacers(held);
    const nowMs = clock.nowMs();
    if (!held.some((trunk) => (this.pacers.get(trunk.id)?.budget(nowMs) ?? 0) > 0)) return;
    const plans = await this.options.plans.runningFor(pool, [...new Set(held.map((trunk) => trunk.trunkGroupId))]);
    for (const [index, trunk] of held.entries()) {
      if (options.spreadMs !== undefined && index > 0) {
        await sleep(startedMs + (index * options.spreadMs) / held.length - performance.now(), options.signal);
        if (options.signal?.aborted) return;
      }
      if ((this.pacers.get(trunk.id)?.budget(clock.nowMs()) ?? 0) <= 0) continue;
      const campaigns = plans.filter((plan) => plan.trunkGroupId === trunk.trunkGroupId);
      if (campaigns.length > 0) await this.dialTrunk(trunk, campaigns);
    }
  }

  private async dialTrunk(trunk: Trunk, campaigns: readonly CampaignPlan[]): Promise<void> {
    const pacer = this.pacers.get(trunk.id);
    if (pacer === undefined) return;
    // The campaigns take turns at going first, so one large campaign does not starve the others.
    const offset = this.campaignOffset.get(trunk.id) ?? 0;
    this.campaignOffset.set(trunk.id, offset + 1);
    for (let i = 0; i < campaigns.length; i += 1) {
      const plan = campaigns[(offset + i) % campaigns.length];
      if (plan === undefined) continue;
      // A lease lost during the tick stops dialing on the trunk at once.
      if (!this.options.trunks.isHeld(trunk.id)) return;
      const now = this.options.clock.now();
      const room = pacer.budget(now.getTime());
      if (room <= 0) return;
      // An even split of what is left among the campaigns still to go; what one cannot use goes to the next.
      const budget = Math.min(Math.ceil(room / (campaigns.length - i)), this.options.claimBatchMax);
      const result = await claimContacts(this.options.pool, {
        trunk: pacer.trunk,
        plan,
        limit: budget,
        now,
        podId: this.options.podId,
        ringTimeoutMs: this.options.ringTimeoutMs,
        maxCallMs: this.options.maxCallMs,
        nextTurn: () => {
          const turn = this.turns.get(plan.id) ?? 0;
          this.turns.set(plan.id, turn + 1);
          return turn;
        },
      });
      const claimedAtMs = performance.now();
      pacer.started(result.calls.length, now.getTime());
      this.updateGauge();
      if (result.deferred + result.blocked + result.closed > 0) {
        this.options.log.debug({ campaignId: plan.id, deferred: result.deferred, blocked: result.blocked, closed: result.closed }, 'contacts not dialed at claim');
      }
      for (const call of result.calls) this.launch(call, trunk, plan, claimedAtMs);
    }
  }

  private launch(call: ClaimedCall, trunk: Trunk, plan: CampaignPlan, claimedAtMs: number): void {
    // The call's own logger is made when something is logged about it: mostly never, so not per call.
    let callLog: Logger | undefined;
    const log = (): Logger => (callLog ??= this.options.log.child({ tenantId: call.tenantId, campaignId: call.campaignId, attemptId: call.attemptId }));
    if (this.options.log.isLevelEnabled('debug')) log().debug({ destination: maskPhone(call.destination), trunkId: trunk.id, round: call.round }, 'originating');
    const task: Promise<void> = originate(this.originateDeps, call, trunk, plan, log)
      .then(({ result, status }) => {
        this.options.metrics.originatesTotal.inc({ status });
        if (result === OriginateResult.Accepted) this.options.metrics.claimToOriginateSeconds.observe((performance.now() - claimedAtMs) / 1_000);
        if (result === OriginateResult.Released) this.attemptEnded(trunk.id);
      })
      .catch((error: unknown) => {
        log().error({ err: error }, 'originate bookkeeping failed; the attempt stays open until its events or its deadline');
      })
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  /** Pacers follow the held trunks: new leases count their open attempts, lost ones are dropped. */
  private async syncPacers(held: readonly Trunk[]): Promise<void> {
    const nowMs = this.options.clock.nowMs();
    const heldIds = new Set(held.map((trunk) => trunk.id));
    for (const id of [...this.pacers.keys()]) if (!heldIds.has(id)) this.pacers.delete(id);
    const fresh = held.filter((trunk) => !this.pacers.has(trunk.id));
    const recount = performance.now() - this.lastRecountMs >= this.options.recountIntervalMs;
    if (fresh.length > 0 || recount) {
      const ids = recount ? [...heldIds] : fresh.map((trunk) => trunk.id);
      const counts = await openAttemptsByTrunk(this.options.pool, ids);
      if (recount) this.lastRecountMs = performance.now();
      for (const trunk of held) {
        const existing = this.pacers.get(trunk.id);
        if (existing === undefined) this.pacers.set(trunk.id, new TrunkPacer(trunk, counts.get(trunk.id) ?? 0, nowMs));
        else if (recount) existing.resync(counts.get(trunk.id) ?? 0);
      }
    }
    for (const trunk of held) this.pacers.get(trunk.id)?.update(trunk, nowMs);
    this.updateGauge();
  }

  private updateGauge(): void {
    let open = 0;
    for (const pacer of this.pacers.values()) open += pacer.open;
    this.options.metrics.callsActive.set(open);
  }
}

/** Resolves after `ms` (at once when it is not positive), or as soon as the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
