import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, STALE_AFTER_MS, sweepStaleTestDatabases, testDatabaseCreatedAtMs, testDatabaseName, testDatabaseServer, type TestDatabase } from './index.js';

async function adminQuery<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const { url } = await testDatabaseServer();
  const client = new pg.Client({ connectionString: url, statement_timeout: 10_000, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  return (await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1;
}

describe('createTestDatabase', () => {
  const created: TestDatabase[] = [];
  const track = async (database: Promise<TestDatabase>) => {
    const ready = await database;
    created.push(ready);
    return ready;
  };
  afterAll(async () => {
    await Promise.all(created.map((database) => database.drop()));
  });

  it('createTestDatabase › gives a migrated database whose client works', async () => {
    const { db } = await track(createTestDatabase());
    const at = new Date('2026-11-24T09:00:00Z');
    const tenant = await db.prisma.tenant.create({ data: { name: 'Acme', createdAt: at, updatedAt: at } });
    expect(await db.prisma.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({ name: 'Acme' });
  });

  it('createTestDatabase › two databases are isolated from each other', async () => {
    const [one, two] = await Promise.all([track(createTestDatabase()), track(createTestDatabase())]);
    expect(one.name).not.toBe(two.name);
    const at = new Date('2026-11-24T09:00:00Z');
    await one.db.prisma.tenant.create({ data: { name: 'only in one', createdAt: at, updatedAt: at } });
    expect(await one.db.prisma.tenant.count()).toBe(1);
    expect(await two.db.prisma.tenant.count()).toBe(0);
  });

  it('createTestDatabase › clones one template instead of migrating each database', async () => {
    const [first, second] = await Promise.all([track(createTestDatabase()), track(createTestDatabase())]);
    // applied_at is written once, when the template was migrated: clones carry the very same instants.
    const ledger = (database: TestDatabase) =>
      database.db.pool.query<{ name: string; applied_at: Date }>('SELECT name, applied_at FROM _ringpace_migrations ORDER BY name').then((result) => result.rows);
    const [one, two] = await Promise.all([ledger(first), ledger(second)]);
    expect(one.length).toBeGreaterThan(0);
    expect(two).toEqual(one);
    const templates = await adminQuery<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'rp\\_tpl\\_%' AND datistemplate AND NOT datallowconn`);
    expect(templates.length).toBeGreaterThanOrEqual(1);
  });

  it('createTestDatabase › migrate: false gives an empty database', async () => {
    const { db } = await track(createTestDatabase({ migrate: false }));
    const tables = await db.pool.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(tables.rowCount).toBe(0);
  });

  it('drop › removes the database, even with connections still open, and may be called twice', async () => {
    const database = await createTestDatabase();
    const straggler = new pg.Client({ connectionString: database.url, statement_timeout: 5_000 });
    straggler.on('error', () => undefined);
    await straggler.connect();
    expect(await databaseExists(database.name)).toBe(true);
    await Promise.all([database.drop(), database.drop()]);
    expect(await databaseExists(database.name)).toBe(false);
    await straggler.end().catch(() => undefined);
  });
});

describe('test database names', () => {
  it('names › carry their creation time, so a sweep can tell stale ones', () => {
    const createdAtMs = Date.UTC(2026, 10, 24, 9, 0, 0);
    const name = testDatabaseName(createdAtMs);
    expect(name).toMatch(/^rp_t_[0-9a-z]+_[0-9a-f]{10}$/);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(testDatabaseCreatedAtMs(name)).toBe(createdAtMs);
  });

  it.each(['rp_tpl_0123456789abcdef', 'test', 'rp_t_', 'rp_t_abc'])('names › %s is not a test database', (name) => {
    expect(testDatabaseCreatedAtMs(name)).toBeUndefined();
  });

  it('sweep › drops test databases older than an hour and keeps younger ones', async () => {
    const nowMs = Date.now();
    const stale = testDatabaseName(nowMs - STALE_AFTER_MS - 60_000);
    const fresh = testDatabaseName(nowMs - STALE_AFTER_MS + 60_000);
    await adminQuery(`CREATE DATABASE ${stale}`);
    await adminQuery(`CREATE DATABASE ${fresh}`);
    try {
      const swept = await sweepStaleTestDatabases(nowMs);
      expect(swept).toContain(stale);
      expect(swept).not.toContain(fresh);
      expect(await databaseExists(stale)).toBe(false);
      expect(await databaseExists(fresh)).toBe(true);
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS ${stale}`);
      await adminQuery(`DROP DATABASE IF EXISTS ${fresh}`);
    }
  });
});

describe('template build', () => {
  it('template › a migration that fails surfaces as MigrationFailedError and leaves no database behind', async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'rp-broken-'));
    await mkdir(join(dir, '20260101000000_broken'));
    await writeFile(join(dir, '20260101000000_broken', 'migration.sql'), 'CREATE TABLE nope (id no_such_type);');
    const before = (await adminQuery<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'rp\\_%'`)).map((row) => row.datname);
    try {
      await expect(createTestDatabase({ migrationsDir: dir })).rejects.toMatchObject({ name: 'MigrationFailedError', migration: '20260101000000_broken' });
      const after = (await adminQuery<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'rp\\_%'`)).map((row) => row.datname);
      expect(after.filter((name) => !before.includes(name))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('template retirement', () => {
  it('template › building one retires templates of other migration sets older than an hour, and only those', async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const oldSeconds = Math.floor((Date.now() - STALE_AFTER_MS - 60_000) / 1_000).toString(36);
    const youngSeconds = Math.floor((Date.now() - 60_000) / 1_000).toString(36);
    const oldTemplate = `rp_tpl_${'a'.repeat(16)}_${oldSeconds}`;
    const youngTemplate = `rp_tpl_${'b'.repeat(16)}_${youngSeconds}`;
    for (const name of [oldTemplate, youngTemplate]) await adminQuery(`CREATE DATABASE ${name} IS_TEMPLATE true`);
    const templates = async () => (await adminQuery<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'rp\\_tpl\\_%'`)).map((row) => row.datname);
    const before = await templates();
    const dir = await mkdtemp(join(tmpdir(), 'rp-retire-'));
    try {
      // A migration set of its own, so a template must be built.
      await mkdir(join(dir, '20260101000000_one'));
      await writeFile(join(dir, '20260101000000_one', 'migration.sql'), `CREATE TABLE retire_marker (id int); -- ${youngSeconds}`);
      const database = await createTestDatabase({ migrationsDir: dir });
      await database.drop();
      const after = await templates();
      expect(after).not.toContain(oldTemplate);
      expect(after).toContain(youngTemplate);
      expect(after.filter((name) => !before.includes(name))).toHaveLength(1);
    } finally {
      for (const name of (await templates()).filter((name) => !before.includes(name) || name === youngTemplate || name === oldTemplate)) {
        await adminQuery(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`);
        await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
      }
      await rm(dir, { recursive: true, force: true });
    }
  });
});
