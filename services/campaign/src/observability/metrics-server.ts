// Serves GET /metrics (Prometheus text format) on METRICS_LISTEN; anything else is 404.
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '@ringpace/log';

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

function hostAndPort(address: string): { host: string | undefined; port: number } {
  const index = address.lastIndexOf(':');
  if (index < 0) return { host: undefined, port: Number(address) };
  const host = address.slice(0, index).replace(/^\[|\]$/g, '');
  return { host: host === '' ? undefined : host, port: Number(address.slice(index + 1)) };
}

export async function startMetricsServer(registry: Registry, address: string, log: Logger): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => {
        log.warn({ err: error }, 'metrics collection failed');
        res.writeHead(500).end();
      },
    );
  });
  const { host, port } = hostAndPort(address);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  return {
    port: typeof bound === 'object' && bound !== null ? bound.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
