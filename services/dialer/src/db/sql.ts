// The dialer's hot paths (claim, originate bookkeeping, call events) speak SQL to the pg pool directly:
// one statement per set of rows instead of one ORM call per row. Deadlines come from the pool itself
// (statement_timeout, query_timeout and connectionTimeoutMillis set by @ringpace/db's createDb).
import type { Db } from '@ringpace/db';

export interface SqlResult<R> {
  readonly rows: R[];
  readonly rowCount: number | null;
}

/** A pg pool or one of its clients. */
export interface Sql {
  query<R extends object>(text: string, values?: unknown[]): Promise<SqlResult<R>>;
}

export type SqlPool = Db['pool'];

/**
 * Runs `work` in one transaction on a client of its own. A client whose ROLLBACK failed is destroyed
 * rather than returned to the pool, so no half-open transaction (and its row locks) is handed on.
 */
export async function inTransaction<T>(pool: SqlPool, work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}
