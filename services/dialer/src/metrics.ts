// The dialer's Prometheus metrics (names agreed in the dialer↔media contract) on a registry of its own,
// so two dialers in one process (tests) do not collide, plus the default process metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface DialerMetrics {
  readonly registry: Registry;
  /** Claim transaction commit → ACCEPTED reply. */
  readonly claimToOriginateSeconds: Histogram;
  readonly originatesTotal: Counter<'status'>;
  readonly callsActive: Gauge;
  readonly leasesHeld: Gauge;
}

export function createDialerMetrics(options: { readonly defaultMetrics?: boolean } = {}): DialerMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return {
    registry,
    claimToOriginateSeconds: new Histogram({
      name: 'ringpace_dialer_claim_to_originate_seconds',
      help: 'From the commit of the claim transaction to the ACCEPTED originate reply',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    originatesTotal: new Counter({
      name: 'ringpace_dialer_originates_total',
      help: 'Originate requests by reply status (accepted, duplicate_attempt, capacity_exhausted, node_unavailable, invalid_request, no_responders, timeout, unknown)',
      labelNames: ['status'],
      registers: [registry],
    }),
    callsActive: new Gauge({
      name: 'ringpace_dialer_calls_active',
      help: 'Open attempts (dialing, ringing, answered) on the trunks this pod holds',
      registers: [registry],
    }),
    leasesHeld: new Gauge({
      name: 'ringpace_dialer_leases_held',
      help: 'Trunk leases this pod holds',
      registers: [registry],
    }),
  };
}
