// The CLI's failures: usage mistakes, problems located in an input file, and gRPC errors turned back into
// AppErrors with the server's field violations (the `ringpace-field-violation` trailer).
import type { ServiceError } from '@grpc/grpc-js';
import { AppError, UnavailableError, ValidationError, fromGrpcError, type FieldViolation } from '@ringpace/errors';
import { ExitCode, exitCodeOf } from './exit-codes.js';

/** The command line itself is wrong (unknown command or option, missing argument): exit 1. */
export class UsageError extends AppError {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command whose help to point at, for example "campaigns create". */
    readonly command?: string,
  ) {
    super(message, { code: 'INVALID_ARGUMENT', retryable: false });
  }
}

/** A violation placed in a file: the line is 1-based, absent when the field is not in the file. */
export interface LocatedViolation extends FieldViolation {
  readonly line?: number;
}

/** Problems of an input file (campaign.yaml, a flow, a holiday list), each with its line where known. */
export class FileValidationError extends ValidationError {
  constructor(
    readonly file: string,
    readonly located: readonly LocatedViolation[],
    options: ErrorOptions = {},
  ) {
    super(located, options);
  }
}

// The text form, and the binary form a server may use for messages that are not printable ASCII (which
// text metadata cannot carry).
const VIOLATION_TRAILERS = ['ringpace-field-violation', 'ringpace-field-violation-bin'];

// HTTP/2 carries repeated trailer values joined by ", " (grpc-js hands them over as one string), so
// values are split again where ", " is followed by a field path and ": ".
const joinedValue = /, (?=[A-Za-z_][\w.[\]-]*: )/;

/** Reads "field: message" values of the violation trailer; a value without a colon names no field. */
export function violationsOf(error: Pick<ServiceError, 'metadata'>): FieldViolation[] {
  const values = VIOLATION_TRAILERS.flatMap((key) => error.metadata?.get(key) ?? []);
  return values
    .flatMap((value) => (typeof value === 'string' ? value : value.toString('utf8')).split(joinedValue))
    .map((text) => {
      const colon = text.indexOf(': ');
      return colon < 0 ? { field: '', message: text } : { field: text.slice(0, colon), message: text.slice(colon + 2) };
    });
}

/**
 * A gRPC client error as an AppError; INVALID_ARGUMENT with violations becomes a ValidationError, and an
 * unreachable server is named by its address (grpc-js says only "No connection established").
 */
export function fromServiceError(error: ServiceError, address?: string): AppError {
  const app = fromGrpcError(error);
  const violations = violationsOf(error);
  if (app.code === 'INVALID_ARGUMENT' && violations.length > 0) return new ValidationError(violations, { cause: error });
  if (app.code === 'UNAVAILABLE' && address !== undefined) {
    const detail = app.message.replace(/\s*Resolution note:\s*$/, '').trim();
    return new UnavailableError(`ringpace server ${address}`, detail || 'unavailable', { cause: error });
  }
  return app;
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number' && 'metadata' in error;
}

/** What a failed command reports: its exit code, a message, and the violations one per line. */
export interface Failure {
  readonly exitCode: ExitCode;
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly violations: readonly LocatedViolation[];
}

export function describeFailure(error: unknown): Failure {
  if (error instanceof UsageError) return { exitCode: ExitCode.Usage, code: 'USAGE', message: error.message, violations: [] };
  if (error instanceof FileValidationError) {
    return { exitCode: ExitCode.InvalidArgument, code: error.code, message: `${error.file}: invalid`, file: error.file, violations: error.located };
  }
  if (error instanceof ValidationError) return { exitCode: ExitCode.InvalidArgument, code: error.code, message: 'invalid argument', violations: error.violations };
  if (error instanceof AppError) return { exitCode: exitCodeOf(error.code), code: error.code, message: error.message, violations: [] };
  if (isServiceError(error)) return describeFailure(fromServiceError(error));
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: ExitCode.Internal, code: 'INTERNAL', message, violations: [] };
}

/** One line per violation: "file:line: field: message", leaving out what is unknown. */
export function formatViolation(violation: LocatedViolation, file?: string): string {
  const place = file === undefined ? '' : violation.line === undefined ? `${file}: ` : `${file}:${violation.line}: `;
  const field = violation.field === '' ? '' : `${violation.field}: `;
  return `${place}${field}${violation.message}`;
}
