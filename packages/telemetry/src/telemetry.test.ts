import { afterAll, describe, expect, it } from 'vitest';
import { Metadata } from '@grpc/grpc-js';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  SpanKind,
  activeTraceId,
  contextFromGrpcMetadata,
  contextFromNatsHeaders,
  contextFromTraceFields,
  inSpan,
  initTelemetry,
  injectGrpcMetadata,
  spansAreKept,
  natsHeadersWithTrace,
  traceFields,
} from './index.js';

const exporter = new InMemorySpanExporter();
const telemetry = initTelemetry({ serviceName: 'telemetry-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = telemetry.tracer();
afterAll(() => telemetry.shutdown());

describe('telemetry', () => {
  it('propagation › a span context crosses gRPC metadata, NATS headers and envelope fields unchanged', async () => {
    await inSpan(tracer, 'origin', { kind: SpanKind.SERVER }, async (span) => {
      const { traceId, spanId } = span.spanContext();
      const metadata = injectGrpcMetadata(new Metadata());
      expect(String(metadata.get('traceparent')[0])).toBe(`00-${traceId}-${spanId}-01`);
      const headers = natsHeadersWithTrace();
      const fields = traceFields();
      for (const ctx of [contextFromGrpcMetadata(metadata), contextFromNatsHeaders(headers), contextFromTraceFields(fields)]) {
        expect(activeTraceId(ctx)).toBe(traceId);
      }
      await Promise.resolve();
    });
  });

  it('inSpan › a child started from extracted headers has the sender as parent, across awaits', async () => {
    exporter.reset();
    let headers = natsHeadersWithTrace();
    await inSpan(tracer, 'publish', { kind: SpanKind.PRODUCER }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      headers = natsHeadersWithTrace();
    });
    await inSpan(tracer, 'consume', { kind: SpanKind.CONSUMER, parent: contextFromNatsHeaders(headers) }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await inSpan(tracer, 'db write', { kind: SpanKind.INTERNAL }, () => Promise.resolve());
    });
    const spans = exporter.getFinishedSpans();
    const byName = new Map(spans.map((span) => [span.name, span]));
    const publish = byName.get('publish')!;
    const consume = byName.get('consume')!;
    const write = byName.get('db write')!;
    expect(consume.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
    expect(consume.spanContext().traceId).toBe(publish.spanContext().traceId);
    expect(write.parentSpanContext?.spanId).toBe(consume.spanContext().spanId);
  });

  it('inSpan › a failure is recorded on the span and rethrown', async () => {
    exporter.reset();
    await expect(inSpan(tracer, 'boom', { kind: SpanKind.INTERNAL }, () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(2);
    expect(span?.events[0]?.name).toBe('exception');
  });

  it('traceFields › outside any span yields empty fields, and empty fields extract to no span', () => {
    expect(traceFields()).toEqual({ traceparent: '', tracestate: '' });
    expect(activeTraceId(contextFromTraceFields({ traceparent: '' }))).toBeUndefined();
  });

  it('spansAreKept › true while a set-up with a processor is live, not for one without', async () => {
    expect(spansAreKept()).toBe(true);
    const bare = initTelemetry({ serviceName: 'telemetry-test-bare' });
    expect(spansAreKept()).toBe(true);
    await bare.shutdown();
    expect(spansAreKept()).toBe(true);
  });
});
