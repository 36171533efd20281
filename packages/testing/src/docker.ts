// Whether a Docker engine answers right now: one ping on its socket with a short deadline, never a wait
// for one to come up. Used only to decide whether testcontainers can start the servers.
import { access } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';

export const DOCKER_PING_TIMEOUT_MS = 300;

type Endpoint = { readonly path: string } | { readonly host: string; readonly port: number };

/** Where Docker usually listens: DOCKER_HOST, else the rootful, rootless and desktop sockets. */
export function dockerEndpoints(env: NodeJS.ProcessEnv): Endpoint[] {
  const dockerHost = env['DOCKER_HOST'];
  if (dockerHost !== undefined && dockerHost !== '') {
    if (dockerHost.startsWith('unix://')) return [{ path: dockerHost.slice('unix://'.length) }];
    if (dockerHost.startsWith('tcp://')) {
      const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
      return [{ host: url.hostname, port: Number(url.port || 2375) }];
    }
    return [];
  }
  const home = env['HOME'];
  const runtimeDir = env['XDG_RUNTIME_DIR'];
  return [
    '/var/run/docker.sock',
    ...(runtimeDir === undefined ? [] : [join(runtimeDir, 'docker.sock')]),
    ...(home === undefined ? [] : [join(home, '.docker/run/docker.sock'), join(home, '.docker/desktop/docker.sock'), join(home, '.colima/default/docker.sock')]),
  ].map((path) => ({ path }));
}

/** True when some endpoint accepts a connection (and, on a Unix socket, answers `GET /_ping`) in time. */
export async function dockerAnswers(env: NodeJS.ProcessEnv, timeoutMs = DOCKER_PING_TIMEOUT_MS): Promise<boolean> {
  for (const endpoint of dockerEndpoints(env)) {
    if ('path' in endpoint && !(await access(endpoint.path).then(() => true, () => false))) continue;
    if (await ping(endpoint, timeoutMs)) return true;
  }
  return false;
}

function ping(endpoint: Endpoint, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket: Socket = 'path' in endpoint ? connect({ path: endpoint.path }) : connect({ host: endpoint.host, port: endpoint.port });
    const finish = (answered: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answered);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('error', () => finish(false));
    socket.once('connect', () => {
      // A TCP endpoint may speak TLS, so accepting the connection is all we can ask of it.
      if (!('path' in endpoint)) return finish(true);
      socket.write('GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n');
    });
    socket.once('data', (chunk: Buffer) => finish(chunk.toString('latin1').startsWith('HTTP/1.1 200')));
  });
}
