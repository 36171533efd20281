// The base of every ringpace error: a machine-readable code, whether a retry can help, and the cause.
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'FAILED_PRECONDITION'
  | 'RESOURCE_EXHAUSTED'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'CANCELLED'
  | 'INTERNAL';

export interface AppErrorOptions extends ErrorOptions {
  readonly code?: ErrorCode;
  readonly retryable?: boolean;
}

export class AppError extends Error {
  override readonly name: string = 'AppError';
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? 'INTERNAL';
    this.retryable = options.retryable ?? false;
  }
}

/** One problem with one input field; `field` is a dotted path such as `schedule.windows[2].start`. */
export interface FieldViolation {
  readonly field: string;
  readonly message: string;
}

export class ValidationError extends AppError {
  override readonly name = 'ValidationError';
  constructor(
    readonly violations: readonly FieldViolation[],
    options: ErrorOptions = {},
  ) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; ') || 'invalid input', {
      ...options,
      code: 'INVALID_ARGUMENT',
      retryable: false,
    });
  }
}

export class NotFoundError extends AppError {
  override readonly name = 'NotFoundError';
  constructor(
    readonly resource: string,
    readonly id: string,
    options: ErrorOptions = {},
  ) {
    super(`${resource} "${id}" not found`, { ...options, code: 'NOT_FOUND', retryable: false });
  }
}

export class AlreadyExistsError extends AppError {
  override readonly name = 'AlreadyExistsError';
  constructor(
    readonly resource: string,
    readonly id: string,
    options: ErrorOptions = {},
  ) {
    super(`${resource} "${id}" already exists`, { ...options, code: 'ALREADY_EXISTS', retryable: false });
  }
}

export class UnauthenticatedError extends AppError {
  override readonly name = 'UnauthenticatedError';
  constructor(message = 'missing, unknown or revoked credentials', options: ErrorOptions = {}) {
    super(message, { ...options, code: 'UNAUTHENTICATED', retryable: false });
  }
}

export class PermissionDeniedError extends AppError {
  override readonly name = 'PermissionDeniedError';
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, { ...options, code: 'PERMISSION_DENIED', retryable: false });
  }
}

export class FailedPreconditionError extends AppError {
  override readonly name = 'FailedPreconditionError';
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, { ...options, code: 'FAILED_PRECONDITION', retryable: false });
  }
}

/** A dependency (database, NATS, FreeSWITCH) did not answer or refused for now: retrying may help. */
export class UnavailableError extends AppError {
  override readonly name = 'UnavailableError';
  constructor(
    readonly dependency: string,
    message: string,
    options: ErrorOptions = {},
  ) {
    super(`${dependency}: ${message}`, { ...options, code: 'UNAVAILABLE', retryable: true });
  }
}

export class DeadlineExceededError extends AppError {
  override readonly name = 'DeadlineExceededError';
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
    options: ErrorOptions = {},
  ) {
    super(`${operation} timed out after ${timeoutMs}ms`, { ...options, code: 'DEADLINE_EXCEEDED', retryable: true });
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
