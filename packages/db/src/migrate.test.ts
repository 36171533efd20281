import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, migrate, migrationChecksum, MIGRATIONS_TABLE, readMigrationFiles } from './index.js';
import { MigrationChecksumMismatchError, MigrationFailedError, MigrationLockTimeoutError, MigrationsDirectoryError } from './migration-errors.js';
import { createScratchDatabase, type ScratchDatabase, withAdmin } from './test-support/scratch-database.js';

const adminUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const LOCK_TIMEOUT_MS = 10_000;

async function writeMigrations(dir: string, migrations: Record<string, string>): Promise<void> {
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(join(dir, name), { recursive: true });
    await writeFile(join(dir, name, 'migration.sql'), sql);
  }
}

async function ledger(url: string): Promise<{ name: string; checksum: string }[]> {
  return withAdmin(url, async (client) => (await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM ${MIGRATIONS_TABLE} ORDER BY name`)).rows);
}

async function tableExists(url: string, table: string): Promise<boolean> {
  return withAdmin(url, async (client) => (await client.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [table])).rows[0]?.found != null);
}

describe('migrate', () => {
  let database: ScratchDatabase;
  let dir: string;

  beforeEach(async () => {
    database = await createScratchDatabase(adminUrl);
    dir = await mkdtemp(join(tmpdir(), 'rp-migrations-'));
  });
  afterEach(async () => {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('migrate › applies the shipped migrations to an empty database, and a second run is a no-op', async () => {
    const shipped = await readMigrationFiles(defaultMigrationsDir);
    expect(shipped.length).toBeGreaterThan(0);

    const first = await migrate({ url: database.url, lockTimeoutMs: LOCK_TIMEOUT_MS });
    expect(first.applied).toEqual(shipped.map((m) => m.name));
    expect(await tableExists(database.url, 'contacts')).toBe(true);

    const second = await migrate({ url: database.url, lockTimeoutMs: LOCK_TIMEOUT_MS });
    expect(second).toEqual({ applied: [], alreadyApplied: shipped.map((m) => m.name), unknown: [] });
    expect(await ledger(database.url)).toEqual(shipped.map((m) => ({ name: m.name, checksum: m.checksum })));
  });

  it('migrate › two runners started together apply each migration exactly once', async () => {
    // The slow first migration keeps the lock held while the second runner arrives.
    await writeMigrations(dir, {
      '20260101000000_slow': 'SELECT pg_sleep(0.3); CREATE TABLE a (id int);',
      '20260101000001_next': 'CREATE TABLE b (id int);',
    });
    const [one, two] = await Promise.all([
      migrate({ url: database.url, migrationsDir: dir, lockTimeoutMs: LOCK_TIMEOUT_MS }),
      migrate({ url: database.url, migrationsDir: dir, lockTimeoutMs: LOCK_TIMEOUT_MS }),
    ]);
    expect([...one.applied, ...two.applied].sort()).toEqual(['20260101000000_slow', '20260101000001_next']);
    expect([one.applied.length, two.applied.length].sort()).toEqual([0, 2]);
    expect((await ledger(database.url)).map((row) => row.name)).toEqual(['20260101000000_slow', '20260101000001_next']);
  });

  it('migrate › refuses, applying nothing, when an applied migration was edited', async () => {
    await writeMigrations(dir, { '20260101000000_first': 'CREATE TABLE a (id int);' });
    await migrate({ url: database.url, migrationsDir: dir, lockTimeoutMs: LOCK_TIMEOUT_MS });
    await writeMigrations(dir, {
      '20260101000000_first': 'CREATE TABLE a (id bigint);',
      '20260101000001_second': 'CREATE TABLE b (id int);',
    });

    const refusal = migrate({ url: database.url, migrationsDir: dir, lockTimeoutMs: LOCK_TIMEOUT_MS });
    await expect(refusal).rejects.toBeInstanceOf(MigrationChecksumMismatchError);
    await expect(refusal).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      changed: [{ migration: '20260101000000_first', appliedChecksum: migrationChecksum('CREATE TABLE a (id int);'), fileChecksum: migrationChecksum('CREATE TABLE a (id bigint);') }],
    });
    expect(await tableExists(database.url, 'b')).toBe(false);
  });

  it('migrate › a failing migration rolls back entirely and is not recorded; earlier ones stay', async () => {
    await writeMigrations(dir, {
      '20260101000000_good': 'CREATE TABLE a (id int);',
      '20260101000001_bad': 'CREATE TABLE b (id int); INSERT INTO missing_table VALUES (1);',
    });
    await expect(migrate({ url: database.url, migrationsDir: dir, lockTimeoutMs: LOCK_TIMEOUT_MS })).rejects.toMatchObject({
      name: 'MigrationFailedError',
      migration: '20260101000001_bad',
      cause: { code: '42P01' },
    });
    expect(await tableExists(database.url, 'a')).toBe(true);
    expect(await tableExists(database.url, 'b')).toBe(false);
    expect((await ledger(database.url)).map((row) => row.name)).toEqual(['20260101000000_good']);
  });

  it('migrate › gives up with MigrationLockTimeoutError while another runner holds the lock', async () => {
    await writeMigrations(dir, { '20260101000000_first': 'CREATE TABLE a (id int);' });
    const holder = new pg.Client({ connectionString: database.url, statement_timeout: 5_000 });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(x'72696e6770616365'::bigint)`);
      const started = performance.now();
      await expect(migrate({ url: database.url, migrationsDir: dir, lockTimeoutMs: 300 })).rejects.toBeInstanceOf(MigrationLockTimeoutError);
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(await tableExists(database.url, 'a')).toBe(false);
    } finally {
      await holder.end();
    }
  });

  it('migrate › reports migrations the database has but the folder lacks, and leaves them alone', async () => {
    await writeMigrations(dir, { '20260101000000_first': 'CREATE TABLE a (id int);', '20260101000001_newer': 'CREATE TABLE b (id int);' });
    await migrate({ url: database.url, migrationsDir: dir, lockTimeoutMs: LOCK_TIMEOUT_MS });
    await rm(join(dir, '20260101000001_newer'), { recursive: true });
    const warnings: object[] = [];
    const result = await migrate({
      url: database.url,
      migrationsDir: dir,
      lockTimeoutMs: LOCK_TIMEOUT_MS,
      log: { info: () => undefined, warn: (data) => warnings.push(data) },
    });
    expect(result).toEqual({ applied: [], alreadyApplied: ['20260101000000_first'], unknown: ['20260101000001_newer'] });
    expect(warnings).toEqual([{ migrations: ['20260101000001_newer'] }]);
  });

  it('migrate › with a pool, hands the connection back unlocked and with its settings reset', async () => {
    await writeMigrations(dir, { '20260101000000_first': 'CREATE TABLE a (id int);' });
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      await migrate({ pool, migrationsDir: dir, lockTimeoutMs: LOCK_TIMEOUT_MS, statementTimeoutMs: 1234 });
      const settings = await pool.query<{ statement_timeout: string; lock_timeout: string; locks: string }>(
        `SELECT current_setting('statement_timeout') AS statement_timeout, current_setting('lock_timeout') AS lock_timeout,
                (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS locks`,
      );
      expect(settings.rows[0]).toEqual({ statement_timeout: '0', lock_timeout: '0', locks: '0' });
    } finally {
      await pool.end();
    }
  });
});

describe('migration files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rp-migrations-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('migration files › sorted by folder name; files beside the folders are ignored', async () => {
    const root = join(dir, 'ordered');
    await writeMigrations(root, { '20260102000000_b': 'SELECT 2;', '20260101000000_a': 'SELECT 1;' });
    await writeFile(join(root, 'migration_lock.toml'), 'provider = "postgresql"\n');
    expect((await readMigrationFiles(root)).map((m) => m.name)).toEqual(['20260101000000_a', '20260102000000_b']);
  });

  it.each([
    ['a folder without a timestamp', { init: 'SELECT 1;' }, '"init" is not named'],
    ['a short timestamp', { '2026_init': 'SELECT 1;' }, '"2026_init" is not named'],
    ['an upper-case name', { '20260101000000_Init': 'SELECT 1;' }, '"20260101000000_Init" is not named'],
  ])('migration files › refuses %s', async (_case, migrations, problem) => {
    const root = join(dir, `bad-${Object.keys(migrations)[0]}`);
    await writeMigrations(root, migrations);
    await expect(readMigrationFiles(root)).rejects.toSatisfy((error: unknown) => error instanceof MigrationsDirectoryError && error.problems.some((p) => p.includes(problem)));
  });

  it('migration files › refuses a folder without migration.sql', async () => {
    const root = join(dir, 'empty-folder');
    await mkdir(join(root, '20260101000000_empty'), { recursive: true });
    await expect(readMigrationFiles(root)).rejects.toMatchObject({ problems: ['"20260101000000_empty" has no readable migration.sql'] });
  });

  it('migration files › a missing folder is a MigrationsDirectoryError', async () => {
    await expect(readMigrationFiles(join(dir, 'nope'))).rejects.toBeInstanceOf(MigrationsDirectoryError);
  });

  it('migration files › the checksum ignores CRLF line endings but nothing else', () => {
    expect(migrationChecksum('CREATE TABLE a (id int);\r\nSELECT 1;\r\n')).toBe(migrationChecksum('CREATE TABLE a (id int);\nSELECT 1;\n'));
    expect(migrationChecksum('SELECT 1;')).not.toBe(migrationChecksum('SELECT 1; '));
  });

  // Released migrations are frozen: databases out there recorded these checksums. Pin each one here when it ships.
  it('migration files › shipped migrations keep the checksums they were released with', async () => {
    const released: Record<string, string> = {
      '20261124120000_init': 'e8dfbfe864e907f697678616d985b0fbb56612e490622282cb289f919c31501c',
    };
    const shipped = new Map((await readMigrationFiles(defaultMigrationsDir)).map((m) => [m.name, m.checksum]));
    for (const [name, checksum] of Object.entries(released)) expect({ name, checksum: shipped.get(name) }).toEqual({ name, checksum });
  });
});

it('migrate › a MigrationFailedError keeps the database error as its cause', () => {
  const cause = new Error('relation "x" does not exist');
  const error = new MigrationFailedError('20260101000000_x', { cause });
  expect(error).toMatchObject({ code: 'INTERNAL', retryable: false, cause, message: expect.stringContaining('relation "x" does not exist') as string });
});
