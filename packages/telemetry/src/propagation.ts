// Trace context across process boundaries: gRPC metadata, NATS headers, and plain fields (the event
// envelope's TraceContext, FreeSWITCH channel variables). W3C traceparent/tracestate everywhere.
import { context as otelContext, trace, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Metadata } from '@grpc/grpc-js';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';

// A fixed propagator (not the global one) so propagation works the same with or without initTelemetry.
const w3c = new W3CTraceContextPropagator();

export interface TraceFields {
  readonly traceparent: string;
  readonly tracestate: string;
}

type FieldCarrier = Record<string, string>;
const fieldSetter: TextMapSetter<FieldCarrier> = { set: (carrier, key, value) => { carrier[key] = value; } };
const fieldGetter: TextMapGetter<Partial<Record<string, string>>> = {
  get: (carrier, key) => carrier[key],
  keys: (carrier) => Object.keys(carrier),
};

/** The active (or given) span context as W3C fields; empty strings when there is no span. */
export function traceFields(ctx: Context = otelContext.active()): TraceFields {
  const carrier: FieldCarrier = {};
  w3c.inject(ctx, carrier, fieldSetter);
  return { traceparent: carrier['traceparent'] ?? '', tracestate: carrier['tracestate'] ?? '' };
}

export function contextFromTraceFields(fields: Partial<TraceFields> | undefined, base: Context = otelContext.active()): Context {
  if (!fields?.traceparent) return base;
  return w3c.extract(base, { traceparent: fields.traceparent, tracestate: fields.tracestate ?? '' }, fieldGetter);
}

const natsSetter: TextMapSetter<MsgHdrs> = { set: (carrier, key, value) => carrier.set(key, value) };
const natsGetter: TextMapGetter<MsgHdrs> = {
  get: (carrier, key) => (carrier.has(key) ? carrier.get(key) : undefined),
  keys: (carrier) => carrier.keys(),
};

/** NATS headers carrying the trace context (added to `into` when given). */
export function natsHeadersWithTrace(ctx: Context = otelContext.active(), into: MsgHdrs = natsHeaders()): MsgHdrs {
  w3c.inject(ctx, into, natsSetter);
  return into;
}

export function contextFromNatsHeaders(headers: MsgHdrs | undefined, base: Context = otelContext.active()): Context {
  return headers === undefined ? base : w3c.extract(base, headers, natsGetter);
}

const grpcSetter: TextMapSetter<Metadata> = { set: (carrier, key, value) => carrier.set(key, value) };
const grpcGetter: TextMapGetter<Metadata> = {
  get: (carrier, key) => {
    const value = carrier.get(key)[0];
    return typeof value === 'string' ? value : undefined;
  },
  keys: (carrier) => Object.keys(carrier.getMap()),
};

export function injectGrpcMetadata(metadata: Metadata, ctx: Context = otelContext.active()): Metadata {
  w3c.inject(ctx, metadata, grpcSetter);
  return metadata;
}

export function contextFromGrpcMetadata(metadata: Metadata, base: Context = otelContext.active()): Context {
  return w3c.extract(base, metadata, grpcGetter);
}

/** The trace id of the active span, for log lines; undefined outside a span. */
export function activeTraceId(ctx: Context = otelContext.active()): string | undefined {
  const spanContext = trace.getSpanContext(ctx);
  return spanContext === undefined ? undefined : spanContext.traceId;
}
