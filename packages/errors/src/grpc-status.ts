// The one place where ringpace errors become gRPC statuses (and back, for clients).
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { AppError, ValidationError, type ErrorCode } from './app-error.js';

const codeToStatus: Record<ErrorCode, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
  UNAVAILABLE: status.UNAVAILABLE,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  CANCELLED: status.CANCELLED,
  INTERNAL: status.INTERNAL,
};

const statusToCode = new Map<status, ErrorCode>(
  Object.entries(codeToStatus).map(([code, grpcStatus]) => [grpcStatus, code as ErrorCode]),
);

export type GrpcStatusError = Partial<ServiceError> & { code: status; details: string; metadata: Metadata };

/**
 * Maps any thrown value to the error a gRPC handler returns. Unknown errors become INTERNAL with a
 * generic message, so no internal detail (SQL, stack, another tenant's data) leaks to the caller.
 */
export function toGrpcError(error: unknown): GrpcStatusError {
  const metadata = new Metadata();
  if (error instanceof AppError) {
    const grpcStatus = codeToStatus[error.code];
    const message = grpcStatus === status.INTERNAL ? 'internal error' : error.message;
    if (error.retryable) metadata.set('ringpace-retryable', 'true');
    if (error instanceof ValidationError) {
      // A binary trailer: messages may hold any Unicode (a text trailer must be printable ASCII, and grpc-js
      // throws on anything else), and base64 values survive HTTP/2 joining repeated trailers with commas.
      for (const violation of error.violations) {
        metadata.add('ringpace-field-violation-bin', Buffer.from(`${violation.field}: ${violation.message}`, 'utf8'));
      }
    }
    return { name: error.name, message, code: grpcStatus, details: message, metadata };
  }
  return { name: 'Error', message: 'internal error', code: status.INTERNAL, details: 'internal error', metadata };
}

/** The field violations a server sent with an INVALID_ARGUMENT, as "field: message" lines. */
export function fieldViolationsOf(metadata: Metadata | undefined): string[] {
  return (metadata?.get('ringpace-field-violation-bin') ?? []).map((value) => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value)));
}

/** Turns a gRPC client error back into an AppError, keeping the server's message and the original as cause. */
export function fromGrpcError(error: ServiceError): AppError {
  const code = statusToCode.get(error.code) ?? 'INTERNAL';
  const retryable = error.metadata?.get('ringpace-retryable')[0] === 'true' || code === 'UNAVAILABLE';
  return new AppError(error.details || error.message, { code, retryable, cause: error });
}

export function grpcStatusOf(code: ErrorCode): status {
  return codeToStatus[code];
}
