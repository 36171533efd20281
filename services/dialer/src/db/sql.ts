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
  return inTransactionOpenedBy(pool, [], (sql) => work(sql));
}

/**
 * inTransaction, with `statements` sent together with the BEGIN in one round trip (the simple query
 * protocol: no parameters, so every value in them must be written with the literals below). `work` gets
 * their results in order.
 */
export async function inTransactionOpenedBy<T>(pool: SqlPool, statements: readonly string[], work: (sql: Sql, opened: ReadonlyArray<SqlResult<Record<string, unknown>>>) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    try {
      const results: unknown = await client.query(['BEGIN', ...statements].join(';\n'));
      // One result per statement; pg gives a bare result when there is only the BEGIN.
      const opened = (Array.isArray(results) ? results.slice(1) : []) as Array<SqlResult<Record<string, unknown>>>;
      if (opened.length !== statements.length) throw new Error(`expected ${statements.length} results after BEGIN, got ${opened.length}`);
      const result = await work(client, opened);
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid written into a statement's text; anything else is refused, so no text of SQL can get in. */
export function uuidLiteral(field: string, value: string): string {
  if (!UUID.test(value)) throw new TypeError(`${field} must be a uuid, got ${JSON.stringify(value)}`);
  return `'${value}'::uuid`;
}

/** An instant written into a statement's text (ISO 8601, UTC). */
export function timestampLiteral(field: string, value: Date): string {
  if (!Number.isFinite(value.getTime())) throw new TypeError(`${field} must be a valid date`);
  return `'${value.toISOString()}'::timestamptz`;
}

/** A whole number written into a statement's text. */
export function integerLiteral(field: string, value: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`${field} must be a whole number, got ${value}`);
  return String(value);
}
