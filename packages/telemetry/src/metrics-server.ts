// Serves GET /metrics of a Prometheus registry (prom-client's, or anything with the same two members) on a
// service's METRICS_LISTEN address; anything else is 404. One server for every service.
import { createServer, type Server } from 'node:http';

/** What the server needs of a prom-client Registry. */
export interface MetricsRegistry {
  metrics(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface MetricsServerOptions {
  /** A collection that failed (answered 500), e.g. to log it. */
  readonly onError?: (error: unknown) => void;
}

/** "host:port", "[::1]:port" or ":port"/"port" (all interfaces). */
export function splitListenAddress(address: string): { host: string | undefined; port: number } {
  const index = address.lastIndexOf(':');
  if (index < 0) return { host: undefined, port: Number(address) };
  const host = address.slice(0, index).replace(/^\[|\]$/g, '');
  return { host: host === '' ? undefined : host, port: Number(address.slice(index + 1)) };
}

export async function startMetricsServer(registry: MetricsRegistry, address: string, options: MetricsServerOptions = {}): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => {
        options.onError?.(error);
        res.writeHead(500).end();
      },
    );
  });
  const { host, port } = splitListenAddress(address);
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
