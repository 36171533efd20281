// Runs work inside a span whose parent comes from the wire, recording failures on the span.
import { SpanKind, SpanStatusCode, context as otelContext, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';

export interface SpanRunOptions {
  readonly kind: SpanKind;
  readonly parent?: Context;
  readonly attributes?: Attributes;
}

export async function inSpan<T>(tracer: Tracer, name: string, options: SpanRunOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.parent ?? otelContext.active();
  const span = tracer.startSpan(name, { kind: options.kind, ...(options.attributes ? { attributes: options.attributes } : {}) }, parent);
  try {
    return await otelContext.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : new Error(String(error)));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/** The tracer to use where no telemetry was set up: spans are no-ops but context still propagates. */
export function defaultTracer(name = 'ringpace'): Tracer {
  return trace.getTracer(name);
}

export { SpanKind };
