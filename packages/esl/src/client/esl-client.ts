// The client the media service uses: one FreeSWITCH node, reconnecting with backoff and jitter, the
// subscription re-established and live channels reconciled after every (re)connect, and every command
// bounded by a deadline that also covers waiting for a connection.
import { randomUUID } from 'node:crypto';
import type { AppError } from '@ringpace/errors';
import type { Logger } from '@ringpace/log';
import { originateResult, type BackgroundJobResult, type OriginateResult } from '../commands/background-job.js';
import * as commands from '../commands/command-text.js';
import type { EslEvent } from '../decode/esl-event.js';
import { EslClosedError, EslCommandError, EslConnectionLostError, EslTimeoutError, invalidArgument } from '../errors.js';
import { EventName } from '../model/event-name.js';
import type { HangupCause } from '../model/hangup-cause.js';
import { DEFAULT_FRAME_LIMITS, type FrameLimits } from '../protocol/limits.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { EslConnection, type Reply } from './connection.js';
import { JobRegistry } from './job-registry.js';
import { Listeners, type LifecycleEvent } from './lifecycle.js';
import { DEFAULT_ATTEMPT_VARIABLE, reconcileChannels, type ReconcileReport } from './reconcile.js';
import { subscriptionCommands, type Subscription } from './subscription.js';

export interface EslClientOptions {
  readonly host: string;
  readonly port: number;
  readonly password: string;
  readonly logger: Logger;
  /**
   * Re-sent on every connection. Default: plain CHANNEL_* essentials and BACKGROUND_JOB. `null`: the
   * client subscribes to nothing itself (bgapi results then never arrive unless the caller subscribes).
   */
  readonly subscription?: Subscription | null;
  readonly connectTimeoutMs?: number;
  readonly commandTimeoutMs?: number;
  readonly staleReplyMs?: number;
  readonly limits?: Partial<FrameLimits>;
  readonly backoff?: Partial<BackoffOptions>;
  /** For tests: the jitter source. */
  readonly random?: () => number;
  /** When set, every (re)connect ends with a reconciliation against the attempts this returns. */
  readonly liveAttempts?: () => Iterable<string> | Promise<Iterable<string>>;
  /** The channel variable holding the attempt id. */
  readonly attemptVariable?: string;
}

export interface CallOptions {
  readonly timeoutMs?: number;
}

/** An api command's output. `ok` is false for `-ERR ...` / `-USAGE: ...`, which are answers, not failures. */
export interface ApiResult {
  readonly ok: boolean;
  readonly body: string;
}

export interface ExecuteComplete {
  /** `Application-Response` (`FILE PLAYED`, `_none_` ...). */
  readonly response: string | undefined;
  readonly event: EslEvent;
}

export const DEFAULT_SUBSCRIPTION: Subscription = {
  format: 'plain',
  events: [
    EventName.ChannelCreate,
    EventName.ChannelProgress,
    EventName.ChannelProgressMedia,
    EventName.ChannelAnswer,
    EventName.ChannelExecuteComplete,
    EventName.ChannelHangup,
    EventName.ChannelHangupComplete,
    EventName.ChannelDestroy,
    EventName.Dtmf,
    EventName.BackgroundJob,
  ],
};

interface ExecuteWaiter {
  readonly resolve: (complete: ExecuteComplete) => void;
  readonly reject: (error: AppError) => void;
}

export class EslClient {
  private readonly options: Required<Omit<EslClientOptions, 'liveAttempts' | 'limits' | 'backoff'>> & { readonly limits: FrameLimits; readonly backoff: BackoffOptions };
  private readonly liveAttempts: EslClientOptions['liveAttempts'];
  private readonly jobs = new JobRegistry();
  private readonly executes = new Map<string, ExecuteWaiter>();
  private readonly events = new Listeners<EslEvent>();
  private readonly lifecycle = new Listeners<LifecycleEvent>();
  private subscription: Subscription | null;
  private connection: EslConnection | undefined;
  private generation = 0;
  private stopped = false;
  private readyWaiters: { resolve: (connection: EslConnection) => void; reject: (error: AppError) => void }[] = [];
  private wakeUp: (() => void) | undefined;

  constructor(options: EslClientOptions) {
    this.options = {
      host: options.host,
      port: options.port,
      password: options.password,
      logger: options.logger.child({ component: 'esl', node: `${options.host}:${options.port}` }),
      subscription: options.subscription === undefined ? DEFAULT_SUBSCRIPTION : options.subscription,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      commandTimeoutMs: options.commandTimeoutMs ?? 5_000,
      staleReplyMs: options.staleReplyMs ?? 30_000,
      limits: { ...DEFAULT_FRAME_LIMITS, ...options.limits },
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      random: options.random ?? Math.random,
      attemptVariable: options.attemptVariable ?? DEFAULT_ATTEMPT_VARIABLE,
    };
    this.liveAttempts = options.liveAttempts;
    this.subscription = this.options.subscription;
  }

  get connected(): boolean {
    return this.connection?.isOpen === true;
  }

  onEvent(listener: (event: EslEvent) => void): () => void {
    return this.events.add(listener);
  }

  onLifecycle(listener: (event: LifecycleEvent) => void): () => void {
    return this.lifecycle.add(listener);
  }

  /**
   * Connects, retrying with backoff until connected or `waitMs` passed; a refused password ends it at
   * once (EslAuthError). After that the client reconnects by itself until close().
   */
  async start(waitMs = this.options.connectTimeoutMs): Promise<void> {
    const giveUpAt = performance.now() + waitMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.establish();
        void this.supervise();
        return;
      } catch (error) {
        const appError = error as AppError;
        const delayMs = backoffDelayMs(attempt, this.options.backoff, this.options.random);
        if (!appError.retryable || this.stopped || performance.now() + delayMs >= giveUpAt) throw appError;
        this.lifecycle.emit({ type: 'reconnect-scheduled', attempt, delayMs, error: appError }, this.options.logger);
        await this.sleep(delayMs);
      }
    }
  }

  /** Stops reconnecting and closes the connection; commands in flight fail with EslConnectionLostError, waiting ones with EslClosedError. */
  close(): void {
    this.stopped = true;
    this.wakeUp?.();
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(new EslClosedError('any command'));
    // Results that can no longer arrive: fail them now rather than at their deadlines.
    this.jobs.failAll((jobUuid) => new EslClosedError(`bgapi job ${jobUuid}`));
    for (const [eventUuid] of [...this.executes]) this.failExecute(eventUuid, new EslClosedError(`execute ${eventUuid}`));
    this.connection?.destroy();
  }

  /** `api <command>`: the output, whatever it says; a typed error only if no output came. */
  async api(command: string, options: CallOptions = {}): Promise<ApiResult> {
    const reply = await this.request(commands.apiCommand(command), options);
    if (reply.kind === 'command-reply') throw new EslCommandError(`api ${command}`, reply.replyText);
    return { ok: !reply.body.startsWith('-'), body: reply.body };
  }

  /** `bgapi <command>` and its BACKGROUND_JOB result; the deadline covers both. */
  async bgapi(command: string, options: CallOptions & { jobUuid?: string } = {}): Promise<BackgroundJobResult> {
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs;
    const startedAt = performance.now();
    const jobUuid = options.jobUuid ?? randomUUID();
    const result = this.jobs.wait(jobUuid);
    // Handled by the caller's await below; this only keeps an early rejection from being reported as unhandled.
    result.catch(() => undefined);
    const timer = setTimeout(() => this.jobs.cancel(jobUuid, new EslTimeoutError(`bgapi ${command}`, timeoutMs)), timeoutMs);
    try {
      const reply = await this.request(commands.bgapiCommand(command, jobUuid), { timeoutMs });
      if (reply.kind !== 'command-reply' || !reply.ok) {
        const error = new EslCommandError(`bgapi ${command}`, reply.kind === 'command-reply' ? reply.replyText : reply.body);
        this.jobs.cancel(jobUuid, error);
        throw error;
      }
      const assigned = reply.headers['Job-UUID'];
      if (assigned !== undefined && assigned !== jobUuid) this.jobs.rename(jobUuid, assigned);
      this.options.logger.debug({ jobUuid: assigned ?? jobUuid, replyMs: Math.round(performance.now() - startedAt) }, 'bgapi accepted');
      return await result;
    } finally {
      clearTimeout(timer);
    }
  }

  /** `bgapi originate <dialString> <app>`: the call's uuid, or the hangup cause it failed with, as data. */
  async originate(dialString: string, app: string, options: CallOptions = {}): Promise<OriginateResult> {
    return originateResult(await this.bgapi(`originate ${dialString} ${app}`, options));
  }

  /** Replaces the subscription, now and on every later connection. */
  async subscribe(subscription: Subscription, options: CallOptions = {}): Promise<void> {
    this.subscription = subscription;
    await this.expectOk(commands.noEventsCommand(), options).catch((error: unknown) => {
      // `-ERR not listening for events` only says there was nothing to undo.
      if (!(error instanceof EslCommandError)) throw error;
    });
    await this.expectOk(commands.filterDeleteCommand('all'), options);
    for (const command of subscriptionCommands(subscription)) await this.expectOk(command, options);
  }

  /** `sendmsg <uuid>` execute; resolves when FreeSWITCH queued the app (`+OK`), not when it finished. */
  async execute(uuid: string, app: string, arg?: string, options: CallOptions & commands.ExecuteOptions = {}): Promise<void> {
    await this.expectOk(commands.executeCommand(uuid, app, arg, options), options);
  }

  /**
   * Executes and waits for the CHANNEL_EXECUTE_COMPLETE whose Application-UUID is our Event-UUID
   * (subscribe to it); the deadline covers both.
   */
  executeAndWait(uuid: string, app: string, arg?: string, options: CallOptions & commands.ExecuteOptions = {}): Promise<ExecuteComplete> {
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs;
    const eventUuid = options.eventUuid ?? randomUUID();
    const done = this.awaitExecuteComplete(eventUuid, timeoutMs, app, uuid);
    this.execute(uuid, app, arg, { ...options, eventUuid, timeoutMs }).catch((error: unknown) => this.failExecute(eventUuid, error as AppError));
    return done;
  }

  /**
   * A waiter rather than an async function: a call waits here for seconds (a prompt, an entry), and a
   * suspended async frame with its promises is far more to keep alive than two callbacks.
   */
  private awaitExecuteComplete(eventUuid: string, timeoutMs: number, app: string, uuid: string): Promise<ExecuteComplete> {
    return new Promise<ExecuteComplete>((resolve, reject) => {
      const timer = setTimeout(() => this.failExecute(eventUuid, new EslTimeoutError(`execute ${app} on ${uuid}`, timeoutMs)), timeoutMs);
      this.executes.set(eventUuid, {
        resolve: (complete) => {
          clearTimeout(timer);
          resolve(complete);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  async hangup(uuid: string, cause: HangupCause, options: CallOptions = {}): Promise<void> {
    await this.expectOk(commands.hangupCommand(uuid, cause), options);
  }

  /** `sendevent <name>` with headers (a CUSTOM event needs `Event-Subclass`); resolves with `+OK <event-uuid>`. */
  async sendEvent(name: EventName, headers: Readonly<Record<string, string>>, options: CallOptions = {}): Promise<string> {
    return this.expectOk(commands.sendEventCommand(name, Object.entries(headers)), options);
  }

  /** Any command line; resolves with its Reply-Text when it starts with `+`, else EslCommandError. */
  async command(line: string, options: CallOptions = {}): Promise<string> {
    if (/[\n\r]/.test(line) || line.trim() === '') throw invalidArgument('line', 'must be one non-empty line');
    return this.expectOk({ text: `${line}\n\n`, label: line }, options);
  }

  /** Asks FreeSWITCH which channels exist and reports the attempts that are live, gone and orphaned. */
  async reconcile(liveAttemptIds: Iterable<string>, options: CallOptions = {}): Promise<ReconcileReport> {
    return reconcileChannels(liveAttemptIds, async (command) => (await this.api(command, options)).body, this.options.attemptVariable);
  }

  private async expectOk(command: commands.Command, options: CallOptions): Promise<string> {
    const reply = await this.request(command, options);
    if (reply.kind !== 'command-reply') throw new EslCommandError(command.label, `unexpected api/response: ${reply.body.slice(0, 80)}`);
    if (!reply.ok) throw new EslCommandError(command.label, reply.replyText);
    return reply.replyText;
  }

  private async request(command: commands.Command, options: CallOptions): Promise<Reply> {
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs;
    const startedAt = performance.now();
    const connection = await this.ready(command.label, timeoutMs);
    const remainingMs = Math.max(1, Math.round(timeoutMs - (performance.now() - startedAt)));
    return connection.send(command, remainingMs);
  }

  /** The current connection, or the next one if it comes within timeoutMs. */
  private ready(label: string, timeoutMs: number): Promise<EslConnection> {
    if (this.stopped) return Promise.reject(new EslClosedError(label));
    if (this.connection?.isOpen === true) return Promise.resolve(this.connection);
    return new Promise<EslConnection>((resolve, reject) => {
      const waiter = {
        resolve: (connection: EslConnection) => {
          clearTimeout(timer);
          resolve(connection);
        },
        reject: (error: AppError) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((other) => other !== waiter);
        reject(new EslTimeoutError(label, timeoutMs, { cause: new Error('no connection to FreeSWITCH') }));
      }, timeoutMs);
      this.readyWaiters.push(waiter);
    });
  }

  /** One connection: open, authenticate, subscribe; then commands may flow and reconciliation runs. */
  private async establish(): Promise<void> {
    const connection = await EslConnection.open({
      host: this.options.host,
      port: this.options.port,
      password: this.options.password,
      logger: this.options.logger,
      connectTimeoutMs: this.options.connectTimeoutMs,
      staleReplyMs: this.options.staleReplyMs,
      limits: this.options.limits,
      handlers: {
        onEvent: (event) => this.deliver(event),
        onUnknownEvent: (event) => this.lifecycle.emit({ type: 'unknown-event', name: event.name }, this.options.logger),
        onDisconnectNotice: (notice) =>
          this.lifecycle.emit({ type: 'disconnect-notice', disposition: notice.disposition, controlledSessionUuid: notice.controlledSessionUuid }, this.options.logger),
      },
    });
    try {
      for (const command of this.subscription === null ? [] : subscriptionCommands(this.subscription)) {
        const reply = await connection.send(command, this.options.commandTimeoutMs);
        if (reply.kind !== 'command-reply' || !reply.ok) throw new EslCommandError(command.label, reply.kind === 'command-reply' ? reply.replyText : reply.body);
      }
    } catch (error) {
      connection.destroy(error as AppError);
      throw error;
    }
    if (this.stopped) {
      connection.destroy();
      throw new EslClosedError('connect');
    }
    this.connection = connection;
    this.generation += 1;
    const generation = this.generation;
    this.options.logger.info({ generation }, 'esl connected');
    this.lifecycle.emit({ type: 'connected', generation }, this.options.logger);
    for (const waiter of this.readyWaiters.splice(0)) waiter.resolve(connection);
    if (this.liveAttempts !== undefined) void this.reconcileAfterConnect(generation, this.liveAttempts);
  }

  private async reconcileAfterConnect(generation: number, liveAttempts: () => Iterable<string> | Promise<Iterable<string>>): Promise<void> {
    try {
      const report = await this.reconcile(await liveAttempts());
      this.options.logger.info({ generation, live: report.live.length, gone: report.gone.length, orphans: report.orphans.length }, 'esl reconciled');
      this.lifecycle.emit({ type: 'reconciled', generation, report }, this.options.logger);
      for (const attemptId of report.gone) this.lifecycle.emit({ type: 'attempt-gone', generation, attemptId }, this.options.logger);
    } catch (error) {
      this.options.logger.error({ err: error, generation }, 'esl reconciliation failed');
      this.lifecycle.emit({ type: 'reconcile-failed', generation, error: error as AppError }, this.options.logger);
    }
  }

  /** Waits for the connection to end, then reconnects with backoff, forever until close(). */
  private async supervise(): Promise<void> {
    while (!this.stopped) {
      const connection = this.connection;
      if (connection === undefined) return;
      const end = await connection.ended;
      const generation = this.generation;
      if (end.error === undefined) this.options.logger.info({ generation }, 'esl connection closed');
      else this.options.logger.warn({ err: end.error, generation }, 'esl connection lost');
      this.lifecycle.emit({ type: 'disconnected', generation, error: end.error }, this.options.logger);
      this.jobs.failAll((jobUuid) => new EslConnectionLostError(`bgapi job ${jobUuid}`, true, { cause: end.error }));
      for (const [eventUuid] of [...this.executes]) this.failExecute(eventUuid, new EslConnectionLostError(`execute ${eventUuid}`, true, { cause: end.error }));
      for (let attempt = 1; !this.stopped; attempt++) {
        const delayMs = backoffDelayMs(attempt, this.options.backoff, this.options.random);
        this.lifecycle.emit({ type: 'reconnect-scheduled', attempt, delayMs, error: end.error }, this.options.logger);
        await this.sleep(delayMs);
        if (this.stopped) return;
        try {
          await this.establish();
          break;
        } catch (error) {
          this.options.logger.warn({ err: error, attempt }, 'esl reconnect failed');
        }
      }
    }
  }

  private deliver(event: EslEvent): void {
    if (event.name === EventName.BackgroundJob) this.jobs.settle(event);
    if (event.name === EventName.ChannelExecuteComplete) {
      const eventUuid = event.headers.get('Application-UUID');
      const waiter = eventUuid === undefined ? undefined : this.executes.get(eventUuid);
      if (eventUuid !== undefined && waiter !== undefined) {
        this.executes.delete(eventUuid);
        waiter.resolve({ response: event.headers.get('Application-Response'), event });
      }
    }
    this.events.emit(event, this.options.logger);
  }

  private failExecute(eventUuid: string, error: AppError): void {
    const waiter = this.executes.get(eventUuid);
    if (waiter === undefined) return;
    this.executes.delete(eventUuid);
    waiter.reject(error);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
