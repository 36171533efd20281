// One attempt's call on one node, from the originate to its single CallHangup: it numbers the attempt's
// events, follows the channel's events, runs the flow on answer through the ESL call port, and publishes
// the final outcome exactly once, last, whichever of the channel, the originate's job result,
// reconciliation or the originate watch learns of the end first.
import type { Clock } from '@ringpace/clock';
import { withDeadline } from '@ringpace/errors';
import { EventName, type BackgroundJobResult, type ChannelRow, type EslClient, type EslEvent } from '@ringpace/esl';
import { RunEnd, runFlow, type Flow, type FlowRun } from '@ringpace/flow';
import type { Logger } from '@ringpace/log';
import { CallOutcome, type Event, type OriginateRequest, type TraceContext } from '@ringpace/proto';
import type { PublishQueue } from '../events/publish-queue.js';
import type { FlowRepository } from '../flows/flow-repository.js';
import type { ChannelControl, PortSettings } from '../port/channel-control.js';
import { EslCallPort } from '../port/esl-call-port.js';
import { ChannelEnd } from './channel-end.js';
import { callOutcome } from './outcome.js';

export interface CallRuntime {
  readonly nodeId: string;
  readonly esl: EslClient;
  readonly clock: Clock;
  readonly queue: PublishQueue;
  readonly flows: FlowRepository;
  readonly settings: Omit<PortSettings, 'gateway' | 'callerId'>;
  readonly flowLoadTimeoutMs: number;
  /** How long the final event waits for a flow that is still unwinding after the hang-up. */
  readonly flowSettleMs: number;
  /** After a failed originate's job result, how long the channel's own HANGUP_COMPLETE may take to follow. */
  readonly jobGraceMs: number;
  /** Beyond the ring timeout (business time), how long an originate may stay unheard of before it counts as lost. */
  readonly originateSlackMs: number;
  /** Watches the call for `afterMs` of business time: overdue() if it is still unheard of by then. */
  watchOriginate(session: CallSession, afterMs: number): void;
  observeAnswerToPrompt(seconds: number): void;
  /** The session published its final event and can be forgotten. */
  finished(session: CallSession): void;
}

type Payload = NonNullable<Event['payload']>;

/**
 * Reasons for the per-call aborts. Nothing reads them (the verbs look at `aborted`), and abort() without
 * a reason builds a DOMException with a stack trace each time: a cost paid twice per call for nothing.
 */
const CHANNEL_ENDED = new Error('the channel ended');

interface EndFacts {
  readonly cause: string;
  readonly answered: boolean;
  readonly billsecMs: number;
  readonly durationMs: number;
  readonly sipStatusCode: number;
  /** Set when the channel vanished without telling how it ended. */
  readonly lost?: boolean;
}

function numberHeader(event: EslEvent, name: string): number {
  const value = Number(event.headers.get(name) ?? '');
  return Number.isFinite(value) && value > 0 ? value : 0;
}

export class CallSession {
  readonly attemptId: string;
  private sequence = 0;
  private channelSeen = false;
  private answered = false;
  private ringingPublished = false;
  private finalPublished = false;
  private finishing = false;
  private jobFailed = false;
  private answeredAtPerfMs = 0;
  private firstPromptSeen = false;
  private flowMark: string | null = null;
  private flowNeverStarted = false;
  private flowRun: Promise<void> | undefined;
  private readonly ended = new ChannelEnd(CHANNEL_ENDED);
  private readonly flowAbort = new AbortController();
  /** After a failed job result, the wait for the channel's own HANGUP_COMPLETE. */
  private jobGraceTimer: NodeJS.Timeout | undefined;
  private readonly originatedAtMs: number;
  private readonly waiters = new Set<{ readonly name: EventName; readonly resolve: (event: EslEvent) => void }>();
  private readonly flowLoad: Promise<Flow>;
  /** The flow once loaded: an answer after that starts it without a deadline to wait under. */
  private loadedFlow: Flow | undefined;
  /**
   * What arrived before accepted(): the bgapi reply resolves a promise, but frames read in the same chunk
   * (a job that failed at once, the first channel events) are delivered before its continuation runs.
   */
  private early: (() => void)[] | undefined = [];
  private callLog: Logger | undefined;

  /** `nodeLog` is the node's logger; the call's own child (tenant, campaign, attempt) is made on first use. */
  constructor(
    readonly request: OriginateRequest,
    private readonly runtime: CallRuntime,
    private readonly nodeLog: Logger,
    private readonly trace: TraceContext,
  ) {
    this.attemptId = request.attemptId;
    this.originatedAtMs = runtime.clock.nowMs();
    // Loading while the phone rings keeps the database out of the answer-to-prompt time.
    this.flowLoad = runtime.flows.load(request.tenantId, request.flowId, request.flowVersion);
    this.flowLoad.then(
      (flow) => {
        this.loadedFlow = flow;
      },
      () => undefined,
    );
  }

  /**
   * The call's logger. Made when something is logged about the call: most calls log nothing at the
   * usual levels, and a child logger (its bindings masked and serialised) per call was not free.
   */
  get log(): Logger {
    this.callLog ??= this.nodeLog.child({ tenantId: this.request.tenantId, campaignId: this.request.campaignId, attemptId: this.attemptId });
    return this.callLog;
  }

  /** An info line about the call, without making its logger when info is off. */
  info(fields: Record<string, unknown>, message: string): void {
    if (this.nodeLog.isLevelEnabled('info')) this.log.info(fields, message);
  }

  get isFinished(): boolean {
    return this.finishing;
  }

  get tenantId(): string {
    return this.request.tenantId;
  }

  /** FreeSWITCH took the originate (or may have: its reply was lost); the call is followed from here. */
  accepted(): void {
    this.publish({
      $case: 'callOriginated',
      value: {
        contactId: this.request.contactId,
        destination: this.request.destination,
        callerId: this.request.callerId,
        gateway: this.request.gateway,
        nodeId: this.runtime.nodeId,
        fencingToken: this.request.fencingToken,
      },
    });
    const early = this.early ?? [];
    this.early = undefined;
    for (const replay of early) replay();
    this.runtime.watchOriginate(this, this.originateWatchMs);
  }

  /** Nothing heard of the call since its originate: no channel event, no failed job result, not ended. */
  get unheardOf(): boolean {
    return !(this.finishing || this.channelSeen || this.answered || this.jobFailed);
  }

  /** Still unheard of when the originate watch's time is up: FreeSWITCH is asked whether the channel exists. */
  overdue(): void {
    if (!this.unheardOf) return;
    this.runtime.esl.api(`uuid_exists ${this.attemptId}`, { timeoutMs: this.runtime.settings.commandTimeoutMs }).then(
      (result) => {
        if (result.body.trim() === 'true') this.channelSeen = true;
        else this.declareLost('originate never heard of again');
      },
      () => this.runtime.watchOriginate(this, this.originateWatchMs),
    );
  }

  private get originateWatchMs(): number {
    return this.request.ringTimeoutMs + this.runtime.originateSlackMs;
  }

  handleEvent(event: EslEvent): void {
    if (this.early !== undefined) {
      this.early.push(() => this.handleEvent(event));
      return;
    }
    for (const waiter of [...this.waiters]) if (waiter.name === event.name) waiter.resolve(event);
    switch (event.name) {
      case EventName.ChannelCreate:
      case EventName.ChannelOriginate:
        this.channelSeen = true;
        break;
      case EventName.ChannelProgress:
      case EventName.ChannelProgressMedia:
        this.channelSeen = true;
        this.publishRinging(event.name === EventName.ChannelProgressMedia);
        break;
      case EventName.ChannelAnswer:
        this.channelSeen = true;
        this.onAnswer();
        break;
      case EventName.Dtmf: {
        const digit = event.headers.get('DTMF-Digit');
        // DTMF-Duration is in samples of 8 kHz audio.
        if (digit !== undefined) this.publish({ $case: 'callDtmf', value: { digit, durationMs: Math.round(numberHeader(event, 'DTMF-Duration') / 8) } });
        break;
      }
      case EventName.ChannelHangup:
        this.ended.end();
        break;
      case EventName.ChannelHangupComplete:
        this.endFromChannel(event);
        break;
      default:
        break;
    }
  }

  /** The originate's BACKGROUND_JOB: `+OK <uuid>` once answered, `-ERR <CAUSE>` when it failed. */
  handleJobResult(result: BackgroundJobResult): void {
    if (this.early !== undefined) {
      this.early.push(() => this.handleJobResult(result));
      return;
    }
    if (result.ok) return;
    this.jobFailed = true;
    const facts: EndFacts = {
      cause: result.cause ?? result.error,
      answered: false,
      billsecMs: 0,
      durationMs: this.runtime.clock.nowMs() - this.originatedAtMs,
      sipStatusCode: 0,
    };
    // No channel: nothing else will tell. A channel: its HANGUP_COMPLETE carries the SIP status, and
    // may come just before or just after the job result [k2 captures]; wait a moment for it.
    if (!this.channelSeen) {
      void this.finish(facts);
      return;
    }
    this.jobGraceTimer = setTimeout(() => void this.finish(facts), this.runtime.jobGraceMs);
  }

  /** Reconciliation found the channel alive after a reconnect. */
  resume(row: ChannelRow | undefined): void {
    if (this.finishing) return;
    this.channelSeen = true;
    if (this.answered) {
      // The flow's commands died with the old connection: end the call politely, with the outcome known.
      this.log.warn('call mid-flow when the event socket dropped: ending it');
      this.flowAbort.abort(new Error('event socket reconnected mid-flow'));
      void this.hangupChannel('NORMAL_CLEARING');
      return;
    }
    if (row?.callstate === 'ACTIVE') {
      this.info({}, 'call answered while the event socket was down: starting its flow now');
      this.onAnswer();
    }
  }

  /** Reconciliation found no channel: it ended while nobody listened. */
  vanished(): void {
    if (this.finishing) return;
    // An originate whose channel never showed up may still be on its way; the originate watch decides.
    if (!this.channelSeen && !this.answered) return;
    this.declareLost('channel gone after reconnect');
  }

  declareLost(reason: string): void {
    if (this.finishing) return;
    this.log.warn({ reason }, 'call lost');
    void this.finish({ cause: '', answered: this.answered, billsecMs: 0, durationMs: this.runtime.clock.nowMs() - this.originatedAtMs, sipStatusCode: 0, lost: true });
  }

  /** The call leaves the flow's control (a transfer op): the flow stops, the call goes on. */
  releaseFromFlow(reason: string): void {
    this.flowAbort.abort(new Error(reason));
  }

  /** Ends the call now (drain, reconciliation); the outcome follows from its HANGUP_COMPLETE. */
  async hangupChannel(cause: 'NORMAL_CLEARING' | 'NORMAL_TEMPORARY_FAILURE' | 'MANAGER_REQUEST'): Promise<void> {
    if (this.ended.aborted) return;
    try {
      await this.runtime.esl.hangup(this.attemptId, cause, { timeoutMs: this.runtime.settings.commandTimeoutMs });
    } catch (error) {
      this.log.warn({ err: error, cause }, 'hangup of the channel failed');
    }
  }

  private publishRinging(earlyMedia: boolean): void {
    if (this.ringingPublished || this.answered) return;
    this.ringingPublished = true;
    this.publish({ $case: 'callRinging', value: { earlyMedia } });
  }

  private onAnswer(): void {
    if (this.answered || this.finishing) return;
    this.answered = true;
    this.answeredAtPerfMs = performance.now();
    this.publish({ $case: 'callAnswered', value: {} });
    this.flowRun = this.runCallFlow();
  }

  /**
   * Chained rather than one async function: the flow runs through the whole answered call, and a
   * suspended async frame is more to keep alive than callbacks.
   */
  private runCallFlow(): Promise<void> {
    if (this.loadedFlow !== undefined) return this.startFlow(this.loadedFlow);
    return withDeadline('load flow', this.runtime.flowLoadTimeoutMs, () => this.flowLoad).then(
      (flow) => this.startFlow(flow),
      (error: unknown) => this.flowNotLoaded(error),
    );
  }

  private async flowNotLoaded(error: unknown): Promise<void> {
    this.flowNeverStarted = true;
    this.log.error({ err: error, flowId: this.request.flowId, flowVersion: this.request.flowVersion }, 'flow could not be loaded: hanging up');
    await this.hangupChannel('NORMAL_TEMPORARY_FAILURE');
  }

  private startFlow(flow: Flow): Promise<void> {
    const port = new EslCallPort(this.channelControl());
    const contact = { phone: this.request.destination, ...this.request.contactFields };
    return runFlow(flow, { contact, port, clock: this.runtime.clock, signal: this.flowAbort.signal })
      .then((run) => this.flowEnded(run))
      .catch((error: unknown) => this.flowFailed(error));
  }

  private async flowEnded(run: FlowRun): Promise<void> {
    this.info({ reason: run.reason, mark: run.mark, steps: run.trace.length }, 'flow ended');
    if (run.mark !== null) {
      this.flowMark = run.mark;
      this.publish({
        $case: 'callFlowResult',
        value: { flowId: this.request.flowId, flowVersion: this.request.flowVersion, result: run.mark, variables: { ...run.variables } },
      });
    }
    // A completed flow hung up or handed the call over; any other end leaves a channel to clear.
    if (run.reason === RunEnd.MaxSteps) await this.hangupChannel('NORMAL_CLEARING');
  }

  private async flowFailed(error: unknown): Promise<void> {
    if (this.flowAbort.signal.aborted) return;
    this.log.warn({ err: error }, 'flow failed mid-call: ending the call');
    await this.hangupChannel('NORMAL_CLEARING');
  }

  private channelControl(): ChannelControl {
    const logOf = () => this.log;
    const settings = this.runtime.settings;
    return {
      uuid: this.attemptId,
      esl: this.runtime.esl,
      ended: this.ended,
      // A verb logs only when something goes wrong: the call's logger is made then.
      get log() {
        return logOf();
      },
      // Listed field by field: a spread copy got a hidden class of its own per call.
      settings: {
        ttsEngine: settings.ttsEngine,
        ttsVoice: settings.ttsVoice,
        recordingsDir: settings.recordingsDir,
        queueContext: settings.queueContext,
        appTimeoutMs: settings.appTimeoutMs,
        commandTimeoutMs: settings.commandTimeoutMs,
        gateway: this.request.gateway,
        callerId: this.request.callerId,
      },
      promptStarting: () => {
        if (this.firstPromptSeen) return;
        this.firstPromptSeen = true;
        this.runtime.observeAnswerToPrompt((performance.now() - this.answeredAtPerfMs) / 1000);
      },
      nextEvent: (name, signal) =>
        new Promise<EslEvent>((resolve, reject) => {
          if (signal.aborted) {
            reject(signal.reason as Error);
            return;
          }
          const waiter = {
            name,
            resolve: (event: EslEvent) => {
              this.waiters.delete(waiter);
              signal.removeEventListener('abort', onAbort);
              resolve(event);
            },
          };
          const onAbort = () => {
            this.waiters.delete(waiter);
            reject(signal.reason as Error);
          };
          this.waiters.add(waiter);
          signal.addEventListener('abort', onAbort, { once: true });
        }),
    };
  }

  private endFromChannel(event: EslEvent): void {
    const cause = event.headers.get('Hangup-Cause') ?? event.headers.get('variable_hangup_cause') ?? 'NORMAL_CLEARING';
    const durationMs = numberHeader(event, 'variable_mduration');
    void this.finish({
      cause,
      answered: this.answered || numberHeader(event, 'variable_answer_uepoch') > 0,
      billsecMs: numberHeader(event, 'variable_billmsec'),
      durationMs: durationMs > 0 ? durationMs : this.runtime.clock.nowMs() - this.originatedAtMs,
      sipStatusCode: numberHeader(event, 'variable_sip_term_status'),
    });
  }

  /** An originate nobody hears of again (its reply lost, the node restarted before the channel existed). */
  private async finish(facts: EndFacts): Promise<void> {
    if (this.finishing) return;
    this.finishing = true;
    this.ended.end();
    clearTimeout(this.jobGraceTimer);
    if (this.flowRun !== undefined) {
      // The flow saw the hang-up through its port; its result (if any) goes out before the hangup.
      const settled = await Promise.race([this.flowRun.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), this.runtime.flowSettleMs))]);
      if (!settled) {
        this.log.warn('flow still running after the hang-up: stopping it');
        this.flowAbort.abort(new Error('call ended'));
      }
    }
    const outcome = facts.lost === true
      ? CallOutcome.LOST
      : callOutcome({ answered: facts.answered, flowMark: this.flowMark, flowNeverStarted: this.flowNeverStarted, cause: facts.cause });
    this.publish(
      {
        $case: 'callHangup',
        value: {
          hangupCause: facts.cause,
          outcome,
          billsecMs: facts.billsecMs,
          durationMs: Math.max(0, facts.durationMs),
          sipStatusCode: facts.sipStatusCode,
          fencingToken: this.request.fencingToken,
        },
      },
      true,
    );
    this.info({ cause: facts.cause, outcome, billsecMs: facts.billsecMs, sipStatus: facts.sipStatusCode }, 'call ended');
    this.runtime.finished(this);
  }

  private publish(payload: Payload, final = false): void {
    if (this.finalPublished) {
      this.log.warn({ kind: payload.$case }, 'event after the final one not published');
      return;
    }
    if (final) this.finalPublished = true;
    this.sequence += 1;
    const event: Event = {
      eventId: `${this.attemptId}:${this.sequence}`,
      tenantId: this.request.tenantId,
      campaignId: this.request.campaignId,
      attemptId: this.attemptId,
      sequence: this.sequence,
      occurredAt: this.runtime.clock.now(),
      trace: this.trace,
      payload,
    };
    this.runtime.queue.enqueue(event, final);
  }
}
