import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test-harness.js';

let harness: Harness;
beforeAll(async () => { harness = await startHarness(); });
afterAll(() => harness.close());

describe('campaign metrics', () => {
  it('metrics › /metrics serves the process metrics in Prometheus text, including event-loop lag', async () => {
    const response = await fetch(`http://127.0.0.1:${harness.app.metricsPort}/metrics`, { signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    for (const name of ['process_cpu_seconds_total', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('metrics › any other path is 404', async () => {
    const response = await fetch(`http://127.0.0.1:${harness.app.metricsPort}/`, { signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(404);
  });
});
