// Which PostgreSQL and NATS the tests use: DATABASE_URL / NATS_URL when set; else containers when a Docker
// engine answers; else the local defaults. Each is resolved once per process and checked before use.
import { connect } from 'node:net';
import pg from 'pg';
import { AppError } from '@ringpace/errors';
import { startNatsContainer, startPostgresContainer, stopContainers } from './containers.js';
import { dockerAnswers } from './docker.js';

export const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const LOCAL_NATS_URL = 'nats://127.0.0.1:4222';
const CHECK_TIMEOUT_MS = 3_000;

export const ServerSource = { Env: 'env', Container: 'container', Local: 'local' } as const;
export type ServerSource = (typeof ServerSource)[keyof typeof ServerSource];

export interface LocatedServer {
  readonly url: string;
  readonly source: ServerSource;
}

export interface TestServers {
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly sources: { readonly database: ServerSource; readonly nats: ServerSource };
}

type ServerKind = 'postgres' | 'nats';

const servers: Record<ServerKind, { name: string; envVar: string; localUrl: string; start: () => Promise<string>; howToStart: string }> = {
  postgres: {
    name: 'PostgreSQL',
    envVar: 'DATABASE_URL',
    localUrl: LOCAL_DATABASE_URL,
    start: startPostgresContainer,
    howToStart: 'set DATABASE_URL to a server where the user may CREATE DATABASE, or start one: docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres:16',
  },
  nats: {
    name: 'NATS',
    envVar: 'NATS_URL',
    localUrl: LOCAL_NATS_URL,
    start: startNatsContainer,
    howToStart: 'set NATS_URL to a server with JetStream, or start one: docker run -d -p 4222:4222 nats:2.10 -js (or nats-server -js)',
  },
};

/** The chosen server did not answer (or cannot serve tests): says which URL, why, and how to get one. */
export class TestServerUnavailableError extends AppError {
  override readonly name = 'TestServerUnavailableError';
  constructor(
    readonly server: string,
    readonly url: string,
    readonly source: ServerSource,
    reason: string,
    howToStart: string,
    options: ErrorOptions = {},
  ) {
    super(`${server} at ${url} (${describeSource(source)}) ${reason}: ${howToStart}`, { ...options, code: 'UNAVAILABLE', retryable: true });
  }
}

function describeSource(source: ServerSource): string {
  switch (source) {
    case ServerSource.Env:
      return 'from the environment';
    case ServerSource.Container:
      return 'started in Docker';
    case ServerSource.Local:
      return 'the local default; no URL set and no Docker engine answered';
  }
}

/** Hides a password in a URL before it goes into a message. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

let docker: Promise<boolean> | undefined;
const located = new Map<ServerKind, Promise<LocatedServer>>();
const checked = new Map<ServerKind, Promise<LocatedServer>>();

/** Where the server is, starting a container if that is the choice; does not check that it answers. */
function locate(kind: ServerKind): Promise<LocatedServer> {
  let pending = located.get(kind);
  if (pending === undefined) {
    pending = (async () => {
      const { name, envVar, localUrl, start, howToStart } = servers[kind];
      const fromEnv = process.env[envVar];
      if (fromEnv !== undefined && fromEnv !== '') return { url: fromEnv, source: ServerSource.Env };
      docker ??= dockerAnswers(process.env);
      if (!(await docker)) return { url: localUrl, source: ServerSource.Local };
      try {
        return { url: await start(), source: ServerSource.Container };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new TestServerUnavailableError(name, 'a new container', ServerSource.Container, `could not be started (${reason})`, howToStart, { cause: error });
      }
    })();
    located.set(kind, pending);
  }
  return pending;
}

function locateAndCheck(kind: ServerKind, check: (server: LocatedServer) => Promise<void>): Promise<LocatedServer> {
  let pending = checked.get(kind);
  if (pending === undefined) {
    pending = locate(kind).then(async (server) => {
      await check(server);
      return server;
    });
    checked.set(kind, pending);
  }
  return pending;
}

/** The PostgreSQL server for tests, after a `SELECT 1` answered. */
export function testDatabaseServer(): Promise<LocatedServer> {
  return locateAndCheck('postgres', (server) => checkPostgres(server.url, server.source));
}

/** The NATS server for tests, after it greeted us with JetStream enabled. */
export function testNatsServer(): Promise<LocatedServer> {
  return locateAndCheck('nats', (server) => checkNats(server.url, server.source));
}

export async function testServers(): Promise<TestServers> {
  const [database, nats] = await Promise.all([testDatabaseServer(), testNatsServer()]);
  return { databaseUrl: database.url, natsUrl: nats.url, sources: { database: database.source, nats: nats.source } };
}

/**
 * For a vitest globalSetup: resolves both servers once for the whole run (starting containers if that is
 * the choice) and exports their URLs, which the test workers inherit. Does not fail when a server is down:
 * only the tests that need it will, with a clear message.
 */
export async function exportTestServerUrls(): Promise<void> {
  const [database, nats] = await Promise.all([locate('postgres'), locate('nats')]);
  process.env[servers.postgres.envVar] = database.url;
  process.env[servers.nats.envVar] = nats.url;
}

/** Stops the containers this process started. */
export async function stopTestServers(): Promise<void> {
  located.clear();
  checked.clear();
  await stopContainers();
}

export async function checkPostgres(url: string, source: ServerSource = ServerSource.Env, timeoutMs = CHECK_TIMEOUT_MS): Promise<void> {
  const { name, howToStart } = servers.postgres;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, statement_timeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TestServerUnavailableError(name, redactUrl(url), source, `did not answer (${reason})`, howToStart, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Reads the server's INFO greeting: proves it is NATS, and that JetStream is on. */
export async function checkNats(url: string, source: ServerSource = ServerSource.Env, timeoutMs = CHECK_TIMEOUT_MS): Promise<void> {
  const { name, howToStart } = servers.nats;
  const fail = (reason: string, cause?: unknown) => new TestServerUnavailableError(name, redactUrl(url), source, reason, howToStart, { cause });
  const first = url.split(',')[0] ?? url;
  const parsed = new URL(first.includes('://') ? first : `nats://${first}`);
  const info = await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: parsed.hostname, port: Number(parsed.port || 4222) });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(fail(`did not answer within ${timeoutMs}ms`));
    }, timeoutMs);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(fail(`did not answer (${error.message})`, error));
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (!received.includes('\r\n')) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(received.slice(0, received.indexOf('\r\n')));
    });
  });
  if (!info.startsWith('INFO ')) throw fail('is not a NATS server (no INFO greeting)');
  let jetstream: unknown;
  try {
    jetstream = (JSON.parse(info.slice('INFO '.length)) as { jetstream?: unknown }).jetstream;
  } catch (error) {
    throw fail('sent an unreadable INFO greeting', error);
  }
  if (jetstream !== true) throw fail('runs without JetStream');
}
