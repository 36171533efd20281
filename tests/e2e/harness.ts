// The end-to-end rig: a migrated database and a bus namespace of their own, fs-sim in this process on the
// run's shared clock, and campaign, media and dialer as real processes (startStack); plus the operator
// steps every scenario needs (tenant, key, trunk group, flow, campaign, import) and the waits.
import { randomUUID } from 'node:crypto';
import { Metadata, credentials } from '@grpc/grpc-js';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { CampaignClient } from '@ringpace/campaign/client';
import { ScaledClock } from '@ringpace/clock';
import { fromGrpcError } from '@ringpace/errors';
import { CLASSIC_NOTICE_YAML } from '@ringpace/flow';
import { startFsSim, type FsSim } from '@ringpace/fs-sim';
import {
  CallerIdMode,
  CampaignState,
  CreateCampaignRequest,
  DialMode,
  FlowServiceClient,
  ImportFormat,
  ImportHeader,
  type Campaign,
  type RetryPolicy,
  type Schedule,
} from '@ringpace/proto';
import { createTestDatabase, createTestNamespace, startStack, testServers, type Stack, type TestDatabase, type TestNamespace } from '@ringpace/testing';

export const FS_PASSWORD = 'e2e-ClueCon';
export const NODE_ID = 'fs1';
export const GATEWAY = 'carrier';

export interface RigOptions {
  /** fs-sim scenario (object form). */
  readonly scenario: Record<string, unknown>;
  /** Simulated ms per real ms for every process. */
  readonly speed: number;
  readonly dialers?: number;
  readonly media?: number;
  /** Extra service environment. */
  readonly env?: Parameters<typeof startStack>[0]['env'];
  /** A NATS server other than the test servers' (a private one a chaos test may restart). */
  readonly natsUrl?: string;
  /** Print service output (debugging). */
  readonly verbose?: boolean;
}

export interface Rig {
  readonly sim: FsSim;
  readonly stack: Stack;
  readonly db: TestDatabase;
  readonly ns: TestNamespace;
  readonly sql: pg.Pool;
  readonly clock: ScaledClock;
  readonly operator: CampaignClient;
  readonly output: string[];
  close(): Promise<void>;
}

export async function startRig(options: RigOptions): Promise<Rig> {
  const located = await testServers();
  const servers = { ...located, natsUrl: options.natsUrl ?? located.natsUrl };
  const db = await createTestDatabase();
  const ns = createTestNamespace();
  const cleanupNamespace = async () => {
    const nc = await connect({ servers: servers.natsUrl, timeout: 5_000 });
    try {
      await ns.cleanup(nc);
    } finally {
      await nc.close();
    }
  };
  const originMs = Date.now();
  const clock = new ScaledClock({ speed: options.speed, originMs });
  const sim = await startFsSim({ password: FS_PASSWORD, scenario: options.scenario, clock, seed: 11, recordCalls: true });
  const output: string[] = [];
  let stack: Stack;
  try {
    stack = await startStack({
      databaseUrl: db.url,
      natsUrl: servers.natsUrl,
      namespace: ns.namespace,
      clockSpeed: options.speed,
      clockOriginMs: originMs,
      nodes: [{ id: NODE_ID, host: sim.host, port: sim.port, password: FS_PASSWORD }],
      dialers: options.dialers ?? 1,
      media: options.media ?? 1,
      logLevel: options.verbose === true ? 'info' : 'warn',
      ...(options.env === undefined ? {} : { env: options.env }),
      onOutput: (name, line) => {
        output.push(`${name}: ${line}`);
        if (output.length > 5_000) output.splice(0, 1_000);
        if (options.verbose === true) process.stderr.write(`${name}: ${line}\n`);
      },
    });
  } catch (error) {
    await sim.stop();
    await cleanupNamespace();
    await db.drop();
    throw error;
  }
  const sql = new pg.Pool({ connectionString: db.url, max: 3 });
  const operator = new CampaignClient({ address: stack.campaignAddress, credential: stack.adminToken, timeoutMs: 10_000 });
  return {
    sim,
    stack,
    db,
    ns,
    sql,
    clock,
    operator,
    output,
    async close() {
      operator.raw.close();
      await stack.stop();
      await sim.stop();
      await sql.end();
      await cleanupNamespace();
      await db.drop();
    },
  };
}

export interface Tenant {
  readonly id: string;
  readonly client: CampaignClient;
  readonly key: string;
  readonly trunkGroupId: string;
  readonly flowId: string;
}

/** A tenant with an API key, a trunk group on the rig's node and the "press # to confirm" flow. */
export async function createTenant(rig: Rig, trunk: { channels: number; cps: number; gateways?: readonly string[] }): Promise<Tenant> {
  const { tenant } = await rig.operator.createTenant({ name: `e2e ${randomUUID()}` });
  const key = await rig.operator.createApiKey({ tenantId: tenant!.id, name: 'e2e' });
  const group = await rig.operator.createTrunkGroup({
    tenantId: tenant!.id,
    name: 'carriers',
    callerIdMode: CallerIdMode.ROTATE,
    trunks: (trunk.gateways ?? [GATEWAY]).map((gateway) => ({ nodeId: NODE_ID, gateway, channels: trunk.channels, callsPerSecond: trunk.cps })),
  });
  const flows = new FlowServiceClient(rig.stack.campaignAddress, credentials.createInsecure());
  const flowId = await new Promise<string>((resolve, reject) => {
    const md = new Metadata();
    md.set('authorization', `Bearer ${key.secret}`);
    flows.createFlow({ requestId: randomUUID(), name: 'Payment notice', definitionJson: CLASSIC_NOTICE_YAML }, md, { deadline: new Date(Date.now() + 10_000) }, (error, response) => {
      if (error) reject(fromGrpcError(error));
      else resolve(response.flow!.id);
    });
  });
  flows.close();
  return { id: tenant!.id, client: rig.operator.as(key.secret), key: key.secret, trunkGroupId: group.trunkGroup!.id, flowId };
}

const ALL_DAY = { windows: [{ start: '00:00', end: '24:00' }] };
export const ALWAYS_OPEN: Schedule = {
  monday: ALL_DAY, tuesday: ALL_DAY, wednesday: ALL_DAY, thursday: ALL_DAY, friday: ALL_DAY, saturday: ALL_DAY, sunday: ALL_DAY,
  holidays: [], startDate: '', endDate: '',
};

export function retryPolicy(delays: { busy: number; noAnswer: number; networkFailure: number }, maxAttempts = 3): RetryPolicy {
  const rule = (delayMinutes: number) => ({ retry: true, delayMinutes, maxAttempts: 0 });
  const never = { retry: false, delayMinutes: 0, maxAttempts: 0 };
  return {
    busy: rule(delays.busy),
    noAnswer: rule(delays.noAnswer),
    networkFailure: rule(delays.networkFailure),
    answeredNotConfirmed: never,
    rejected: never,
    machine: never,
    maxAttemptsTotal: maxAttempts,
  };
}

export interface CampaignSpec {
  readonly name: string;
  readonly schedule: Schedule;
  readonly retryPolicy: RetryPolicy;
  /** CSV with a header `phone,name,amount`. */
  readonly csv: string;
  readonly maxConcurrentCalls?: number;
  readonly callerIds?: readonly string[];
}

/** Creates the campaign, imports its contacts, prepares it; returns it READY. */
export async function createCampaign(tenant: Tenant, spec: CampaignSpec): Promise<Campaign> {
  const { campaign } = await tenant.client.createCampaign(CreateCampaignRequest.fromPartial({
    requestId: randomUUID(),
    name: spec.name,
    defaultRegion: 'US',
    timezone: 'America/New_York',
    callerIds: [...(spec.callerIds ?? ['+12125559000'])],
    dialMode: DialMode.NOTIFICATION,
    maxConcurrentCalls: spec.maxConcurrentCalls ?? 0,
    flowId: tenant.flowId,
    flowVersion: 0,
    schedule: spec.schedule,
    retryPolicy: spec.retryPolicy,
    trunkGroupId: tenant.trunkGroupId,
  }));
  const id = campaign!.id;
  await tenant.client.importContacts(
    ImportHeader.fromPartial({
      campaignId: id,
      importId: randomUUID(),
      format: ImportFormat.CSV,
      hasHeader: true,
      columns: { phone: 'phone', name: 'name', fields: { amount: 'amount' } },
      listName: `${spec.name}.csv`,
      sizeBytes: Buffer.byteLength(spec.csv),
    }),
    chunksOf(Buffer.from(spec.csv, 'utf8')),
  );
  const prepared = await tenant.client.prepareCampaign({ id });
  return prepared.campaign!;
}

/** A file as the client stream of ImportContacts sends it, 256 KiB at a time. */
export async function* chunksOf(data: Buffer, chunkBytes = 256 * 1024): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += chunkBytes) {
    yield data.subarray(offset, offset + chunkBytes);
    await Promise.resolve();
  }
}

export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, rig?: Rig): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const tail = rig === undefined ? '' : `\nservice output (last lines):\n${rig.output.slice(-40).join('\n')}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function waitForCampaignState(rig: Rig, tenant: Tenant, id: string, state: CampaignState, timeoutMs: number): Promise<Campaign> {
  return waitFor(`campaign ${id} to be ${state}`, timeoutMs, async () => {
    const { campaign } = await tenant.client.getCampaign({ id });
    return campaign?.state === state ? campaign : undefined;
  }, rig);
}

export interface ContactRow {
  readonly phone: string;
  readonly state: string;
  readonly attempts: number;
  readonly nextAttemptAt: Date | null;
}

export async function contactsOf(rig: Rig, campaignId: string): Promise<Map<string, ContactRow>> {
  const { rows } = await rig.sql.query<{ phone_e164: string; state: string; attempt_count: number; next_attempt_at: Date | null }>(
    'SELECT phone_e164, state, attempt_count, next_attempt_at FROM contacts WHERE campaign_id = $1',
    [campaignId],
  );
  return new Map(rows.map((row) => [row.phone_e164, { phone: row.phone_e164, state: row.state, attempts: row.attempt_count, nextAttemptAt: row.next_attempt_at }]));
}

export interface AttemptRow {
  readonly id: string;
  readonly phone: string;
  readonly round: number;
  readonly state: string;
  readonly outcome: string | null;
  readonly createdAt: Date;
  readonly endedAt: Date | null;
}

export async function attemptsOf(rig: Rig, campaignId: string): Promise<AttemptRow[]> {
  const { rows } = await rig.sql.query<{ id: string; phone_e164: string; round: number; state: string; outcome: string | null; created_at: Date; ended_at: Date | null }>(
    `SELECT a.id, c.phone_e164, a.round, a.state, a.outcome, a.created_at, a.ended_at
       FROM attempts a JOIN contacts c ON c.id = a.contact_id WHERE a.campaign_id = $1 ORDER BY c.phone_e164, a.round`,
    [campaignId],
  );
  return rows.map((row) => ({ id: row.id, phone: row.phone_e164, round: row.round, state: row.state, outcome: row.outcome, createdAt: row.created_at, endedAt: row.ended_at }));
}

/** Calls fs-sim placed per number (the switch's own record, independent of the dialer's database). */
export function placedByNumber(sim: FsSim): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of sim.placedCalls()) counts.set(call.number, (counts.get(call.number) ?? 0) + 1);
  return counts;
}

export { CampaignState };
