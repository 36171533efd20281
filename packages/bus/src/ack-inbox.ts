// JetStream publishes whose acknowledgements come back on one reply subscription shared by every publish
// of a connection: each message names its own reply subject `<inbox>.<n>`, and what arrives there settles
// it (a PubAck `{stream, seq, duplicate}`, an `{error}` from the stream, or a 503 status when nothing
// stores the subject; nats-server server/jetstream.go and stream.go). nats-core's request() would build an
// Error with a stack trace for every request, successful or not, plus a timer and a subscription entry.
import { JetStreamApiError } from '@nats-io/jetstream';
import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/nats-core';
import { DeadlineExceededError, UnavailableError, type AppError } from '@ringpace/errors';
import { toBusError } from './nats-errors.js';

export interface StoredAck {
  readonly stream: string;
  readonly seq: number;
  readonly duplicate: boolean;
}

interface Pending {
  readonly operation: string;
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly resolve: (ack: StoredAck) => void;
  readonly reject: (error: AppError) => void;
}

interface ApiErrorBody {
  readonly code: number;
  readonly err_code?: number;
  readonly description?: string;
}

/** The PubAck JSON (or the stream's error) as the server sends it; anything else is a malformed ack. */
export function parsePubAck(operation: string, data: Uint8Array): StoredAck | AppError {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  } catch (error) {
    return new UnavailableError('nats', `${operation}: the acknowledgement is not JSON`, { cause: error });
  }
  if (typeof body !== 'object' || body === null) return new UnavailableError('nats', `${operation}: the acknowledgement is not an object`);
  const ack = body as { stream?: unknown; seq?: unknown; duplicate?: unknown; error?: ApiErrorBody };
  if (ack.error !== undefined) {
    const cause = new JetStreamApiError({ code: ack.error.code, err_code: ack.error.err_code ?? 0, description: ack.error.description ?? '' });
    return new UnavailableError('nats', `${operation}: ${cause.message}`, { cause });
  }
  if (typeof ack.stream !== 'string' || ack.stream === '' || typeof ack.seq !== 'number') {
    return new UnavailableError('nats', `${operation}: the acknowledgement names no stream and sequence`);
  }
  return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate === true };
}

export class AckInbox {
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
      this.closedError = new UnavailableError('nats', 'publish: the connection is closed');
      this.failAll(this.closedError);
    });
  }

  /** Acknowledgements still awaited. */
  get waiting(): number {
    return this.pending.size;
  }

  /**
   * Publishes with a reply subject of our inbox and resolves with the stream's ack; rejects with
   * DeadlineExceededError when none came within timeoutMs, UnavailableError otherwise.
   */
  publish(subject: string, data: Uint8Array, headers: MsgHdrs, timeoutMs: number): Promise<StoredAck> {
    const operation = `publish ${subject}`;
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    this.subscription ??= this.nc.subscribe(`${this.prefix}*`, { callback: (error, msg) => this.settle(error, msg) });
    this.nextToken += 1;
    const token = this.nextToken.toString(36);
    return new Promise<StoredAck>((resolve, reject) => {
      try {
        this.nc.publish(subject, data, { reply: this.prefix + token, headers });
      } catch (error) {
        reject(toBusError(operation, timeoutMs, error));
        return;
      }
      const deadlineMs = performance.now() + timeoutMs;
      this.pending.set(token, { operation, timeoutMs, deadlineMs, resolve, reject });
      if (deadlineMs < this.timerAtMs) this.arm(deadlineMs);
    });
  }

  private settle(error: Error | null, msg: Msg): void {
    if (error !== null) {
      // The subscription is gone (a permission refused, the connection closing): what it would have
      // settled fails now, and the next publish subscribes again.
      this.subscription = undefined;
      this.failAll(toBusError('publish acknowledgement', 0, error));
      return;
    }
    const token = msg.subject.slice(this.prefix.length);
    const entry = this.pending.get(token);
    if (entry === undefined) return;
    this.pending.delete(token);
    // 503 with no body: the server found nobody to store the subject (no stream).
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      entry.reject(new UnavailableError('nats', `${entry.operation}: nobody answers (no stream or no responder)`));
      return;
    }
    const ack = parsePubAck(entry.operation, msg.data);
    if ('stream' in ack) entry.resolve(ack);
    else entry.reject(ack);
  }

  /** One timer for every deadline: armed for the earliest, and on firing re-armed for the next one. */
  private arm(atMs: number): void {
    clearTimeout(this.timer);
    this.timerAtMs = atMs;
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(atMs - performance.now())));
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
