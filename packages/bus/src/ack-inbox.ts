// JetStream publishes whose acknowledgements come back on one reply subscription shared by every publish
// of a connection (ReplyInbox): what arrives settles the publish — a PubAck `{stream, seq, duplicate}`, an
// `{error}` from the stream, or a 503 status when nothing stores the subject (nats-server
// server/jetstream.go and stream.go). nats-core's request() would build an Error with a stack trace for
// every request, successful or not, plus a timer and a subscription entry.
import { JetStreamApiError } from '@nats-io/jetstream';
import type { MsgHdrs, NatsConnection } from '@nats-io/nats-core';
import { UnavailableError, type AppError } from '@ringpace/errors';
import { ReplyInbox } from './reply-inbox.js';

export interface StoredAck {
  readonly stream: string;
  readonly seq: number;
  readonly duplicate: boolean;
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

/** JetStream publishes over a ReplyInbox: the reply is the stream's PubAck, read by parsePubAck. */
export class AckInbox {
  private readonly replies: ReplyInbox;

  constructor(nc: NatsConnection, /** The connection's inbox prefix when it was given one (subject permissions). */ inboxPrefix?: string) {
    this.replies = new ReplyInbox(nc, inboxPrefix);
  }

  /** Acknowledgements still awaited. */
  get waiting(): number {
    return this.replies.waiting;
  }

  /**
   * Publishes with a reply subject of the shared inbox and resolves with the stream's ack; rejects with
   * DeadlineExceededError when none came within timeoutMs, UnavailableError otherwise (the stream's
   * refusal carries its JetStream error, a subject nothing stores is a 503).
   */
  publish(subject: string, data: Uint8Array, headers: MsgHdrs, timeoutMs: number): Promise<StoredAck> {
    const operation = `publish ${subject}`;
    return this.replies.request(subject, data, headers, timeoutMs, operation).then((msg) => {
      const ack = parsePubAck(operation, msg.data);
      if ('stream' in ack) return ack;
      throw ack;
    });
  }
}
