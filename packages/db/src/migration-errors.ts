// The ways applying migrations can fail, each a typed AppError carrying the data an operator needs.
import { AppError } from '@ringpace/errors';

/** The migrations folder breaks the layout `<14-digit timestamp>_<name>/migration.sql`. */
export class MigrationsDirectoryError extends AppError {
  override readonly name = 'MigrationsDirectoryError';
  constructor(
    readonly migrationsDir: string,
    readonly problems: readonly string[],
    options: ErrorOptions = {},
  ) {
    super(`migrations in ${migrationsDir} are not usable: ${problems.join('; ')}`, { ...options, code: 'FAILED_PRECONDITION', retryable: false });
  }
}

export interface ChangedMigration {
  readonly migration: string;
  readonly appliedChecksum: string;
  readonly fileChecksum: string;
}

/**
 * A migration that the database already ran differs from its file now. Re-running or skipping it would
 * leave the schema different from what the files say, so nothing is applied until a person decides.
 */
export class MigrationChecksumMismatchError extends AppError {
  override readonly name = 'MigrationChecksumMismatchError';
  constructor(
    readonly changed: readonly ChangedMigration[],
    options: ErrorOptions = {},
  ) {
    super(`applied migrations were changed since they ran: ${changed.map((c) => c.migration).join(', ')}; add a new migration instead of editing one`, {
      ...options,
      code: 'FAILED_PRECONDITION',
      retryable: false,
    });
  }
}

/** Another runner held the migration lock longer than we were willing to wait. */
export class MigrationLockTimeoutError extends AppError {
  override readonly name = 'MigrationLockTimeoutError';
  constructor(
    readonly lockTimeoutMs: number,
    options: ErrorOptions = {},
  ) {
    super(`could not take the migration lock within ${lockTimeoutMs}ms: another runner is still applying migrations`, {
      ...options,
      code: 'DEADLINE_EXCEEDED',
      retryable: true,
    });
  }
}

/** One migration's SQL failed; its transaction was rolled back, so the database is as before it. */
export class MigrationFailedError extends AppError {
  override readonly name = 'MigrationFailedError';
  constructor(
    readonly migration: string,
    options: ErrorOptions = {},
  ) {
    super(`migration ${migration} failed and was rolled back: ${describeCause(options.cause)}`, { ...options, code: 'INTERNAL', retryable: false });
  }
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
