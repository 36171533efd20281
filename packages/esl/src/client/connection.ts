// One authenticated event-socket connection: TCP connect and auth under one deadline, replies matched
// to commands in order (command/reply and api/response alike, events in between; captures README
// point 5), a deadline on every command, and a typed reason when it ends. No reconnecting here.
import { connect, type Socket } from 'node:net';
import type { AppError } from '@ringpace/errors';
import type { Logger } from '@ringpace/log';
import { authCommand, type Command } from '../commands/command-text.js';
import type { EslEvent, UnknownEvent } from '../decode/esl-event.js';
import type { DecodedFrame } from '../decode/frame-decoder.js';
import { StreamDecoder } from '../decode/stream-decoder.js';
import { EslAuthError, EslConnectError, EslConnectionLostError, EslProtocolError, EslTimeoutError, ProtocolViolation } from '../errors.js';
import type { FrameLimits } from '../protocol/limits.js';

export type Reply = Extract<DecodedFrame, { kind: 'command-reply' | 'api-response' }>;
export type DisconnectNotice = Extract<DecodedFrame, { kind: 'disconnect-notice' }>;

export interface ConnectionHandlers {
  readonly onEvent: (event: EslEvent) => void;
  readonly onUnknownEvent: (event: UnknownEvent) => void;
  readonly onDisconnectNotice: (notice: DisconnectNotice) => void;
}

export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly password: string;
  readonly logger: Logger;
  /** TCP connect, the server's auth/request and the auth reply, together. */
  readonly connectTimeoutMs: number;
  /**
   * How long a reply may still arrive after its command timed out. Replies are matched by order, so a
   * reply that never comes would hold every later one: past this the connection is declared stalled.
   */
  readonly staleReplyMs: number;
  readonly limits: FrameLimits;
  readonly handlers: ConnectionHandlers;
}

export interface ConnectionEnd {
  /** Why it ended; undefined when we closed it or the server said goodbye (`exit`, disconnect notice). */
  readonly error: AppError | undefined;
}

interface Pending {
  readonly label: string;
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: AppError) => void;
  timer: NodeJS.Timeout | undefined;
  /** Timed out: its reply, when it comes, is dropped to keep the order. */
  abandoned: boolean;
}

export class EslConnection {
  readonly ended: Promise<ConnectionEnd>;
  private readonly decoder: StreamDecoder;
  private readonly pending: Pending[] = [];
  private outgoing: string[] = [];
  private finish!: (end: ConnectionEnd) => void;
  private closed = false;
  private endError: AppError | undefined;
  private goodbye = false;
  private closing = false;
  private onAuthRequest: (() => void) | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.decoder = new StreamDecoder(options.limits);
    this.ended = new Promise((resolve) => {
      this.finish = resolve;
    });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => {
      this.endError ??= new EslConnectError(options.host, options.port, error.message, { cause: error });
    });
    socket.on('close', () => this.closeDown());
  }

  /** Connects and authenticates within connectTimeoutMs; rejects with EslConnectError, EslTimeoutError or EslAuthError. */
  static open(options: ConnectionOptions): Promise<EslConnection> {
    const socket = connect({ host: options.host, port: options.port });
    const connection = new EslConnection(socket, options);
    return new Promise<EslConnection>((resolve, reject) => {
      let settled = false;
      const fail = (error: AppError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        connection.destroy(error);
        reject(error);
      };
      const timer = setTimeout(() => fail(new EslTimeoutError(`connect ${options.host}:${options.port}`, options.connectTimeoutMs)), options.connectTimeoutMs);
      void connection.ended.then((end) => fail(end.error ?? new EslConnectError(options.host, options.port, 'closed before authentication')));
      connection.onAuthRequest = () => {
        connection.send(authCommand(options.password), options.connectTimeoutMs).then(
          (reply) => {
            if (reply.kind === 'command-reply' && reply.ok) {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              resolve(connection);
            } else {
              fail(new EslAuthError(reply.kind === 'command-reply' ? reply.replyText : reply.body));
            }
          },
          (error: AppError) => fail(error),
        );
      };
    });
  }

  get isOpen(): boolean {
    return !this.closed && !this.closing;
  }

  /** Writes the command and resolves with its reply; never waits past timeoutMs. */
  send(command: Command, timeoutMs: number): Promise<Reply> {
    if (!this.isOpen) return Promise.reject(new EslConnectionLostError(command.label, false, { cause: this.endError }));
    return new Promise<Reply>((resolve, reject) => {
      const entry: Pending = { label: command.label, resolve, reject, timer: undefined, abandoned: false };
      entry.timer = setTimeout(() => this.abandon(entry, timeoutMs), timeoutMs);
      this.pending.push(entry);
      this.outgoing.push(command.text);
      if (this.outgoing.length === 1) setImmediate(this.writeOutgoing);
    });
  }

  /**
   * Commands sent in one turn of the event loop leave in one socket write: a call's answer, the flows it
   * wakes and the other calls' commands read from the same chunk add up, and each write is a system call
   * that costs more than building the command. Order is kept, so replies still match by order.
   */
  private readonly writeOutgoing = (): void => {
    const text = this.outgoing.length === 1 ? (this.outgoing[0] as string) : this.outgoing.join('');
    this.outgoing = [];
    if (!this.socket.destroyed) this.socket.write(text);
  };

  /** Ends the connection now; pending commands fail with EslConnectionLostError. */
  destroy(error?: AppError): void {
    this.closing = true;
    if (error !== undefined) this.endError ??= error;
    this.socket.destroy();
  }

  private abandon(entry: Pending, timeoutMs: number): void {
    entry.abandoned = true;
    entry.reject(new EslTimeoutError(entry.label, timeoutMs));
    entry.timer = setTimeout(() => {
      this.options.logger.error({ command: entry.label, timeoutMs, staleReplyMs: this.options.staleReplyMs }, 'esl reply never came; connection stalled');
      this.destroy(new EslTimeoutError(`reply to ${entry.label}`, timeoutMs + this.options.staleReplyMs));
    }, this.options.staleReplyMs);
  }

  private receive(chunk: Buffer): void {
    const { frames, error } = this.decoder.push(chunk);
    for (const frame of frames) {
      // A frame may have ended the connection (a reply nobody asked for): the rest is not trusted.
      if (!this.isOpen) return;
      this.dispatch(frame);
    }
    if (error !== undefined) {
      this.options.logger.error({ err: error, violation: error.violation }, 'esl protocol violation; dropping the connection');
      this.destroy(error);
    }
  }

  private dispatch(frame: DecodedFrame): void {
    switch (frame.kind) {
      case 'event':
        this.options.handlers.onEvent(frame.event);
        return;
      case 'command-reply':
      case 'api-response':
        this.settle(frame);
        return;
      case 'auth-request':
        if (this.onAuthRequest === undefined) return this.violate('auth/request after authentication');
        this.onAuthRequest();
        this.onAuthRequest = undefined;
        return;
      case 'disconnect-notice':
        if (frame.disposition !== 'linger') this.goodbye = true;
        this.options.handlers.onDisconnectNotice(frame);
        return;
      case 'unknown-event':
        this.options.handlers.onUnknownEvent(frame.event);
        return;
      case 'log-data':
        this.options.logger.debug({ level: frame.level, text: frame.body }, 'freeswitch log');
        return;
      case 'rude-rejection':
        this.destroy(new EslConnectError(this.options.host, this.options.port, `rejected: ${frame.body.trim()}`));
        return;
    }
  }

  private settle(reply: Reply): void {
    const entry = this.pending.shift();
    if (entry === undefined) return this.violate(`a ${reply.kind} nobody asked for`);
    clearTimeout(entry.timer);
    if (entry.abandoned) {
      this.options.logger.warn({ command: entry.label }, 'esl reply arrived after its command timed out; dropped');
      return;
    }
    if (reply.kind === 'command-reply' && reply.replyText === '+OK bye') this.goodbye = true;
    entry.resolve(reply);
  }

  private violate(detail: string): void {
    const error = new EslProtocolError(ProtocolViolation.UnexpectedFrame, detail);
    this.options.logger.error({ err: error }, 'esl protocol violation; dropping the connection');
    this.destroy(error);
  }

  private closeDown(): void {
    if (this.closed) return;
    this.closed = true;
    const truncated = this.decoder.end();
    if (truncated !== undefined && !this.goodbye) this.endError ??= truncated;
    if (this.endError === undefined && !this.goodbye && !this.closing) {
      this.endError = new EslConnectError(this.options.host, this.options.port, 'connection closed by the server');
    }
    for (const entry of this.pending.splice(0)) {
      clearTimeout(entry.timer);
      if (!entry.abandoned) entry.reject(new EslConnectionLostError(entry.label, true, { cause: this.endError }));
    }
    this.finish({ error: this.endError });
  }
}
