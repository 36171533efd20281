// Adapts an async handler to grpc-js: authentication, a SERVER span parented by the caller's trace
// context, cancellation as an AbortSignal, a child logger per call, and errors mapped in one place.
import { status, type handleUnaryCall, type Metadata, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import type { Tracer } from '@opentelemetry/api';
import { toGrpcError } from '@ringpace/errors';
import type { Logger } from '@ringpace/log';
import { SpanKind, contextFromGrpcMetadata, inSpan } from '@ringpace/telemetry';
import type { Authenticator, Caller } from '../auth/authenticator.js';

export interface CallContext {
  readonly caller: Caller;
  readonly log: Logger;
  /** Aborted when the client cancels or its deadline passes. */
  readonly signal: AbortSignal;
  readonly metadata: Metadata;
}

export type UnaryHandler<Req, Res> = (request: Req, context: CallContext) => Promise<Res>;

export interface UnaryDeps {
  readonly authenticator: Authenticator;
  readonly log: Logger;
  readonly tracer: Tracer;
}

export function unary<Req, Res>(deps: UnaryDeps, method: string, handler: UnaryHandler<Req, Res>): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    const controller = new AbortController();
    call.on('cancelled', () => controller.abort(new Error('call cancelled by the client')));
    const startedMs = performance.now();
    const parent = contextFromGrpcMetadata(call.metadata);
    inSpan(deps.tracer, method, { kind: SpanKind.SERVER, parent, attributes: { 'rpc.system': 'grpc', 'rpc.method': method } }, async (span) => {
      const caller = await deps.authenticator.authenticate(call.metadata);
      if (caller.kind === 'tenant') span.setAttribute('ringpace.tenant_id', caller.tenantId);
      const log = deps.log.child({ method, ...(caller.kind === 'tenant' ? { tenantId: caller.tenantId } : { caller: 'operator' }) });
      return handler(call.request, { caller, log, signal: controller.signal, metadata: call.metadata });
    }).then(
      (response) => {
        deps.log.debug({ method, durationMs: Math.round(performance.now() - startedMs) }, 'call ok');
        callback(null, response);
      },
      (error: unknown) => {
        const grpcError = toGrpcError(error);
        const level = grpcError.code === status.INTERNAL || grpcError.code === status.UNAVAILABLE ? 'error' : 'info';
        deps.log[level]({ method, code: status[grpcError.code], err: error }, 'call failed');
        callback(grpcError, null);
      },
    ).catch((error: unknown) => {
      // Answering itself failed (a response or trailer grpc-js refuses): the call gets INTERNAL and the
      // process lives on.
      deps.log.error({ method, err: error }, 'could not send the answer');
      try {
        callback({ code: status.INTERNAL, details: 'internal error' }, null);
      } catch {
        // The call is already closed.
      }
    });
  };
}
