// Our migration runner: applies the SQL migrations in order, each in its own transaction, under a
// session advisory lock so that parallel starters serialise, and records each in `_ringpace_migrations`.
import pg from 'pg';
import { DeadlineExceededError, UnavailableError, withDeadline } from '@ringpace/errors';
import { type ChangedMigration, MigrationChecksumMismatchError, MigrationFailedError, MigrationLockTimeoutError } from './migration-errors.js';
import { defaultMigrationsDir, type MigrationFile, readMigrationFiles } from './migration-files.js';

/** Where to migrate: a pool we borrow one connection from, or a URL we open (and close) one for. */
export type MigrateTarget = { readonly pool: pg.Pool; readonly url?: never } | { readonly url: string; readonly pool?: never };

/** Satisfied by @ringpace/log's Logger (pino-style: data first, constant message). */
export interface MigrateLog {
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
}

export type MigrateOptions = MigrateTarget & {
  /** Defaults to this package's `prisma/migrations`. */
  readonly migrationsDir?: string;
  readonly log?: MigrateLog;
  /** How long to wait for another runner to finish before giving up with MigrationLockTimeoutError. */
  readonly lockTimeoutMs: number;
  /** Applies to every statement, including each migration's SQL. */
  readonly statementTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
};

export interface MigrateResult {
  /** Applied by this call, in order. Empty when the database was up to date. */
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
  /** Recorded in the database but absent from the folder: a newer release ran them. Left alone. */
  readonly unknown: readonly string[];
}

export const MIGRATIONS_TABLE = '_ringpace_migrations';
export const DEFAULT_MIGRATION_STATEMENT_TIMEOUT_MS = 300_000;
export const DEFAULT_MIGRATION_CONNECT_TIMEOUT_MS = 10_000;
/** "ringpace" in ASCII: one key for every runner of every release, so they all queue on the same lock. */
const MIGRATION_LOCK_KEY = BigInt('0x72696e6770616365').toString();
/** The client-side guard fires this long after the server-side timeout should have. */
const CLIENT_TIMEOUT_SLACK_MS = 5_000;
const PG_LOCK_NOT_AVAILABLE = '55P03';
const PG_QUERY_CANCELED = '57014';

const silentLog: MigrateLog = { info: () => undefined, warn: () => undefined };

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const log = options.log ?? silentLog;
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_MIGRATION_STATEMENT_TIMEOUT_MS;
  // Read the files first: a broken folder should fail before we touch the database.
  const files = await readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir);
  const session = await openSession(options, statementTimeoutMs);
  // A connection whose lock we could not release must never go back to a pool.
  let unlocked = true;
  try {
    await session.client.query({ text: `SELECT set_config('statement_timeout', $1, false)`, values: [String(statementTimeoutMs)] });
    await acquireLock(session.client, options.lockTimeoutMs, statementTimeoutMs);
    try {
      return await applyPending(session.client, files, log);
    } finally {
      unlocked = await session.client.query({ text: 'SELECT pg_advisory_unlock($1::bigint)', values: [MIGRATION_LOCK_KEY] }).then(
        () => true,
        () => false,
      );
    }
  } finally {
    await session.close(unlocked);
  }
}

async function applyPending(client: pg.ClientBase, files: readonly MigrationFile[], log: MigrateLog): Promise<MigrateResult> {
  // Created under the lock: two runners racing on CREATE TABLE IF NOT EXISTS can still collide.
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
       name text PRIMARY KEY,
       checksum text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now(),
       duration_ms integer NOT NULL
     )`,
  );
  const recorded = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM ${MIGRATIONS_TABLE} ORDER BY name`);
  const appliedChecksums = new Map(recorded.rows.map((row) => [row.name, row.checksum]));
  const changed: ChangedMigration[] = files.flatMap((file) => {
    const appliedChecksum = appliedChecksums.get(file.name);
    return appliedChecksum === undefined || appliedChecksum === file.checksum ? [] : [{ migration: file.name, appliedChecksum, fileChecksum: file.checksum }];
  });
  if (changed.length > 0) throw new MigrationChecksumMismatchError(changed);

  const fileNames = new Set(files.map((file) => file.name));
  const unknown = [...appliedChecksums.keys()].filter((name) => !fileNames.has(name));
  if (unknown.length > 0) log.warn({ migrations: unknown }, 'database has migrations this release does not know');

  const alreadyApplied = files.filter((file) => appliedChecksums.has(file.name)).map((file) => file.name);
  const applied: string[] = [];
  for (const file of files.filter((candidate) => !appliedChecksums.has(candidate.name))) {
    const startedAt = performance.now();
    try {
      await client.query('BEGIN');
      // Simple-query protocol (no parameters): the file may hold many statements.
      await client.query(file.sql);
      const durationMs = Math.round(performance.now() - startedAt);
      await client.query({ text: `INSERT INTO ${MIGRATIONS_TABLE} (name, checksum, duration_ms) VALUES ($1, $2, $3)`, values: [file.name, file.checksum, durationMs] });
      await client.query('COMMIT');
      log.info({ migration: file.name, durationMs }, 'migration applied');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new MigrationFailedError(file.name, { cause: error });
    }
    applied.push(file.name);
  }
  log.info({ applied: applied.length, alreadyApplied: alreadyApplied.length }, 'migrations up to date');
  return { applied, alreadyApplied, unknown };
}

async function acquireLock(client: pg.ClientBase, lockTimeoutMs: number, statementTimeoutMs: number): Promise<void> {
  // lock_timeout bounds the wait on the advisory lock; the statement timeout must not cut it shorter.
  await client.query({
    text: `SELECT set_config('lock_timeout', $1, false), set_config('statement_timeout', $2, false)`,
    values: [String(lockTimeoutMs), String(Math.max(statementTimeoutMs, lockTimeoutMs + 1_000))],
  });
  try {
    // pg honours a per-query query_timeout that its type definitions do not declare.
    const lockQuery: pg.QueryConfig & { query_timeout: number } = {
      text: 'SELECT pg_advisory_lock($1::bigint)',
      values: [MIGRATION_LOCK_KEY],
      query_timeout: lockTimeoutMs + CLIENT_TIMEOUT_SLACK_MS,
    };
    await client.query(lockQuery);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === PG_LOCK_NOT_AVAILABLE || code === PG_QUERY_CANCELED) throw new MigrationLockTimeoutError(lockTimeoutMs, { cause: error });
    throw error;
  }
  await client.query({ text: `SELECT set_config('lock_timeout', '0', false), set_config('statement_timeout', $1, false)`, values: [String(statementTimeoutMs)] });
}

interface Session {
  readonly client: pg.ClientBase;
  /** Pooled connections go back with their settings reset when that works; otherwise they are destroyed. */
  close(reusable: boolean): Promise<void>;
}

async function openSession(options: MigrateOptions, statementTimeoutMs: number): Promise<Session> {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_MIGRATION_CONNECT_TIMEOUT_MS;
  if (options.pool !== undefined) {
    const client = await connectPooled(options.pool, connectTimeoutMs);
    return {
      client,
      close: async (reusable) => {
        const reset = reusable && (await client.query('RESET statement_timeout; RESET lock_timeout').then(() => true, () => false));
        client.release(!reset);
      },
    };
  }
  const client = new pg.Client({
    connectionString: options.url,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + CLIENT_TIMEOUT_SLACK_MS,
    application_name: 'ringpace-migrate',
  });
  // An error on an idle connection is reported by the next query; without a listener it would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new UnavailableError('postgresql', 'cannot connect to run migrations', { cause: error });
  }
  return { client, close: () => client.end().catch(() => undefined) };
}

async function connectPooled(pool: pg.Pool, connectTimeoutMs: number): Promise<pg.PoolClient> {
  const pending = pool.connect();
  try {
    return await withDeadline('postgresql connect', connectTimeoutMs, () => pending);
  } catch (error) {
    // A connection that arrives after the deadline goes straight back to the pool.
    void pending.then((late) => late.release(), () => undefined);
    if (error instanceof DeadlineExceededError) throw error;
    throw new UnavailableError('postgresql', 'cannot connect to run migrations', { cause: error });
  }
}
