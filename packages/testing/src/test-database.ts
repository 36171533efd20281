// A fresh PostgreSQL database per test file. Migrated databases are clones of a template built once per
// set of migrations (CREATE DATABASE ... TEMPLATE takes milliseconds; migrating takes much longer).
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db, defaultMigrationsDir, migrate, readMigrationFiles } from '@ringpace/db';
import { testDatabaseServer } from './servers.js';

export interface TestDatabaseOptions {
  /** Apply the migrations (a clone of the template). Default true; false gives an empty database. */
  readonly migrate?: boolean;
  readonly migrationsDir?: string;
  readonly poolMax?: number;
  readonly statementTimeoutMs?: number;
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly db: Db;
  /** Closes `db`, ends any other connection to the database and drops it. Safe to call twice. */
  drop(): Promise<void>;
}

/** Test databases are `rp_t_<created, base-36 unix seconds>_<random>`: the name alone says when they are stale. */
export const TEST_DATABASE_PREFIX = 'rp_t_';
const TEMPLATE_PREFIX = 'rp_tpl_';
export const STALE_AFTER_MS = 60 * 60 * 1_000;
/** "rp_tpl" in ASCII: the advisory lock serialising template builds across the test processes of a run. */
const TEMPLATE_LOCK_KEY = BigInt('0x72705f74706c').toString();
const TEMPLATE_LOCK_TIMEOUT_MS = 120_000;
const ADMIN_STATEMENT_TIMEOUT_MS = 30_000;
const PG_INVALID_CATALOG_NAME = '3D000';
const PG_OBJECT_IN_USE = '55006';

export function testDatabaseName(createdAtMs: number): string {
  return `${TEST_DATABASE_PREFIX}${Math.floor(createdAtMs / 1_000).toString(36)}_${randomBytes(5).toString('hex')}`;
}

/** When a test database was created, from its name; undefined for names that are not ours. */
export function testDatabaseCreatedAtMs(name: string): number | undefined {
  const match = /^rp_t_([0-9a-z]+)_[0-9a-f]+$/.exec(name);
  return match?.[1] === undefined ? undefined : parseInt(match[1], 36) * 1_000;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const { url: adminUrl } = await testDatabaseServer();
  const name = testDatabaseName(Date.now());
  if (options.migrate ?? true) {
    const template = await ensureTemplate(adminUrl, options.migrationsDir ?? defaultMigrationsDir);
    await withAdmin(adminUrl, async (admin) => {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      } catch (error) {
        // Another run swept this template away after we saw it (its migrations differ): build it again.
        if (pgCode(error) !== PG_INVALID_CATALOG_NAME) throw error;
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${await ensureTemplate(adminUrl, options.migrationsDir ?? defaultMigrationsDir)}`);
      }
    });
  } else {
    await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  }
  const url = databaseUrl(adminUrl, name);
  const db = createDb({ url, poolMax: options.poolMax ?? 5, statementTimeoutMs: options.statementTimeoutMs ?? 10_000, applicationName: 'ringpace-test' });
  let dropping: Promise<void> | undefined;
  return {
    name,
    url,
    db,
    drop: () => {
      dropping ??= (async () => {
        await db.close().catch(() => undefined);
        await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      })();
      return dropping;
    },
  };
}

/** The template for these migrations, built under an advisory lock by whichever process needs it first. */
async function ensureTemplate(adminUrl: string, migrationsDir: string): Promise<string> {
  const files = await readMigrationFiles(migrationsDir);
  const digest = createHash('sha256')
    .update(files.map((file) => `${file.name}:${file.checksum}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return withAdmin(adminUrl, async (admin) => {
    // A template exists only once complete (it is built under another name and renamed), so seeing it is enough.
    const existing = await findTemplate(admin, digest);
    if (existing !== undefined) return existing;
    await admin.query({
      text: `SELECT set_config('lock_timeout', $1, false), set_config('statement_timeout', $2, false)`,
      values: [String(TEMPLATE_LOCK_TIMEOUT_MS), String(TEMPLATE_LOCK_TIMEOUT_MS + 1_000)],
    });
    await admin.query({ text: 'SELECT pg_advisory_lock($1::bigint)', values: [TEMPLATE_LOCK_KEY] });
    try {
      await admin.query({ text: `SELECT set_config('lock_timeout', '0', false), set_config('statement_timeout', $1, false)`, values: [String(ADMIN_STATEMENT_TIMEOUT_MS)] });
      const builtMeanwhile = await findTemplate(admin, digest);
      if (builtMeanwhile !== undefined) return builtMeanwhile;
      await dropStale(admin, Date.now(), digest);
      const template = templateName(digest, Date.now());
      // Built under a test-database name, so a crash mid-build leaves something the next sweep removes.
      const building = testDatabaseName(Date.now());
      await admin.query(`CREATE DATABASE ${building}`);
      try {
        await migrate({ url: databaseUrl(adminUrl, building), migrationsDir, lockTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS });
        await admin.query(`ALTER DATABASE ${building} WITH ALLOW_CONNECTIONS false`);
        await renameWhenIdle(admin, building, template);
      } catch (error) {
        await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`).catch(() => undefined);
        throw error;
      }
      // IS_TEMPLATE lets any role clone it; no connections means a clone never fails on "being accessed".
      await admin.query(`ALTER DATABASE ${template} WITH IS_TEMPLATE true`);
      return template;
    } finally {
      // Ending the session would release it too; unlocking says so where it matters.
      await admin.query({ text: 'SELECT pg_advisory_unlock($1::bigint)', values: [TEMPLATE_LOCK_KEY] }).catch(() => undefined);
    }
  });
}

/** Drops test databases older than STALE_AFTER_MS: what crashed runs left behind. Returns their names. */
export async function sweepStaleTestDatabases(nowMs = Date.now()): Promise<string[]> {
  const { url: adminUrl } = await testDatabaseServer();
  return withAdmin(adminUrl, (admin) => dropStale(admin, nowMs));
}

/**
 * Test databases older than STALE_AFTER_MS are what crashed runs left behind; templates of other
 * migration sets (other checkouts, other branches) older than that would otherwise pile up.
 */
async function dropStale(admin: pg.Client, nowMs: number, keepDigest?: string): Promise<string[]> {
  // Without a digest to keep (an on-demand sweep) templates are left alone: one may be in use right now.
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'rp\\_t\\_%' OR datname LIKE 'rp\\_tpl\\_%'`);
  const stale = rows
    .map((row) => row.datname)
    .filter((name) => {
      const createdAtMs = testDatabaseCreatedAtMs(name) ?? templateCreatedAtMs(name, keepDigest);
      return createdAtMs !== undefined && nowMs - createdAtMs > STALE_AFTER_MS;
    });
  for (const name of stale) {
    if (name.startsWith(TEMPLATE_PREFIX)) await admin.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE false`);
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  }
  return stale;
}

/** `rp_tpl_<16 hex of the migrations' checksums>_<created, base-36 seconds>`. */
function templateName(digest: string, createdAtMs: number): string {
  return `${TEMPLATE_PREFIX}${digest}_${Math.floor(createdAtMs / 1_000).toString(36)}`;
}

/** When a template of another migration set than `keepDigest` was built; undefined otherwise. */
function templateCreatedAtMs(name: string, keepDigest: string | undefined): number | undefined {
  const match = /^rp_tpl_([0-9a-f]{16})_([0-9a-z]+)$/.exec(name);
  if (keepDigest === undefined || match?.[1] === undefined || match[2] === undefined || match[1] === keepDigest) return undefined;
  return parseInt(match[2], 36) * 1_000;
}

async function findTemplate(admin: pg.Client, digest: string): Promise<string | undefined> {
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datistemplate AND datname LIKE 'rp\\_tpl\\_%'`);
  return rows.map((row) => row.datname).find((name) => name.startsWith(`${TEMPLATE_PREFIX}${digest}_`));
}

/** The server takes a moment to end the backend of a client that just disconnected; wait for it. */
async function renameWhenIdle(admin: pg.Client, from: string, to: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await admin.query({ text: 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', values: [from] });
    try {
      await admin.query(`ALTER DATABASE ${from} RENAME TO ${to}`);
      return;
    } catch (error) {
      if (pgCode(error) !== PG_OBJECT_IN_USE || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function withAdmin<T>(adminUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({
    connectionString: adminUrl,
    connectionTimeoutMillis: 5_000,
    statement_timeout: ADMIN_STATEMENT_TIMEOUT_MS,
    // The lock wait may be long; the server-side lock_timeout bounds it, this only guards a dead socket.
    query_timeout: TEMPLATE_LOCK_TIMEOUT_MS + 5_000,
    application_name: 'ringpace-test-admin',
  });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function pgCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
