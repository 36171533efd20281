// The media service's Prometheus metrics (names from the dialing contract) on a registry of its own, so
// two apps in one process (tests) do not collide, plus the process's default metrics and event-loop lag.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MediaMetrics {
  readonly registry: Registry;
  /** CHANNEL_ANSWER → the first playback, speak or collect command sent. */
  readonly answerToPrompt: Histogram;
  readonly channels: Gauge<'node'>;
  readonly eslEvents: Counter<'node'>;
  readonly callEventsPublished: Counter;
}

export function createMediaMetrics(): MediaMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    answerToPrompt: new Histogram({
      name: 'ringpace_media_answer_to_prompt_seconds',
      help: 'Time from CHANNEL_ANSWER to the first prompt command sent to FreeSWITCH',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    channels: new Gauge({ name: 'ringpace_media_channels', help: 'Channels on the FreeSWITCH node', labelNames: ['node'], registers: [registry] }),
    eslEvents: new Counter({ name: 'ringpace_media_esl_events_total', help: 'Events received from the FreeSWITCH node', labelNames: ['node'], registers: [registry] }),
    callEventsPublished: new Counter({ name: 'ringpace_media_call_events_published_total', help: 'Call events stored in JetStream', registers: [registry] }),
  };
}
