// The campaign service's Prometheus registry: the default process metrics (CPU, memory, GC, event-loop
// lag) on a registry of its own, so two services in one test process do not collide.
import { Registry, collectDefaultMetrics } from 'prom-client';

/** Event-loop lag is sampled at this resolution (ms); prom-client's default of 10 ms hides short stalls. */
const EVENT_LOOP_PRECISION_MS = 5;

export function createCampaignMetrics(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_PRECISION_MS });
  return registry;
}
