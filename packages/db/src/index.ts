export { createDb, escapeLiteral, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_POOL_MAX, DEFAULT_STATEMENT_TIMEOUT_MS, type Db, type DbOptions } from './client.js';
export {
  migrate,
  MIGRATIONS_TABLE,
  DEFAULT_MIGRATION_CONNECT_TIMEOUT_MS,
  DEFAULT_MIGRATION_STATEMENT_TIMEOUT_MS,
  type MigrateLog,
  type MigrateOptions,
  type MigrateResult,
  type MigrateTarget,
} from './migrate.js';
export { defaultMigrationsDir, migrationChecksum, readMigrationFiles, type MigrationFile } from './migration-files.js';
export {
  MigrationChecksumMismatchError,
  MigrationFailedError,
  MigrationLockTimeoutError,
  MigrationsDirectoryError,
  type ChangedMigration,
} from './migration-errors.js';
export { Prisma, PrismaClient } from './generated/prisma/client.js';
export type {
  ApiKey,
  Attempt,
  AuditLogEntry,
  BlacklistEntry,
  Campaign,
  Contact,
  ContactImport,
  ContactList,
  Flow,
  FlowVersion,
  ImportRejection,
  OutboxEvent,
  ProcessedEvent,
  RetryPolicy,
  Schedule,
  Tenant,
  TenantHoliday,
  Trunk,
  TrunkGroup,
} from './generated/prisma/client.js';
export { AttemptOutcome, AttemptState, CampaignState, ContactState, DialMode, ImportStatus } from './generated/prisma/enums.js';
