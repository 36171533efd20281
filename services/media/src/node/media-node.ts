// One FreeSWITCH node under this service: its event socket (reconnecting, reconciling), the calls on it,
// the originate and call-op responders in the node's queue group, and its health in the NodeHealth bucket.
import type { NatsConnection } from '@nats-io/nats-core';
import type { Tracer } from '@opentelemetry/api';
import { mediaOpsSubject, mediaOriginateSubject, mediaQueueGroup, startResponder, type KvBucket, type Responder } from '@ringpace/bus';
import type { Clock } from '@ringpace/clock';
import { EslClient, EventName, parseBackgroundJob, type EslEvent, type LifecycleEvent, type ReconcileReport, type Subscription } from '@ringpace/esl';
import type { Logger } from '@ringpace/log';
import { CallOpReply, CallOpRequest, OriginateReply, OriginateRequest, type TraceContext } from '@ringpace/proto';
import { CallSession, type CallRuntime } from '../calls/call-session.js';
import { OriginateWatch } from '../calls/originate-watch.js';
import type { NodeConfig } from '../config.js';
import type { PublishQueue } from '../events/publish-queue.js';
import type { FlowRepository } from '../flows/flow-repository.js';
import { LruCache } from '../flows/lru-cache.js';
import type { MediaMetrics } from '../observability/metrics.js';
import { handleCallOp } from '../ops/handle-call-op.js';
import { attemptOfOriginateArg } from '../originate/dial-string.js';
import { handleOriginate } from '../originate/handle-originate.js';
import type { PortSettings } from '../port/channel-control.js';

export interface NodeHealth {
  readonly connected: boolean;
  readonly channels: number;
  readonly maxSessions?: number;
  readonly draining: boolean;
  readonly updatedAtMs: number;
}

export interface MediaNodeOptions {
  readonly node: NodeConfig;
  readonly nc: NatsConnection;
  readonly namespace: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly tracer?: Tracer;
  readonly queue: PublishQueue;
  readonly flows: FlowRepository;
  readonly metrics: MediaMetrics;
  readonly health: KvBucket<NodeHealth>;
  readonly settings: Omit<PortSettings, 'gateway' | 'callerId'>;
  readonly transferContext: string;
  readonly healthIntervalMs: number;
  readonly flowLoadTimeoutMs: number;
  /** Attempts remembered after their end, so a retried originate is a duplicate, not a second call. */
  readonly rememberEnded?: number;
}

/**
 * Only what a call session, a verb or the client's executeAndWait reads: every event FreeSWITCH sends is
 * decoded here (several KB each), so PLAYBACK_*, RECORD_* and CHANNEL_UNBRIDGE (read by nobody) are not
 * asked for, nor CHANNEL_ORIGINATE: it follows the CHANNEL_CREATE of the same channel and tells a call
 * session nothing more (both only say the channel exists).
 */
const SUBSCRIPTION: Subscription = {
  format: 'plain',
  events: [
    EventName.ChannelCreate, EventName.ChannelProgress, EventName.ChannelProgressMedia,
    EventName.ChannelAnswer, EventName.ChannelBridge, EventName.ChannelExecuteComplete,
    EventName.ChannelHangup, EventName.ChannelHangupComplete, EventName.Dtmf, EventName.BackgroundJob,
  ],
};

/** How often (business time) the originates not heard of yet are looked at; their limit is a minute past the ring timeout. */
const ORIGINATE_SWEEP_MS = 1_000;

export class MediaNode {
  readonly id: string;
  readonly esl: EslClient;
  private readonly calls = new Map<string, CallSession>();
  private readonly ended: LruCache<string, true>;
  private readonly log: Logger;
  private readonly stopResponders = new AbortController();
  private responders: Responder[] = [];
  private healthTimer: NodeJS.Timeout | undefined;
  private healthWriting = false;
  private draining = false;
  private stopped = false;
  private readonly runtime: CallRuntime;
  /** The originates not heard of yet, looked at every ORIGINATE_SWEEP_MS. */
  private readonly originateWatch: OriginateWatch;
  /** The node's child of the counter, looked up once rather than by label on every event. */
  private readonly eslEvents: { inc(): void };

  constructor(private readonly options: MediaNodeOptions) {
    this.id = options.node.id;
    this.log = options.log.child({ node: options.node.id });
    this.ended = new LruCache(options.rememberEnded ?? 100_000);
    this.originateWatch = new OriginateWatch(options.clock, ORIGINATE_SWEEP_MS);
    this.eslEvents = options.metrics.eslEvents.labels(options.node.id);
    this.esl = new EslClient({
      host: options.node.host,
      port: options.node.port,
      password: options.node.password,
      logger: this.log,
      subscription: SUBSCRIPTION,
      commandTimeoutMs: options.settings.commandTimeoutMs,
      liveAttempts: () => [...this.calls.keys()],
    });
    this.runtime = {
      nodeId: options.node.id,
      esl: this.esl,
      clock: options.clock,
      queue: options.queue,
      flows: options.flows,
      settings: options.settings,
      flowLoadTimeoutMs: options.flowLoadTimeoutMs,
      flowSettleMs: 5_000,
      jobGraceMs: 2_000,
      originateSlackMs: 60_000,
      watchOriginate: (session, afterMs) => this.originateWatch.add(session, afterMs),
      observeAnswerToPrompt: (seconds) => options.metrics.answerToPrompt.observe(seconds),
      finished: (session) => {
        this.calls.delete(session.attemptId);
        this.ended.set(session.attemptId, true);
      },
    };
    this.esl.onEvent((event) => this.onEslEvent(event));
    this.esl.onLifecycle((event) => this.onLifecycle(event));
  }

  get activeCalls(): number {
    return this.calls.size;
  }

  /** Connects (retrying in the background if the node is down), then serves originates and call ops. */
  async start(connectWaitMs: number): Promise<void> {
    void this.connect(connectWaitMs);
    void this.originateWatch.run(this.stopResponders.signal);
    const common = { nc: this.options.nc, queue: mediaQueueGroup(this.options.namespace, this.id), signal: this.stopResponders.signal, log: this.log, ...(this.options.tracer ? { tracer: this.options.tracer } : {}) };
    this.responders = [
      await startResponder({
        ...common,
        subject: mediaOriginateSubject(this.options.namespace, this.id),
        requestType: OriginateRequest,
        replyType: OriginateReply,
        handler: (request) => this.originate(request),
      }),
      await startResponder({
        ...common,
        subject: mediaOpsSubject(this.options.namespace, this.id),
        requestType: CallOpRequest,
        replyType: CallOpReply,
        handler: (request) =>
          handleCallOp(
            { esl: this.esl, commandTimeoutMs: this.options.settings.commandTimeoutMs, transferContext: this.options.transferContext, log: this.log, session: (id) => this.calls.get(id) },
            request,
          ),
      }),
    ];
    this.healthTimer = setInterval(() => void this.writeHealth(), this.options.healthIntervalMs);
    await this.writeHealth();
  }

  /** Stops new originates, lets calls end until drainMs, hangs up the rest and waits briefly for their outcomes. */
  async drain(drainMs: number): Promise<boolean> {
    this.draining = true;
    await this.writeHealth();
    const deadline = performance.now() + drainMs;
    while (this.calls.size > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (this.calls.size === 0) return true;
    this.log.warn({ calls: this.calls.size }, 'drain timeout: hanging up the calls still up');
    await Promise.all([...this.calls.values()].map((session) => session.hangupChannel('MANAGER_REQUEST')));
    const graceEnd = performance.now() + 3_000;
    while (this.calls.size > 0 && performance.now() < graceEnd) await new Promise((resolve) => setTimeout(resolve, 50));
    return false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.healthTimer);
    this.stopResponders.abort();
    await Promise.all(this.responders.map((responder) => responder.closed));
    for (const session of this.calls.values()) session.log.warn('media stopping with the call still followed: its outcome is left to reconciliation');
    this.esl.close();
    await this.writeHealth();
  }

  private async connect(waitMs: number): Promise<void> {
    while (!this.stopped) {
      try {
        await this.esl.start(waitMs);
        return;
      } catch (error) {
        if (this.stopped) return;
        this.log.error({ err: error }, 'cannot connect to the node, retrying');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  private originate(request: OriginateRequest) {
    return handleOriginate(
      {
        nodeId: this.id,
        esl: this.esl,
        commandTimeoutMs: this.options.settings.commandTimeoutMs,
        draining: this.draining || this.stopped,
        knows: (attemptId) => this.calls.has(attemptId) || this.ended.has(attemptId),
        track: (req, trace) => this.track(req, trace),
        forget: (attemptId) => this.calls.delete(attemptId),
      },
      request,
    );
  }

  private track(request: OriginateRequest, trace: TraceContext): CallSession {
    const session = new CallSession(request, this.runtime, this.log, trace);
    this.calls.set(request.attemptId, session);
    return session;
  }

  private onEslEvent(event: EslEvent): void {
    this.eslEvents.inc();
    if (event.name === EventName.BackgroundJob) {
      if (event.headers.get('Job-Command') !== 'originate') return;
      const attemptId = attemptOfOriginateArg(event.headers.get('Job-Command-Arg'));
      if (attemptId !== undefined) this.calls.get(attemptId)?.handleJobResult(parseBackgroundJob(event));
      return;
    }
    if (event.uniqueId === undefined) return;
    this.calls.get(event.uniqueId)?.handleEvent(event);
  }

  private onLifecycle(event: LifecycleEvent): void {
    switch (event.type) {
      case 'connected':
      case 'disconnected':
        void this.writeHealth();
        break;
      case 'reconciled':
        this.reconciled(event.report);
        break;
      default:
        break;
    }
  }

  /**
   * After a (re)connect: live calls are followed on (resumed), calls whose channel is gone end as LOST,
   * and channels carrying an attempt id this process does not know are ended without an event. Those
   * belong to a media process that died (one media process serves a node): its attempts end as lost at
   * the dialer's deadline, and the channel must not keep a trunk slot meanwhile.
   */
  private reconciled(report: ReconcileReport): void {
    for (const live of report.live) {
      const row = report.channels.find((channel) => channel.uuid === live.attemptId);
      this.calls.get(live.attemptId)?.resume(row);
    }
    for (const attemptId of report.gone) this.calls.get(attemptId)?.vanished();
    for (const orphan of report.orphans) {
      // Originated after the snapshot the report was built from: ours, not an orphan.
      if (this.calls.has(orphan.attemptId) || this.ended.has(orphan.attemptId)) continue;
      this.log.warn({ channel: orphan.uuid, attemptId: orphan.attemptId }, 'orphan channel of an unknown attempt: ending it');
      this.esl.api(`uuid_kill ${orphan.uuid} NORMAL_CLEARING`, { timeoutMs: this.options.settings.commandTimeoutMs }).catch((error: unknown) => this.log.warn({ err: error, channel: orphan.uuid }, 'orphan kill failed'));
    }
  }

  private async countChannels(): Promise<number> {
    if (!this.esl.connected) return this.calls.size;
    try {
      const result = await this.esl.api('show channels count', { timeoutMs: this.options.settings.commandTimeoutMs });
      const match = /(\d+)\s+total/.exec(result.body);
      return match ? Number(match[1]) : this.calls.size;
    } catch {
      return this.calls.size;
    }
  }

  private async writeHealth(): Promise<void> {
    if (this.healthWriting) return;
    this.healthWriting = true;
    try {
      const channels = await this.countChannels();
      this.options.metrics.channels.set({ node: this.id }, channels);
      const health: NodeHealth = {
        connected: this.esl.connected && !this.stopped,
        channels,
        ...(this.options.node.maxSessions === undefined ? {} : { maxSessions: this.options.node.maxSessions }),
        draining: this.draining,
        updatedAtMs: this.options.clock.nowMs(),
      };
      await this.options.health.put(this.id, health);
    } catch (error) {
      this.log.warn({ err: error }, 'node health not written');
    } finally {
      this.healthWriting = false;
    }
  }
}
