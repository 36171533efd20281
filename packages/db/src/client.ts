// Builds the Prisma client (Prisma 7, driver adapter on a pg pool) with deadlines on every query.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { withDeadline } from '@ringpace/errors';
import { PrismaClient } from './generated/prisma/client.js';

export interface DbOptions {
  readonly url: string;
  readonly poolMax?: number;
  /** Server-side limit on every statement; Prisma interactive transactions get the same limit. */
  readonly statementTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Shown in pg_stat_activity, e.g. the service name. */
  readonly applicationName?: string;
  /** Errors of idle pooled connections (a server restart, say). The pool drops the connection either way. */
  readonly onPoolError?: (error: Error) => void;
}

export interface Db {
  readonly prisma: PrismaClient;
  /** For the few queries Prisma cannot express (e.g. FOR UPDATE SKIP LOCKED claims). */
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export const DEFAULT_POOL_MAX = 10;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * A text value written as a literal into a statement's text (for the simple query protocol, which takes
 * no parameters): pg's own escaping — quotes doubled, and an E'' string with backslashes doubled when
 * there are any, so it reads the same whatever standard_conforming_strings says.
 */
export function escapeLiteral(value: string): string {
  return pg.escapeLiteral(value).trimStart();
}
/** The client-side guard fires this long after the server-side timeout should have. */
const CLIENT_TIMEOUT_SLACK_MS = 2_000;

export function createDb(options: DbOptions): Db {
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? DEFAULT_POOL_MAX,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    // Guards against a server that stops answering without closing the socket.
    query_timeout: statementTimeoutMs + CLIENT_TIMEOUT_SLACK_MS,
    // A transaction left open by a crashed handler must not hold row locks (contact claims) forever.
    idle_in_transaction_session_timeout: statementTimeoutMs,
    application_name: options.applicationName ?? 'ringpace',
  });
  const onPoolError = options.onPoolError ?? (() => undefined);
  pool.on('error', onPoolError);
  const adapter = new PrismaPg(pool, { onPoolError });
  const prisma = new PrismaClient({
    adapter,
    transactionOptions: { maxWait: connectTimeoutMs, timeout: statementTimeoutMs },
  });
  let closing: Promise<void> | undefined;
  return {
    prisma,
    pool,
    close: () => {
      closing ??= withDeadline('database close', CLOSE_TIMEOUT_MS, async () => {
        await prisma.$disconnect();
        await pool.end();
      });
      return closing;
    },
  };
}
