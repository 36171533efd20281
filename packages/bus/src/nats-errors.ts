// Turns what the NATS client throws into ringpace errors: a timeout is DeadlineExceededError, anything
// else that keeps a dependency from answering is UnavailableError (retryable), always with the cause.
import { JetStreamApiError } from '@nats-io/jetstream';
import { ClosedConnectionError, DrainingConnectionError, NoRespondersError, RequestError, TimeoutError } from '@nats-io/nats-core';
import { AppError, DeadlineExceededError, UnavailableError } from '@ringpace/errors';

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 8) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

export function isTimeout(error: unknown): boolean {
  return causes(error).some((e) => e instanceof TimeoutError || e instanceof DeadlineExceededError);
}

/**
 * No subscriber (core), or no stream for the subject: a JetStream publish then fails with
 * "JetStreamNotEnabled" (a class the client does not export) caused by a no-responders RequestError.
 */
export function isNoResponders(error: unknown): boolean {
  return causes(error).some(
    (e) => e instanceof NoRespondersError || (e instanceof RequestError && e.isNoResponders()) || (e instanceof Error && e.name === 'JetStreamNotEnabled'),
  );
}

export function jetStreamApiCode(error: unknown): number | undefined {
  const apiError = causes(error).find((e): e is JetStreamApiError => e instanceof JetStreamApiError);
  return apiError?.code;
}

export function toBusError(operation: string, timeoutMs: number, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isTimeout(error)) return new DeadlineExceededError(operation, timeoutMs, { cause: error });
  if (isNoResponders(error)) return new UnavailableError('nats', `${operation}: nobody answers (no stream or no responder)`, { cause: error });
  if (causes(error).some((e) => e instanceof ClosedConnectionError || e instanceof DrainingConnectionError)) {
    return new UnavailableError('nats', `${operation}: connection closed or draining`, { cause: error });
  }
  return new UnavailableError('nats', `${operation}: ${message}`, { cause: error });
}
