// Adapts an async server-streaming handler to grpc-js with the same authentication, tracing and error
// mapping as unary calls. The handler ends the stream by returning; it must stop when `signal` aborts
// (client cancel, or the server shutting down, so a long watch never holds up a drain).
import { status, type handleServerStreamingCall, type ServerWritableStream } from '@grpc/grpc-js';
import { toGrpcError } from '@ringpace/errors';
import { SpanKind, contextFromGrpcMetadata, inSpan } from '@ringpace/telemetry';
import type { CallContext, UnaryDeps } from './unary.js';

export type StreamHandler<Req, Res> = (request: Req, write: (message: Res) => Promise<void>, context: CallContext) => Promise<void>;

export interface StreamDeps extends UnaryDeps {
  /** Aborted when the server begins to shut down. */
  readonly shutdown: AbortSignal;
}

export function serverStream<Req, Res>(deps: StreamDeps, method: string, handler: StreamHandler<Req, Res>): handleServerStreamingCall<Req, Res> {
  return (call: ServerWritableStream<Req, Res>) => {
    const controller = new AbortController();
    const abort = (reason: string) => controller.abort(new Error(reason));
    call.on('cancelled', () => abort('call cancelled by the client'));
    const onShutdown = () => abort('server shutting down');
    deps.shutdown.addEventListener('abort', onShutdown, { once: true });
    // Writes respect back-pressure: wait for 'drain' when the buffer is full.
    const write = (message: Res) =>
      new Promise<void>((resolve) => {
        if (call.write(message)) resolve();
        else call.once('drain', () => resolve());
      });
    inSpan(deps.tracer, method, { kind: SpanKind.SERVER, parent: contextFromGrpcMetadata(call.metadata), attributes: { 'rpc.system': 'grpc', 'rpc.method': method } }, async () => {
      const caller = await deps.authenticator.authenticate(call.metadata);
      const log = deps.log.child({ method, ...(caller.kind === 'tenant' ? { tenantId: caller.tenantId } : { caller: 'operator' }) });
      await handler(call.request, write, { caller, log, signal: controller.signal, metadata: call.metadata });
    })
      .then(
        () => call.end(),
        (error: unknown) => {
          const grpcError = toGrpcError(error);
          const level = grpcError.code === status.INTERNAL || grpcError.code === status.UNAVAILABLE ? 'error' : 'info';
          deps.log[level]({ method, code: status[grpcError.code], err: error }, 'stream failed');
          // grpc-js sends a status for an 'error' event on a server stream (destroy() would not).
          call.emit('error', grpcError);
        },
      )
      .catch((error: unknown) => {
        deps.log.error({ method, err: error }, 'could not end the stream');
        call.emit('error', { code: status.INTERNAL, details: 'internal error' });
      })
      .finally(() => deps.shutdown.removeEventListener('abort', onShutdown));
  };
}
