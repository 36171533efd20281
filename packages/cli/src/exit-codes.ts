// The exit codes scripts can rely on (documented in docs/cli.md), and the one mapping from error codes to them.
import type { ErrorCode } from '@ringpace/errors';

export const ExitCode = {
  Ok: 0,
  Usage: 1,
  InvalidArgument: 2,
  NotFound: 3,
  Unauthenticated: 4,
  FailedPrecondition: 5,
  Unavailable: 6,
  ImportRejectedRows: 7,
  Internal: 10,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const byErrorCode: Record<ErrorCode, ExitCode> = {
  INVALID_ARGUMENT: ExitCode.InvalidArgument,
  NOT_FOUND: ExitCode.NotFound,
  UNAUTHENTICATED: ExitCode.Unauthenticated,
  PERMISSION_DENIED: ExitCode.Unauthenticated,
  FAILED_PRECONDITION: ExitCode.FailedPrecondition,
  // The thing exists already: the state of the world, not the input, stands in the way.
  ALREADY_EXISTS: ExitCode.FailedPrecondition,
  // Retrying later may help, as with an unavailable server.
  RESOURCE_EXHAUSTED: ExitCode.Unavailable,
  UNAVAILABLE: ExitCode.Unavailable,
  DEADLINE_EXCEEDED: ExitCode.Unavailable,
  CANCELLED: ExitCode.Unavailable,
  INTERNAL: ExitCode.Internal,
};

export function exitCodeOf(code: ErrorCode): ExitCode {
  return byErrorCode[code];
}
