// Core NATS requests whose replies come back on one subscription shared by every request of a
// connection: each request names its own reply subject `<inbox>.<n>`, and the first message there settles
// it (a reply, or the server's 503 status when no subscriber took the request). nats-core's request()
// builds an Error with a stack trace for every request, successful or not, plus a timer and a promise
// race; here one timer serves every deadline and an Error is made only for a request that fails.
import { NoRespondersError, createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/nats-core';
import { DeadlineExceededError, UnavailableError, type AppError } from '@ringpace/errors';
import { toBusError } from './nats-errors.js';

interface Pending {
  readonly subject: string;
  /** What the request is, for its errors: `request <subject>` unless the caller named it. */
  readonly operation: string;
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly resolve: (reply: Msg) => void;
  readonly reject: (error: AppError) => void;
}

export class ReplyInbox {
  private readonly prefix: string;
  private readonly pending = new Map<string, Pending>();
  private subscription: Subscription | undefined;
  private nextToken = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAtMs = Number.POSITIVE_INFINITY;
  private closedError: AppError | undefined;

  constructor(
    private readonly nc: NatsConnection,
    /** The connection's inbox prefix when it was given one (subject permissions); `_INBOX` otherwise. */
    inboxPrefix?: string,
  ) {
    this.prefix = `${createInbox(inboxPrefix)}.`;
    void nc.closed().then(() => {
      this.closedError = new UnavailableError('nats', 'request: the connection is closed');
      this.failAll(this.closedError);
    });
  }

  /** Replies still awaited. */
  get waiting(): number {
    return this.pending.size;
  }

  /**
   * Sends `data` to `subject` and resolves with the first reply. Rejects with DeadlineExceededError when
   * none came within timeoutMs, and UnavailableError (caused by NoRespondersError when nobody listens on
   * the subject) otherwise.
   */
  request(subject: string, data: Uint8Array, headers: MsgHdrs, timeoutMs: number, operation = `request ${subject}`): Promise<Msg> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    this.subscription ??= this.nc.subscribe(`${this.prefix}*`, { callback: (error, msg) => this.settle(error, msg) });
    this.nextToken += 1;
    const token = this.nextToken.toString(36);
    return new Promise<Msg>((resolve, reject) => {
      try {
        this.nc.publish(subject, data, { reply: this.prefix + token, headers });
      } catch (error) {
        reject(toBusError(operation, timeoutMs, error));
        return;
      }
      const deadlineMs = performance.now() + timeoutMs;
      this.pending.set(token, { subject, operation, timeoutMs, deadlineMs, resolve, reject });
      if (deadlineMs < this.timerAtMs) this.arm(deadlineMs);
    });
  }

  private settle(error: Error | null, msg: Msg): void {
    if (error !== null) {
      // The subscription is gone (a permission refused, the connection closing): what it would have
      // settled fails now, and the next request subscribes again.
      this.subscription = undefined;
      this.failAll(toBusError('request reply', 0, error));
      return;
    }
    const token = msg.subject.slice(this.prefix.length);
    const entry = this.pending.get(token);
    if (entry === undefined) return;
    this.pending.delete(token);
    // 503 with no body: the server found no subscriber for the request's subject.
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      entry.reject(
        new UnavailableError('nats', `${entry.operation}: nobody answers (no stream or no responder)`, { cause: new NoRespondersError(entry.subject) }),
      );
      return;
    }
    entry.resolve(msg);
  }

  /** One timer for every deadline: armed for the earliest, and on firing re-armed for the next one. */
  private arm(atMs: number): void {
    clearTimeout(this.timer);
    this.timerAtMs = atMs;
    // Unreferenced: a request in flight keeps its connection's socket, and so the process, alive anyway.
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(atMs - performance.now()))).unref();
  }

  private expire(): void {
    this.timer = undefined;
    this.timerAtMs = Number.POSITIVE_INFINITY;
    const nowMs = performance.now();
    let nextMs = Number.POSITIVE_INFINITY;
    for (const [token, entry] of this.pending) {
      if (entry.deadlineMs <= nowMs) {
        this.pending.delete(token);
        entry.reject(new DeadlineExceededError(entry.operation, entry.timeoutMs));
      } else if (entry.deadlineMs < nextMs) {
        nextMs = entry.deadlineMs;
      }
    }
    if (nextMs !== Number.POSITIVE_INFINITY) this.arm(nextMs);
  }

  private failAll(error: AppError): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAtMs = Number.POSITIVE_INFINITY;
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) entry.reject(error);
  }
}
