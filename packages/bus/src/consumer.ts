// The event loop of a durable pull consumer: fetch at most `concurrency` messages at a time, decode the
// Event, run the handler with a deadline (in the sender's trace context unless the consumer opts out),
// then ack, nak with backoff (retryable failure) or term (non-retryable failure, undecodable frame, last
// delivery). Aborting stops fetching and waits for the handlers in flight.
import { JetStreamApiCodes, type Consumer, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { ROOT_CONTEXT, context as otelContext, trace, type Context, type Tracer } from '@opentelemetry/api';
import { AppError, DeadlineExceededError, NotFoundError, withDeadline } from '@ringpace/errors';
import { Event } from '@ringpace/proto';
import { SpanKind, contextFromNatsHeaders, contextFromTraceFields, defaultTracer, inSpan, spansAreKept } from '@ringpace/telemetry';
import { silentBusLogger, type BusLogger } from './logger.js';
import { jetStreamApiCode, toBusError } from './nats-errors.js';

export interface EventDelivery {
  readonly event: Event;
  readonly subject: string;
  /** The Nats-Msg-Id header: the event id for events from createEventPublisher. */
  readonly msgId: string;
  readonly redelivered: boolean;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
  readonly streamSequence: number;
  /** Aborted when the handler's deadline passes: pass it to every I/O call. */
  readonly signal: AbortSignal;
}

/** An EventDelivery that reads the message's headers and delivery info only when asked. */
class Delivery implements EventDelivery {
  constructor(
    private readonly msg: JsMsg,
    readonly event: Event,
    private readonly handlerSignal: () => AbortSignal,
  ) {}

  get subject(): string {
    return this.msg.subject;
  }

  get msgId(): string {
    return this.msg.headers?.get('Nats-Msg-Id') ?? '';
  }

  get redelivered(): boolean {
    return this.msg.redelivered;
  }

  get deliveryCount(): number {
    return this.msg.info.deliveryCount;
  }

  get streamSequence(): number {
    return this.msg.seq;
  }

  get signal(): AbortSignal {
    return this.handlerSignal();
  }
}

/** A handler's failure as an Error (a handler that rejects with something else still fails). */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** One handler run under its deadline; the abort signal is made only for a handler that reads it. */
interface Run {
  readonly operation: string;
  readonly deadlineMs: number;
  controller: AbortController | undefined;
  readonly reject: (error: Error) => void;
}

/**
 * The deadlines of the handler runs in flight, on one timer. Every run gets the same timeout, so the runs
 * expire in the order they started and the timer only ever waits for the oldest: a timer and an
 * AbortController per event (most handlers never read the signal) is work the hot path is spared.
 */
export class HandlerDeadlines {
  private readonly runs = new Set<Run>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number) {}

  /** Runs `work`; rejects with DeadlineExceededError, aborting the signal, when it outlasts the timeout. */
  run<T>(operation: string, work: (signal: () => AbortSignal) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run: Run = { operation, deadlineMs: performance.now() + this.timeoutMs, controller: undefined, reject };
      this.runs.add(run);
      this.timer ??= setTimeout(() => this.expire(), this.timeoutMs);
      const settled = (): boolean => {
        if (!this.runs.delete(run)) return false;
        if (this.runs.size === 0) {
          clearTimeout(this.timer);
          this.timer = undefined;
        }
        return true;
      };
      let pending: Promise<T>;
      try {
        pending = work(() => (run.controller ??= new AbortController()).signal);
      } catch (error) {
        if (settled()) reject(asError(error));
        return;
      }
      pending.then(
        (value) => {
          if (settled()) resolve(value);
        },
        (error: unknown) => {
          if (settled()) reject(asError(error));
        },
      );
    });
  }

  private expire(): void {
    this.timer = undefined;
    const nowMs = performance.now();
    for (const run of this.runs) {
      if (run.deadlineMs > nowMs) {
        this.timer = setTimeout(() => this.expire(), Math.ceil(run.deadlineMs - nowMs));
        return;
      }
      this.runs.delete(run);
      const error = new DeadlineExceededError(run.operation, this.timeoutMs);
      run.controller?.abort(error);
      run.reject(error);
    }
  }
}

/**
 * Resolves when the event is fully handled (committed): the message is then acked. Throwing a retryable
 * AppError (or any non-AppError) redelivers it later; a non-retryable AppError drops it for good.
 */
export type EventHandler = (delivery: EventDelivery) => Promise<void>;

export interface RetryBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export interface ConsumeOptions {
  readonly js: JetStreamClient;
  readonly stream: string;
  readonly durable: string;
  readonly handler: EventHandler;
  /** Stops the loop; consume() resolves once the handlers in flight are done. */
  readonly signal: AbortSignal;
  readonly log?: BusLogger;
  readonly tracer?: Tracer;
  /** Handlers running at once. Default 8. */
  readonly concurrency?: number;
  /**
   * Whether the handler runs in the sender's trace context (from the headers, or the envelope). Default
   * true. A handler that sends nothing on (it only writes a database) may say false: then, while spans
   * are not kept, no context is read per event; a kept span still gets the sender as its parent.
   */
  readonly senderContext?: boolean;
  /** Deadline of one handler run. Default 80% of the consumer's ack wait, so no redelivery overtakes it. */
  readonly handlerTimeoutMs?: number;
  /** Nak delay: initialMs × 2^(delivery − 1), capped at maxMs. Default 1 s … 60 s. */
  readonly backoff?: RetryBackoff;
  /** How long one pull waits for messages (≥ 1000, a server minimum). Default 5 s. */
  readonly fetchExpiresMs?: number;
  /** Deadline of the consumer lookup. Default 5 s. */
  readonly timeoutMs?: number;
}

const NANOS_PER_MS = 1_000_000;

export function nakDelayMs(deliveryCount: number, backoff: RetryBackoff): number {
  return Math.min(backoff.initialMs * 2 ** Math.max(0, deliveryCount - 1), backoff.maxMs);
}

function abortable(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function parentContext(msg: JsMsg, event: Event): Context {
  const fromHeaders = contextFromNatsHeaders(msg.headers, ROOT_CONTEXT);
  // A message copied or replayed without headers still links to its cause through the envelope.
  return trace.getSpanContext(fromHeaders) === undefined ? contextFromTraceFields(event.trace, ROOT_CONTEXT) : fromHeaders;
}

async function lookupConsumer(options: ConsumeOptions, timeoutMs: number): Promise<Consumer> {
  const operation = `consumer ${options.stream}/${options.durable}`;
  try {
    return await withDeadline(operation, timeoutMs, () => options.js.consumers.get(options.stream, options.durable));
  } catch (error) {
    const code = jetStreamApiCode(error);
    if (code === JetStreamApiCodes.ConsumerNotFound || code === JetStreamApiCodes.StreamNotFound) {
      throw new NotFoundError('consumer', `${options.stream}/${options.durable}`, { cause: error });
    }
    throw toBusError(operation, timeoutMs, error);
  }
}

export async function consume(options: ConsumeOptions): Promise<void> {
  const log = options.log ?? silentBusLogger;
  const tracer = options.tracer ?? defaultTracer('ringpace-bus');
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const backoff = options.backoff ?? { initialMs: 1_000, maxMs: 60_000 };
  const timeoutMs = options.timeoutMs ?? 5_000;
  const fetchExpiresMs = Math.max(1_000, options.fetchExpiresMs ?? 5_000);
  const { signal, durable } = options;

  const consumer = await lookupConsumer(options, timeoutMs);
  const info = await consumer.info(true);
  const maxDeliver = info.config.max_deliver ?? -1;
  const handlerTimeoutMs = options.handlerTimeoutMs ?? Math.floor(((info.config.ack_wait ?? 30_000 * NANOS_PER_MS) / NANOS_PER_MS) * 0.8);

  function settle(msg: JsMsg, fields: Record<string, unknown>, error: unknown): void {
    const retryable = !(error instanceof AppError) || error.retryable;
    // term() goes without a reason: NATS 2.9 only knows a bare "+TERM" and leaves "+TERM <reason>" pending.
    if (!retryable) {
      msg.term();
      log.error({ ...fields, err: error }, 'event handler failed for good; message terminated');
    } else if (maxDeliver > 0 && msg.info.deliveryCount >= maxDeliver) {
      msg.term();
      log.error({ ...fields, err: error }, 'event handler kept failing; message terminated after its last delivery');
    } else {
      const delayMs = nakDelayMs(msg.info.deliveryCount, backoff);
      msg.nak(delayMs);
      log.warn({ ...fields, err: error, retryInMs: delayMs }, 'event handler failed; message will be redelivered');
    }
  }

  const deadlines = new HandlerDeadlines(handlerTimeoutMs);
  const senderContext = options.senderContext ?? true;
  const fieldsOf = (msg: JsMsg) => ({ stream: options.stream, durable, subject: msg.subject, streamSequence: msg.seq, deliveryCount: msg.info.deliveryCount });

  async function handle(msg: JsMsg): Promise<void> {
    let event: Event;
    try {
      event = Event.decode(msg.data);
      if (event.eventId === '') throw new Error('envelope has no event_id');
    } catch (error) {
      // A frame nobody can read would otherwise be redelivered until max_deliver and block nothing but
      // waste: drop it now, loudly.
      msg.term();
      log.error({ ...fieldsOf(msg), bytes: msg.data.length, err: error }, 'undecodable event frame terminated');
      return;
    }
    const run = (): Promise<void> => deadlines.run(`handle ${msg.subject} in ${durable}`, (handlerSignal) => options.handler(new Delivery(msg, event, handlerSignal)));
    try {
      if (spansAreKept()) {
        const attributes = {
          'messaging.system': 'nats',
          'messaging.operation.type': 'process',
          'messaging.destination.name': msg.subject,
          'messaging.consumer.group.name': durable,
          'messaging.message.id': event.eventId,
        };
        await inSpan(tracer, `process ${durable}`, { kind: SpanKind.CONSUMER, parent: parentContext(msg, event), attributes }, run);
      } else if (senderContext) {
        // No span would be seen: the handler still runs in the sender's context, so what it sends on
        // stays in the sender's trace.
        await otelContext.with(parentContext(msg, event), run);
      } else {
        await run();
      }
    } catch (error) {
      settle(msg, { ...fieldsOf(msg), eventId: event.eventId, kind: event.payload?.$case ?? 'unknown' }, error);
      return;
    }
    // Not waiting for the server to confirm the ack (a request, a timer and a reply per event): an ack
    // lost on the way means a redelivery after the ack wait, which meets an idempotent handler.
    msg.ack();
  }

  const inFlight = new Set<Promise<void>>();
  const stopped = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  let failures = 0;

  while (!signal.aborted) {
    if (inFlight.size >= concurrency) {
      await Promise.race([...inFlight, stopped]);
      continue;
    }
    try {
      const batch = await consumer.fetch({ max_messages: concurrency - inFlight.size, expires: fetchExpiresMs });
      const stop = (): void => batch.stop();
      signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const msg of batch) {
          if (signal.aborted) {
            // Hand it back at once rather than let it wait for the ack timeout.
            msg.nak();
            continue;
          }
          const task: Promise<void> = handle(msg).finally(() => inFlight.delete(task));
          inFlight.add(task);
        }
      } finally {
        signal.removeEventListener('abort', stop);
      }
      failures = 0;
    } catch (error) {
      failures += 1;
      const delayMs = nakDelayMs(failures, backoff);
      log.warn({ stream: options.stream, durable, err: error, retryInMs: delayMs }, 'pulling messages failed; retrying');
      await abortable(signal, delayMs);
    }
  }
  await Promise.allSettled([...inFlight]);
}
