// Every way an ESL exchange can fail, as AppError subclasses that say whether a retry can help.
// Expected telephony outcomes (a busy callee, `-ERR No such channel!` from an api command) are values, not these.
import { AppError, ValidationError } from '@ringpace/errors';

/** How the peer broke the protocol. One class for all of them: the violation is data, the remedy is the same (drop the connection). */
export const ProtocolViolation = {
  HeaderBlockTooLarge: 'header-block-too-large',
  BodyTooLarge: 'body-too-large',
  BadContentLength: 'bad-content-length',
  MalformedHeader: 'malformed-header',
  MissingContentType: 'missing-content-type',
  UnknownContentType: 'unknown-content-type',
  InvalidUtf8: 'invalid-utf8',
  BadEventBody: 'bad-event-body',
  TruncatedFrame: 'truncated-frame',
  UnexpectedFrame: 'unexpected-frame',
  /** An api/response whose body is not what the command returns (`show channels as json` that is not JSON). */
  BadResponse: 'bad-response',
} as const;
export type ProtocolViolation = (typeof ProtocolViolation)[keyof typeof ProtocolViolation];

/** The bytes from the server cannot be framed or decoded; the stream can no longer be trusted. */
export class EslProtocolError extends AppError {
  override readonly name = 'EslProtocolError';
  constructor(
    readonly violation: ProtocolViolation,
    readonly detail: string,
    options: ErrorOptions = {},
  ) {
    super(`esl protocol violation (${violation}): ${detail}`, { ...options, code: 'UNAVAILABLE', retryable: true });
  }
}

/** A command got no reply (or a background job no result) in time. */
export class EslTimeoutError extends AppError {
  override readonly name = 'EslTimeoutError';
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
    options: ErrorOptions = {},
  ) {
    super(`esl "${command}" timed out after ${timeoutMs}ms`, { ...options, code: 'DEADLINE_EXCEEDED', retryable: true });
  }
}

/** TCP connect failed or the server sent no auth/request in time. */
export class EslConnectError extends AppError {
  override readonly name = 'EslConnectError';
  constructor(
    readonly host: string,
    readonly port: number,
    message: string,
    options: ErrorOptions = {},
  ) {
    super(`esl ${host}:${port}: ${message}`, { ...options, code: 'UNAVAILABLE', retryable: true });
  }
}

/** The server refused the password (`-ERR invalid`). Retrying with the same secret cannot help. */
export class EslAuthError extends AppError {
  override readonly name = 'EslAuthError';
  constructor(
    readonly replyText: string,
    options: ErrorOptions = {},
  ) {
    super(`esl authentication refused: ${replyText}`, { ...options, code: 'UNAUTHENTICATED', retryable: false });
  }
}

/**
 * The connection ended before the reply came. `written` says whether the command reached the socket:
 * if it did, FreeSWITCH may have acted on it (an originate may be ringing), so blind retry is unsafe.
 */
export class EslConnectionLostError extends AppError {
  override readonly name = 'EslConnectionLostError';
  constructor(
    readonly command: string,
    readonly written: boolean,
    options: ErrorOptions = {},
  ) {
    super(`esl connection lost ${written ? 'after sending' : 'before sending'} "${command}"`, {
      ...options,
      code: 'UNAVAILABLE',
      retryable: !written,
    });
  }
}

/** A command/reply said `-ERR ...` (for example `-ERR invalid session id [...]`, `-ERR command not found`). */
export class EslCommandError extends AppError {
  override readonly name = 'EslCommandError';
  constructor(
    readonly command: string,
    readonly replyText: string,
    options: ErrorOptions = {},
  ) {
    super(`esl "${command}" failed: ${replyText}`, { ...options, code: 'FAILED_PRECONDITION', retryable: false });
  }
}

/** The client was closed by its owner; nothing more will be sent. */
export class EslClosedError extends AppError {
  override readonly name = 'EslClosedError';
  constructor(readonly command: string, options: ErrorOptions = {}) {
    super(`esl client closed; "${command}" not sent`, { ...options, code: 'CANCELLED', retryable: false });
  }
}

/** An argument would break the line-based protocol (a newline in a uuid lets a caller inject commands). */
export function invalidArgument(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }]);
}
