// NATS core request/reply with protobuf payloads: a requester with a deadline and trace headers, and a
// queue-group responder (one member answers each request). A responder's failure travels back as
// Ringpace-Error-* headers and is rethrown on the requester's side as an AppError with the same code.
// A CLIENT span only when spans go somewhere; the caller's context is in the headers either way.
import { headers as natsHeaders, type Msg, type NatsConnection } from '@nats-io/nats-core';
import { ROOT_CONTEXT, type Tracer } from '@opentelemetry/api';
import { AppError, withDeadline, type ErrorCode } from '@ringpace/errors';
import { SpanKind, contextFromNatsHeaders, defaultTracer, inSpan, natsHeadersWithTrace, spansAreKept } from '@ringpace/telemetry';
import { CodecError, protoCodec, type ProtoMessageType } from './codec.js';
import type { BusLogger } from './logger.js';
import { toBusError } from './nats-errors.js';
import { ReplyInbox } from './reply-inbox.js';

const ERROR_CODE_HEADER = 'Ringpace-Error-Code';
const ERROR_MESSAGE_HEADER = 'Ringpace-Error-Message';
const ERROR_RETRYABLE_HEADER = 'Ringpace-Error-Retryable';

const errorCodes: ReadonlySet<string> = new Set<ErrorCode>([
  'INVALID_ARGUMENT', 'NOT_FOUND', 'ALREADY_EXISTS', 'UNAUTHENTICATED', 'PERMISSION_DENIED', 'FAILED_PRECONDITION',
  'RESOURCE_EXHAUSTED', 'UNAVAILABLE', 'DEADLINE_EXCEEDED', 'CANCELLED', 'INTERNAL',
]);

function isErrorCode(value: string): value is ErrorCode {
  return errorCodes.has(value);
}

export interface RequestOptions<Req, Rep> {
  readonly requestType: ProtoMessageType<Req>;
  readonly replyType: ProtoMessageType<Rep>;
  /** Deadline for the reply. */
  readonly timeoutMs: number;
  readonly tracer?: Tracer;
}

/** Rebuilds a responder's failure from its headers, or decodes the reply. */
function replyOf<Rep>(subject: string, reply: Msg, replyType: ProtoMessageType<Rep>): Rep {
  const code = reply.headers?.get(ERROR_CODE_HEADER) ?? '';
  if (code !== '') {
    throw new AppError(reply.headers?.get(ERROR_MESSAGE_HEADER) || `${subject} failed`, {
      code: isErrorCode(code) ? code : 'INTERNAL',
      retryable: reply.headers?.get(ERROR_RETRYABLE_HEADER) === 'true',
    });
  }
  return protoCodec(replyType).decode(reply.data);
}

/** Runs a request inside a CLIENT span when spans are kept; otherwise just runs it. */
function traced<Rep>(subject: string, tracer: Tracer | undefined, send: () => Promise<Rep>): Promise<Rep> {
  if (!spansAreKept()) return send();
  const attributes = { 'messaging.system': 'nats', 'messaging.destination.name': subject };
  return inSpan(tracer ?? defaultTracer('ringpace-bus'), `request ${subject}`, { kind: SpanKind.CLIENT, attributes }, send);
}

/**
 * Sends one request and decodes its reply. Rejects with DeadlineExceededError when no reply comes in
 * time, UnavailableError when nobody listens on the subject, the responder's own AppError (rebuilt from
 * its headers) when it failed, and CodecError when the reply does not decode.
 */
export async function request<Req, Rep>(nc: NatsConnection, subject: string, message: Req, options: RequestOptions<Req, Rep>): Promise<Rep> {
  const operation = `request ${subject}`;
  return traced(subject, options.tracer, async () => {
    const payload = protoCodec(options.requestType).encode(message);
    let reply: Msg;
    try {
      reply = await withDeadline(operation, options.timeoutMs, () =>
        nc.request(subject, payload, { timeout: options.timeoutMs, headers: natsHeadersWithTrace() }),
      );
    } catch (error) {
      throw toBusError(operation, options.timeoutMs, error);
    }
    return replyOf(subject, reply, options.replyType);
  });
}

/** request() for callers that send many: the replies of all its requests come back on one shared inbox. */
export interface Requester {
  /** As request(), with the same deadline, errors and trace headers. */
  request<Req, Rep>(subject: string, message: Req, options: RequestOptions<Req, Rep>): Promise<Rep>;
}

export function createRequester(nc: NatsConnection, options: { readonly inboxPrefix?: string } = {}): Requester {
  const inbox = new ReplyInbox(nc, options.inboxPrefix);
  return {
    request(subject, message, requestOptions) {
      return traced(subject, requestOptions.tracer, async () => {
        const payload = protoCodec(requestOptions.requestType).encode(message);
        const reply = await inbox.request(subject, payload, natsHeadersWithTrace(), requestOptions.timeoutMs);
        return replyOf(subject, reply, requestOptions.replyType);
      });
    },
  };
}

export interface RequestContext {
  readonly subject: string;
  /** Aborted when the handler's deadline passes. */
  readonly signal: AbortSignal;
}

export interface ResponderOptions<Req, Rep> {
  readonly nc: NatsConnection;
  readonly subject: string;
  /** Queue group: each request goes to one member (see mediaQueueGroup()). */
  readonly queue: string;
  readonly requestType: ProtoMessageType<Req>;
  readonly replyType: ProtoMessageType<Rep>;
  /** Expected outcomes belong in the reply message; throw only for failures. */
  readonly handler: (request: Req, context: RequestContext) => Promise<Rep>;
  /** Stops taking requests; `closed` resolves once the ones in flight are answered. */
  readonly signal: AbortSignal;
  readonly log?: BusLogger;
  readonly tracer?: Tracer;
  /** Requests handled at once. Default 64. */
  readonly concurrency?: number;
  /** Deadline of one handler run; keep it below the requesters' timeout. Default 10 s. */
  readonly handlerTimeoutMs?: number;
  /** Deadline of the subscription's registration with the server. Default 5 s. */
  readonly timeoutMs?: number;
}

export interface Responder {
  readonly closed: Promise<void>;
}

function errorHeaders(error: unknown): ReturnType<typeof natsHeaders> {
  const out = natsHeaders();
  // Unknown errors leave as INTERNAL with a generic message: no internal detail crosses the wire.
  const known = error instanceof AppError && error.code !== 'INTERNAL';
  out.set(ERROR_CODE_HEADER, error instanceof AppError ? error.code : 'INTERNAL');
  out.set(ERROR_MESSAGE_HEADER, known ? error.message : 'internal error');
  out.set(ERROR_RETRYABLE_HEADER, error instanceof AppError && error.retryable ? 'true' : 'false');
  return out;
}

/** Subscribes in a queue group and answers requests until the signal aborts. Resolves once subscribed. */
export async function startResponder<Req, Rep>(options: ResponderOptions<Req, Rep>): Promise<Responder> {
  const log = options.log;
  const tracer = options.tracer ?? defaultTracer('ringpace-bus');
  const concurrency = Math.max(1, options.concurrency ?? 64);
  const handlerTimeoutMs = options.handlerTimeoutMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const requestCodec = protoCodec(options.requestType);
  const replyCodec = protoCodec(options.replyType);

  const subscription = options.nc.subscribe(options.subject, { queue: options.queue });
  try {
    await withDeadline(`subscribe ${options.subject}`, timeoutMs, () => options.nc.flush());
  } catch (error) {
    subscription.unsubscribe();
    throw toBusError(`subscribe ${options.subject}`, timeoutMs, error);
  }

  async function answer(msg: Msg): Promise<void> {
    const fields = { subject: msg.subject, queue: options.queue };
    await inSpan(
      tracer,
      `serve ${options.subject}`,
      { kind: SpanKind.SERVER, parent: contextFromNatsHeaders(msg.headers, ROOT_CONTEXT), attributes: { 'messaging.system': 'nats' } },
      async () => {
        try {
          const decoded = requestCodec.decode(msg.data);
          const reply = await withDeadline(`serve ${msg.subject}`, handlerTimeoutMs, (signal) =>
            options.handler(decoded, { subject: msg.subject, signal }),
          );
          msg.respond(replyCodec.encode(reply));
        } catch (error) {
          if (!(error instanceof CodecError)) log?.error({ ...fields, err: error }, 'request handler failed');
          else log?.warn({ ...fields, err: error }, 'undecodable request refused');
          msg.respond(new Uint8Array(), { headers: errorHeaders(error) });
        }
      },
    );
  }

  const inFlight = new Set<Promise<void>>();
  const stop = (): void => {
    // drain() delivers what the client already holds, then ends the iteration below.
    subscription.drain().catch((error: unknown) => log?.warn({ subject: options.subject, err: error }, 'drain failed'));
  };
  if (options.signal.aborted) stop();
  else options.signal.addEventListener('abort', stop, { once: true });

  const closed = (async () => {
    for await (const msg of subscription) {
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      const task: Promise<void> = answer(msg)
        .catch((error: unknown) => log?.error({ subject: msg.subject, err: error }, 'request not answered'))
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await Promise.allSettled([...inFlight]);
  })();
  return { closed };
}
