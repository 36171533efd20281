// NATS for the demo: the server at NATS_URL when it answers with JetStream, else a throw-away nats-server
// (Debian's package, installed with apt-get when missing) with JetStream on, a temporary store directory and
// a free port. `stop()` shuts down and deletes only what it started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { freePort, redact, sleep } from './net.mjs';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
const CHECK_TIMEOUT_MS = 3_000;
const START_TIMEOUT_MS = 20_000;
const INSTALL_TIMEOUT_MS = 5 * 60_000;

/** 'jetstream' when it answers with JetStream on, 'no-jetstream' when it answers without, else 'down'. */
async function probe(url) {
  let nc;
  try {
    nc = await connect({ servers: url, timeout: CHECK_TIMEOUT_MS, reconnect: false });
  } catch (error) {
    return { state: 'down', error };
  }
  try {
    const jsm = await jetstreamManager(nc, { timeout: CHECK_TIMEOUT_MS });
    await jsm.getAccountInfo();
    return { state: 'jetstream' };
  } catch (error) {
    return { state: 'no-jetstream', error };
  } finally {
    await nc.close().catch(() => undefined);
  }
}

function findBinary() {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = join(dir, 'nats-server');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function apt(args) {
  return spawnSync('apt-get', args, { encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** nats-server from PATH, else Debian's package installed now (root only; says so). */
function natsServerBinary(say) {
  const found = findBinary();
  if (found) return found;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error('nats-server is not installed and this is not root: install it (sudo apt-get install nats-server) or set NATS_URL to a server with JetStream');
  }
  say('nats-server is not installed: installing Debian\'s package (apt-get install -y nats-server)');
  let result = apt(['install', '-y', '--no-install-recommends', 'nats-server']);
  if (result.status !== 0) {
    say('apt-get install failed; refreshing the package lists (apt-get update) and trying once more');
    apt(['update']);
    result = apt(['install', '-y', '--no-install-recommends', 'nats-server']);
  }
  const installed = findBinary();
  if (result.status !== 0 || !installed) throw new Error(`apt-get install nats-server failed:\n${(result.stderr || result.stdout || String(result.error ?? '')).trim()}`);
  return installed;
}

async function startServer(say) {
  const binary = natsServerBinary(say);
  const store = await mkdtemp(join(tmpdir(), 'ringpace-nats-'));
  const port = await freePort();
  const server = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], {
    // Its own process group: a Ctrl-C reaches the demo, which stops the services before the bus.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk) => (log = (log + chunk.toString()).slice(-4_000));
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  let done = false;
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve(code ?? signal)));
  void exited.then(() => (done = true));
  const stop = async () => {
    if (!done) {
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(store, { recursive: true, force: true });
  };

  const url = `nats://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (done) {
      await stop();
      throw new Error(`nats-server exited during start-up:\n${log}`);
    }
    if ((await probe(url)).state === 'jetstream') break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`nats-server did not answer within ${START_TIMEOUT_MS / 1000} s:\n${log}`);
    }
    await sleep(100);
  }
  return { url, started: true, stop, pid: server.pid, binary };
}

/**
 * The URL of a NATS server with JetStream: `url` itself, or one started here when nothing answers there.
 * A server that answers without JetStream is an error, not a reason to start another.
 */
export async function ensureNats({ url = DEFAULT_NATS_URL, say = (line) => console.log(line) } = {}) {
  const found = await probe(url);
  if (found.state === 'jetstream') return { url, started: false, stop: async () => undefined };
  if (found.state === 'no-jetstream') {
    throw new Error(`NATS at ${redact(url)} answers but JetStream is off (${found.error?.message}); restart it with -js or set NATS_URL`);
  }
  say(`NATS does not answer at ${redact(url)} (${found.error?.message ?? 'no answer'}): starting nats-server with JetStream`);
  const started = await startServer(say);
  say(`NATS ${started.url} (${started.binary}, pid ${started.pid}, JetStream in a temporary store deleted at the end)`);
  return started;
}
