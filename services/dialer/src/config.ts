// The dialer's environment, validated as a whole at start (only main.ts passes process.env). Durations
// carry their unit in the name and are converted nowhere else.
import { z } from 'zod';
import { listenAddress, logLevel, natsUrl, positiveIntMs, postgresUrl } from '@ringpace/config';

const podId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, "_" or "-"' });

export const dialerConfigSchema = z
  .object({
    DATABASE_URL: postgresUrl,
    NATS_URL: natsUrl.default('nats://127.0.0.1:4222'),
    /** Prefix of every NATS subject, stream and bucket this deployment uses. */
    BUS_NAMESPACE: z.string().regex(/^[a-z][a-z0-9]{0,15}$/, { message: 'must be 1-16 lowercase letters or digits, starting with a letter' }).default('rp'),
    LOG_LEVEL: logLevel,
    /** OTLP/HTTP traces endpoint; unset means spans are not exported. */
    OTLP_TRACES_URL: z.url().optional(),
    /** host:port serving Prometheus /metrics; unset means no metrics endpoint. */
    METRICS_LISTEN: listenAddress.optional(),
    /** How long SIGTERM waits for originate requests in flight. */
    DRAIN_TIMEOUT_MS: positiveIntMs(10_000),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    DB_STATEMENT_TIMEOUT_MS: positiveIntMs(5_000),
    NATS_TIMEOUT_MS: positiveIntMs(5_000),
    /** Simulated ms per real ms for demos (matches fs-sim --speed); 1 in production. */
    CLOCK_SPEED: z.coerce.number().positive().max(10_000).default(1),
    /** Real epoch ms at which simulated time equalled real time, shared by every process of a sped-up run. */
    CLOCK_ORIGIN_MS: z.coerce.number().int().nonnegative().optional(),
    /** This pod's name in the lease buckets; defaults to hostname-pid. */
    DIALER_POD_ID: podId.optional(),
    /** A trunk lease not renewed for this long (wall time) may be taken by another pod. */
    DIALER_LEASE_TTL_MS: positiveIntMs(15_000),
    /** How often leases are renewed and the fair share recomputed (wall time); keep it well under the TTL. */
    DIALER_LEASE_RENEW_MS: positiveIntMs(5_000),
    /** Wall time between claim passes; a pause takes effect within one. */
    DIALER_CLAIM_INTERVAL_MS: z.coerce.number().int().min(10).max(200).default(200),
    /** Contacts claimed by one transaction at most. */
    DIALER_CLAIM_BATCH_MAX: z.coerce.number().int().min(1).max(1_000).default(50),
    /** How long a callee may ring before the call counts as no answer. */
    DIALER_RING_TIMEOUT_MS: positiveIntMs(45_000),
    /** The longest call; an attempt still open at claim + ring timeout + this is lost. */
    DIALER_MAX_CALL_MS: positiveIntMs(900_000),
    /** Deadline of one originate request to media. */
    DIALER_ORIGINATE_TIMEOUT_MS: positiveIntMs(5_000),
    /** After media refuses an originate (no capacity, node down), the contact is due again this much later. */
    DIALER_REFUSED_RETRY_MS: positiveIntMs(30_000),
    /** Wall time between passes of the lost-attempt sweeper and of the completion check. */
    DIALER_SWEEP_INTERVAL_MS: positiveIntMs(5_000),
  })
  .superRefine((config, ctx) => {
    if (config.DIALER_LEASE_RENEW_MS * 2 > config.DIALER_LEASE_TTL_MS) {
      ctx.addIssue({ code: 'custom', path: ['DIALER_LEASE_RENEW_MS'], message: `must be at most half of DIALER_LEASE_TTL_MS (${config.DIALER_LEASE_TTL_MS})` });
    }
  });

export type DialerConfig = z.infer<typeof dialerConfigSchema>;
