export { initTelemetry, spansAreKept, type Telemetry, type TelemetryOptions } from './setup.js';
export {
  traceFields,
  contextFromTraceFields,
  natsHeadersWithTrace,
  contextFromNatsHeaders,
  injectGrpcMetadata,
  contextFromGrpcMetadata,
  activeTraceId,
  type TraceFields,
} from './propagation.js';
export { inSpan, defaultTracer, SpanKind, type SpanRunOptions } from './spans.js';
export { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
export { startMetricsServer, splitListenAddress, type MetricsRegistry, type MetricsServer, type MetricsServerOptions } from './metrics-server.js';
