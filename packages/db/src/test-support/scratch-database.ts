// Test-only: an empty database per test file for this package's own tests. (@ringpace/testing builds on
// this package, so it cannot serve these tests.) Excluded from the build.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ScratchDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

const ADMIN_TIMEOUTS = { connectionTimeoutMillis: 5_000, statement_timeout: 30_000, query_timeout: 35_000 } as const;

export async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, ...ADMIN_TIMEOUTS });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(adminUrl: string): Promise<ScratchDatabase> {
  // Same naming as @ringpace/testing (rp_t_<created, base-36 seconds>_<random>), so its sweep of stale
  // test databases also removes any a crashed run of these tests left behind.
  const name = `rp_t_${Math.floor(Date.now() / 1000).toString(36)}_${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin(adminUrl, async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
