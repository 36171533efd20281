// The dialer's hot paths (claim, originate bookkeeping, call events) speak SQL to the pg pool directly:
// one statement per set of rows instead of one ORM call per row. Deadlines come from the pool itself
// (statement_timeout, query_timeout and connectionTimeoutMillis set by @ringpace/db's createDb).
import { escapeLiteral, type Db } from '@ringpace/db';

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
  return inTransactionOpenedBy(pool, [], async (sql) => {
    const value = await work(sql);
    return { statements: [], finish: () => value };
  });
}

type Results = ReadonlyArray<SqlResult<Record<string, unknown>>>;

/** The last statements of a transaction, sent with its COMMIT in one round trip, and what to make of their results. */
export interface Closing<T> {
  /** Simple-protocol statements: every value in them written with the literals below. */
  readonly statements: readonly string[];
  /** Runs after the commit, with the statements' results in order. */
  readonly finish: (results: Results) => T;
}

/** Sends statements in one simple query and returns one result per statement. */
async function simpleQuery(client: Sql, statements: readonly string[]): Promise<Results> {
  const results: unknown = await client.query(statements.join(';\n'));
  // pg gives a bare result for one statement, an array for several.
  const all = (Array.isArray(results) ? results : [results]) as Array<SqlResult<Record<string, unknown>>>;
  if (all.length !== statements.length) throw new Error(`expected ${statements.length} results, got ${all.length}`);
  return all;
}

/**
 * A transaction whose first round trip carries `opening` with its BEGIN and whose last carries the
 * statements `work` closes with beside the COMMIT (the simple query protocol: no parameters, so every
 * value in those statements must be written with the literals below). What goes between is `work`'s.
 */
export async function inTransactionOpenedBy<T>(pool: SqlPool, opening: readonly string[], work: (sql: Sql, opened: Results) => Promise<Closing<T>>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    try {
      const opened = (await simpleQuery(client, ['BEGIN', ...opening])).slice(1);
      const closing = await work(client, opened);
      const closed = await simpleQuery(client, [...closing.statements, 'COMMIT']);
      return closing.finish(closed.slice(0, -1));
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

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

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

/** Text written into a statement's text, with pg's own escaping; NUL, which no text column can hold, is refused. */
export function textLiteral(field: string, value: string): string {
  if (value.includes('\0')) throw new TypeError(`${field} must not contain a NUL character`);
  return escapeLiteral(value);
}

/** A nullable value: NULL, or the value written by `literal`. */
export function orNull<V>(value: V | null | undefined, literal: (value: V) => string): string {
  return value === null || value === undefined ? 'NULL' : literal(value);
}

/** An array of `type` from literals written one by one. */
export function arrayLiteral(type: 'uuid' | 'text' | 'int' | 'timestamptz', items: readonly string[]): string {
  return `ARRAY[${items.join(', ')}]::${type}[]`;
}
