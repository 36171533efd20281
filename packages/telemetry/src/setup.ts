// OpenTelemetry tracing setup for a service: one provider, W3C trace context, exporter chosen by config.
import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  readonly serviceName: string;
  readonly serviceVersion?: string;
  /** OTLP/HTTP traces endpoint, e.g. http://otel-collector:4318/v1/traces. Unset: spans are not exported. */
  readonly otlpTracesUrl?: string;
  /** Extra processors (tests add an in-memory exporter here). */
  readonly spanProcessors?: readonly SpanProcessor[];
  readonly exportTimeoutMs?: number;
}

export interface Telemetry {
  readonly provider: NodeTracerProvider;
  tracer(name?: string): Tracer;
  /** Flushes and stops exporting; bounded by the exporter timeout. */
  shutdown(): Promise<void>;
}

// How many set-ups that hand spans to a processor are live: without one, a span is built and dropped
// unseen, so hot paths may skip their own spans (see spansAreKept) and only pass the context on.
let keepingSetUps = 0;

/** True while some initTelemetry set-up has an exporter or processor, i.e. a finished span goes somewhere. */
export function spansAreKept(): boolean {
  return keepingSetUps > 0;
}

export function initTelemetry(options: TelemetryOptions): Telemetry {
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (options.otlpTracesUrl !== undefined) {
    processors.push(
      new BatchSpanProcessor(new OTLPTraceExporter({ url: options.otlpTracesUrl, timeoutMillis: options.exportTimeoutMs ?? 10_000 }), {
        exportTimeoutMillis: options.exportTimeoutMs ?? 10_000,
      }),
    );
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      [ATTR_SERVICE_VERSION]: options.serviceVersion ?? '0.1.0',
    }),
    spanProcessors: processors,
  });
  // register() installs the AsyncLocalStorage context manager, so the active span follows awaits.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const keeps = processors.length > 0;
  if (keeps) keepingSetUps += 1;
  let shutDown = false;
  return {
    provider,
    tracer: (name = options.serviceName) => provider.getTracer(name),
    shutdown: async () => {
      if (keeps && !shutDown) keepingSetUps -= 1;
      shutDown = true;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
