// The media service's environment, validated as a whole at start (only main.ts passes process.env):
// the FreeSWITCH nodes it controls, the bus, the database holding flow versions, and the call runtime.
import { z } from 'zod';
import { listenAddress, logLevel, natsUrl, positiveIntMs, postgresUrl } from '@ringpace/config';

const NODE_ID = /^[A-Za-z0-9_-]{1,32}$/;

const nodeEntry = z.strictObject({
  id: z.string().regex(NODE_ID, { message: 'a node id is 1-32 letters, digits, "_" or "-"' }),
  host: z.string().min(1, { message: 'is required' }),
  port: z.number().int().min(1).max(65_535).default(8021),
  /** Falls back to ESL_PASSWORD. */
  password: z.string().min(1).optional(),
  /** switch.conf max-sessions of the node, reported in node health when known. */
  maxSessions: z.number().int().positive().optional(),
});

const mediaNodes = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON list of {"id","host","port","password"}' });
      return z.NEVER;
    }
  })
  .pipe(z.array(nodeEntry).min(1, { message: 'must name at least one node' }));

export const mediaConfigSchema = z
  .object({
    MEDIA_NODES: mediaNodes,
    /** The event-socket password of every node whose entry has none. */
    ESL_PASSWORD: z.string().min(1).optional(),
    DATABASE_URL: postgresUrl,
    NATS_URL: natsUrl.default('nats://127.0.0.1:4222'),
    BUS_NAMESPACE: z.string().regex(/^[a-z][a-z0-9]{0,15}$/, { message: 'must be 1-16 lowercase letters or digits, starting with a letter' }).default('rp'),
    LOG_LEVEL: logLevel,
    OTLP_TRACES_URL: z.url().optional(),
    /** host:port serving Prometheus /metrics; unset = off. */
    METRICS_LISTEN: listenAddress.optional(),
    /** MediaService gRPC: not served yet; accepted so a shared environment does not fail validation. */
    GRPC_LISTEN: listenAddress.optional(),
    /** How long SIGTERM lets calls in progress finish before hanging them up. */
    DRAIN_TIMEOUT_MS: positiveIntMs(30_000),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(5),
    DB_STATEMENT_TIMEOUT_MS: positiveIntMs(5_000),
    NATS_TIMEOUT_MS: positiveIntMs(5_000),
    /** Deadline of one ESL command (api, sendmsg, the bgapi originate's reply). */
    ESL_COMMAND_TIMEOUT_MS: positiveIntMs(5_000),
    /** Simulated ms per real ms for demos (matches fs-sim --speed); 1 in production. */
    CLOCK_SPEED: z.coerce.number().positive().max(10_000).default(1),
    /** Shared origin of a scaled clock (epoch ms), so every process of a sped-up run reads one simulated time. */
    CLOCK_ORIGIN_MS: z.coerce.number().int().nonnegative().optional(),
    /** Where `record` writes on the FreeSWITCH node's disk. */
    RECORDINGS_DIR: z.string().regex(/^\/[^\s']*$/, { message: 'must be an absolute path without spaces or quotes' }).default('/var/lib/freeswitch/recordings'),
    /** mod_tts engine and default voice for `say`. */
    TTS_ENGINE: z.string().regex(/^[a-z0-9_]+$/).default('flite'),
    TTS_VOICE: z.string().regex(/^[A-Za-z0-9_-]+$/).default('kal'),
    /** The dialplan context a transfer to an agent queue lands in. */
    QUEUE_CONTEXT: z.string().regex(/^[A-Za-z0-9_-]+$/).default('ringpace_queues'),
    /** The dialplan context a transfer call op sends the callee into. */
    TRANSFER_CONTEXT: z.string().regex(/^[A-Za-z0-9_-]+$/).default('default'),
    /** How often node health is written to the NodeHealth bucket. */
    HEALTH_INTERVAL_MS: positiveIntMs(5_000),
  })
  .superRefine((config, ctx) => {
    config.MEDIA_NODES.forEach((node, index) => {
      if (node.password === undefined && config.ESL_PASSWORD === undefined) {
        ctx.addIssue({ code: 'custom', path: ['MEDIA_NODES', index, 'password'], message: `node "${node.id}" has no password and ESL_PASSWORD is not set` });
      }
    });
    const ids = config.MEDIA_NODES.map((node) => node.id);
    const twice = ids.find((id, index) => ids.indexOf(id) !== index);
    if (twice !== undefined) ctx.addIssue({ code: 'custom', path: ['MEDIA_NODES'], message: `node "${twice}" is listed twice` });
  });

export type MediaConfig = z.infer<typeof mediaConfigSchema>;

export interface NodeConfig {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly password: string;
  readonly maxSessions?: number;
}

/** The nodes with their passwords resolved (the schema guarantees one exists). */
export function nodesOf(config: MediaConfig): NodeConfig[] {
  return config.MEDIA_NODES.map((node) => ({
    id: node.id,
    host: node.host,
    port: node.port,
    password: node.password ?? config.ESL_PASSWORD ?? '',
    ...(node.maxSessions === undefined ? {} : { maxSessions: node.maxSessions }),
  }));
}
