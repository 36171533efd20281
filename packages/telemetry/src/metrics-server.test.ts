import { describe, expect, it } from 'vitest';
import { splitListenAddress, startMetricsServer } from './metrics-server.js';

describe('metrics server', () => {
  it('metrics server › GET /metrics answers the registry text with its content type; other paths are 404; a failed collection is 500', async () => {
    let fail = false;
    const errors: unknown[] = [];
    const registry = { contentType: 'text/plain; version=0.0.4', metrics: () => (fail ? Promise.reject(new Error('boom')) : Promise.resolve('up 1\n')) };
    const server = await startMetricsServer(registry, '127.0.0.1:0', { onError: (error) => errors.push(error) });
    try {
      const ok = await fetch(`http://127.0.0.1:${server.port}/metrics`, { signal: AbortSignal.timeout(5_000) });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('text/plain; version=0.0.4');
      expect(await ok.text()).toBe('up 1\n');
      expect((await fetch(`http://127.0.0.1:${server.port}/other`, { signal: AbortSignal.timeout(5_000) })).status).toBe(404);
      fail = true;
      expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { signal: AbortSignal.timeout(5_000) })).status).toBe(500);
      expect(errors).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['127.0.0.1:9464', { host: '127.0.0.1', port: 9464 }],
    ['[::1]:9464', { host: '::1', port: 9464 }],
    [':9464', { host: undefined, port: 9464 }],
    ['9464', { host: undefined, port: 9464 }],
  ])('splitListenAddress › %s', (address, expected) => {
    expect(splitListenAddress(address)).toEqual(expected);
  });
});
