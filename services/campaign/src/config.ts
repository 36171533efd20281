// The campaign service's environment, validated as a whole at start (only main.ts passes process.env).
import { z } from 'zod';
import { listenAddress, logLevel, natsUrl, positiveIntMs, postgresUrl, secret } from '@ringpace/config';

export const campaignConfigSchema = z.object({
  DATABASE_URL: postgresUrl,
  NATS_URL: natsUrl.default('nats://127.0.0.1:4222'),
  /** Where the gRPC server listens. */
  GRPC_LISTEN: listenAddress.default('0.0.0.0:50051'),
  /** Operator credential for tenant and API key administration. */
  ADMIN_TOKEN: secret(24),
  /** Prefix of every NATS subject, stream and bucket this deployment uses. */
  BUS_NAMESPACE: z.string().regex(/^[a-z][a-z0-9]{0,15}$/, { message: 'must be 1-16 lowercase letters or digits, starting with a letter' }).default('rp'),
  LOG_LEVEL: logLevel,
  /** OTLP/HTTP traces endpoint; unset means spans are not exported. */
  OTLP_TRACES_URL: z.url().optional(),
  /** How long SIGTERM waits for calls in flight before cutting them off. */
  DRAIN_TIMEOUT_MS: positiveIntMs(10_000),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DB_STATEMENT_TIMEOUT_MS: positiveIntMs(5_000),
  NATS_TIMEOUT_MS: positiveIntMs(5_000),
  /** Simulated ms per real ms for demos (matches fs-sim --speed); 1 in production. */
  CLOCK_SPEED: z.coerce.number().positive().max(10_000).default(1),
  /** Real epoch ms at which simulated time equalled real time, shared by every process of a sped-up run. */
  CLOCK_ORIGIN_MS: z.coerce.number().int().nonnegative().optional(),
  /** host:port serving Prometheus /metrics (process metrics incl. event-loop lag); unset serves none. */
  METRICS_LISTEN: listenAddress.optional(),
});

export type CampaignConfig = z.infer<typeof campaignConfigSchema>;
