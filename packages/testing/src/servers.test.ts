import { createServer, type Server } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNats, checkPostgres, dockerAnswers, dockerEndpoints, exportTestServerUrls, redactUrl, testServers, TestServerUnavailableError } from './index.js';

/** A local TCP server that greets each connection with `greeting` (or says nothing). */
async function fakeServer(greeting: string | undefined): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((socket) => {
    socket.on('error', () => undefined);
    if (greeting !== undefined) socket.write(greeting);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = await fakeServer(undefined);
  await server.close();
  return server.port;
}

describe('test servers', () => {
  it('testServers › resolves PostgreSQL and NATS that answer', async () => {
    const servers = await testServers();
    expect(servers.databaseUrl).toMatch(/^postgres(ql)?:\/\//);
    expect(servers.natsUrl).not.toBe('');
    expect(['env', 'container', 'local']).toContain(servers.sources.database);
  });

  it('exportTestServerUrls › hands the chosen URLs to the workers through the environment', async () => {
    const saved = { DATABASE_URL: process.env['DATABASE_URL'], NATS_URL: process.env['NATS_URL'] };
    try {
      const servers = await testServers();
      await exportTestServerUrls();
      expect({ DATABASE_URL: process.env['DATABASE_URL'], NATS_URL: process.env['NATS_URL'] }).toEqual({ DATABASE_URL: servers.databaseUrl, NATS_URL: servers.natsUrl });
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('checkPostgres › an unreachable server is one clear error naming the URL and how to start one', async () => {
    const url = `postgres://postgres:secret@127.0.0.1:${await closedPort()}/test`;
    const failure = checkPostgres(url, 'env', 1_000);
    await expect(failure).rejects.toBeInstanceOf(TestServerUnavailableError);
    await expect(failure).rejects.toThrow(/PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/test \(from the environment\) did not answer .*docker run .*postgres:16/);
    await expect(failure).rejects.not.toThrow(/secret/);
  });

  describe('checkNats', () => {
    const servers: { close(): Promise<void> }[] = [];
    afterAll(async () => {
      await Promise.all(servers.map((server) => server.close()));
    });
    const natsLike = async (greeting: string | undefined) => {
      const server = await fakeServer(greeting);
      servers.push(server);
      return `nats://127.0.0.1:${server.port}`;
    };

    it.each([
      ['with JetStream passes', 'INFO {"server_id":"x","jetstream":true}\r\n', undefined],
      ['without JetStream is refused', 'INFO {"server_id":"x"}\r\n', /runs without JetStream.*nats:2\.10 -js/],
      ['that is not NATS is refused', 'HTTP/1.1 400 Bad Request\r\n', /is not a NATS server/],
      ['that says nothing times out', undefined, /did not answer within 300ms/],
    ])('checkNats › a server %s', async (_case, greeting, refusal) => {
      const check = checkNats(await natsLike(greeting), 'local', 300);
      if (refusal === undefined) await expect(check).resolves.toBeUndefined();
      else await expect(check).rejects.toThrow(refusal);
    });

    it('checkNats › nobody listening is one clear error naming the URL', async () => {
      const url = `nats://127.0.0.1:${await closedPort()}`;
      await expect(checkNats(url, 'local', 1_000)).rejects.toThrow(
        new RegExp(`NATS at nats://127\\.0\\.0\\.1:\\d+ \\(the local default; no URL set and no Docker engine answered\\) did not answer .*NATS_URL`),
      );
    });
  });

  describe('docker', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'rp-docker-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it.each([
      [{ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, [{ path: '/run/user/1000/docker.sock' }]],
      [{ DOCKER_HOST: 'tcp://10.0.0.5:2376' }, [{ host: '10.0.0.5', port: 2376 }]],
      [{ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }, []],
    ])('dockerEndpoints › %j', (env, endpoints) => {
      expect(dockerEndpoints(env)).toEqual(endpoints);
    });

    it('dockerEndpoints › without DOCKER_HOST tries the rootful, rootless and desktop sockets', () => {
      expect(dockerEndpoints({ HOME: '/home/me', XDG_RUNTIME_DIR: '/run/user/1000' }).map((e) => ('path' in e ? e.path : ''))).toEqual([
        '/var/run/docker.sock',
        '/run/user/1000/docker.sock',
        '/home/me/.docker/run/docker.sock',
        '/home/me/.docker/desktop/docker.sock',
        '/home/me/.colima/default/docker.sock',
      ]);
    });

    it('dockerAnswers › a missing socket is "no" at once', async () => {
      const started = performance.now();
      expect(await dockerAnswers({ DOCKER_HOST: `unix://${join(dir, 'missing.sock')}` })).toBe(false);
      expect(performance.now() - started).toBeLessThan(200);
    });

    it('dockerAnswers › a socket that answers the ping is "yes"; one that stays silent is "no" within the deadline', async () => {
      const answering = createServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK'));
      const silent = createServer(() => undefined);
      const answeringPath = join(dir, 'answering.sock');
      const silentPath = join(dir, 'silent.sock');
      await new Promise<void>((resolve) => answering.listen(answeringPath, resolve));
      await new Promise<void>((resolve) => silent.listen(silentPath, resolve));
      try {
        expect(await dockerAnswers({ DOCKER_HOST: `unix://${answeringPath}` })).toBe(true);
        const started = performance.now();
        expect(await dockerAnswers({ DOCKER_HOST: `unix://${silentPath}` }, 150)).toBe(false);
        expect(performance.now() - started).toBeLessThan(1_000);
      } finally {
        silent.close();
        answering.close();
      }
    });
  });

  it.each([
    ['postgres://user:pw@db:5432/x', 'postgres://user:***@db:5432/x'],
    ['postgres://user@db:5432/x', 'postgres://user@db:5432/x'],
    ['not a url', 'not a url'],
  ])('redactUrl › %s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
