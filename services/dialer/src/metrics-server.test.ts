import { describe, expect, it } from 'vitest';
import { createDialerMetrics } from './metrics.js';
import { startMetricsServer } from '@ringpace/telemetry';

describe('metrics endpoint', () => {
  it('metrics › GET /metrics serves the dialer metrics and the process metrics in Prometheus text', async () => {
    const metrics = createDialerMetrics();
    metrics.originatesTotal.inc({ status: 'accepted' });
    metrics.leasesHeld.set(3);
    const server = await startMetricsServer(metrics.registry, '127.0.0.1:0');
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics`, { signal: AbortSignal.timeout(5_000) });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('ringpace_dialer_originates_total{status="accepted"} 1');
      expect(text).toContain('ringpace_dialer_leases_held 3');
      expect(text).toContain('ringpace_dialer_calls_active 0');
      expect(text).toContain('ringpace_dialer_claim_to_originate_seconds_bucket');
      expect(text).toContain('nodejs_eventloop_lag_seconds');
      expect((await fetch(`http://127.0.0.1:${server.port}/other`, { signal: AbortSignal.timeout(5_000) })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
