export {
  AppError,
  ValidationError,
  NotFoundError,
  AlreadyExistsError,
  UnauthenticatedError,
  PermissionDeniedError,
  FailedPreconditionError,
  UnavailableError,
  DeadlineExceededError,
  isAppError,
  type AppErrorOptions,
  type ErrorCode,
  type FieldViolation,
} from './app-error.js';
export { toGrpcError, fromGrpcError, fieldViolationsOf, grpcStatusOf, type GrpcStatusError } from './grpc-status.js';
export { withDeadline } from './deadline.js';
