// Adapts an async client-streaming handler to grpc-js: the handler reads the request messages as an async
// iterable (back-pressure included) and returns the one response; authentication, tracing and error mapping
// are those of unary calls.
import { status, type handleClientStreamingCall, type sendUnaryData, type ServerReadableStream } from '@grpc/grpc-js';
import { toGrpcError } from '@ringpace/errors';
import { SpanKind, contextFromGrpcMetadata, inSpan } from '@ringpace/telemetry';
import type { CallContext, UnaryDeps } from './unary.js';

export type ClientStreamHandler<Req, Res> = (messages: AsyncIterable<Req>, context: CallContext) => Promise<Res>;

export function clientStream<Req, Res>(deps: UnaryDeps, method: string, handler: ClientStreamHandler<Req, Res>): handleClientStreamingCall<Req, Res> {
  return (call: ServerReadableStream<Req, Res>, callback: sendUnaryData<Res>) => {
    const controller = new AbortController();
    call.on('cancelled', () => controller.abort(new Error('call cancelled by the client')));
    inSpan(deps.tracer, method, { kind: SpanKind.SERVER, parent: contextFromGrpcMetadata(call.metadata), attributes: { 'rpc.system': 'grpc', 'rpc.method': method } }, async () => {
      const caller = await deps.authenticator.authenticate(call.metadata);
      const log = deps.log.child({ method, ...(caller.kind === 'tenant' ? { tenantId: caller.tenantId } : { caller: 'operator' }) });
      return handler(call as AsyncIterable<Req>, { caller, log, signal: controller.signal, metadata: call.metadata });
    }).then(
      (response) => callback(null, response),
      (error: unknown) => {
        const grpcError = toGrpcError(error);
        const level = grpcError.code === status.INTERNAL || grpcError.code === status.UNAVAILABLE ? 'error' : 'info';
        deps.log[level]({ method, code: status[grpcError.code], err: error }, 'call failed');
        callback(grpcError, null);
      },
    ).catch((error: unknown) => {
      deps.log.error({ method, err: error }, 'could not send the answer');
      try {
        callback({ code: status.INTERNAL, details: 'internal error' }, null);
      } catch {
        // The call is already closed.
      }
    });
  };
}
