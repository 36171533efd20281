import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { trace } from '@opentelemetry/api';
import { ManualClock } from '@ringpace/clock';
import { AppError } from '@ringpace/errors';
import { silentLogger } from '@ringpace/log';
import { CreateCampaignRequest } from '@ringpace/proto';
import { createTestDatabase, createTestNamespace, testNatsServer, type TestDatabase } from '@ringpace/testing';
import { CampaignClient } from './client.js';
import type { Outbox } from '@ringpace/outbox';
import { CAMPAIGN_SERVICE_NAME, createServer } from './server.js';
import { startHarness, type Harness } from './test-harness.js';

const identity = (buffer: Buffer) => buffer;

function rawUnary(address: string, path: string, request: Buffer): Promise<Buffer> {
  const client = new Client(address, credentials.createInsecure());
  return new Promise<Buffer>((resolve, reject) => {
    client.makeUnaryRequest(path, identity, identity, request, new Metadata(), { deadline: Date.now() + 5_000 }, (error: ServiceError | null, response?: Buffer) => {
      client.close();
      if (error || !response) reject(error ?? new Error('no response'));
      else resolve(response);
    });
  });
}

function reflectionServices(address: string): Promise<string> {
  const client = new Client(address, credentials.createInsecure());
  return new Promise<string>((resolve, reject) => {
    const call = client.makeBidiStreamRequest('/grpc.reflection.v1.ServerReflection/ServerReflectionInfo', identity, identity, new Metadata(), { deadline: Date.now() + 5_000 });
    const chunks: Buffer[] = [];
    call.on('data', (chunk: Buffer) => chunks.push(chunk));
    call.on('error', (error: Error) => { client.close(); reject(error); });
    call.on('end', () => { client.close(); resolve(Buffer.concat(chunks).toString('latin1')); });
    // ServerReflectionRequest { list_services = "" } (field 7, length-delimited, empty).
    call.write(Buffer.from([0x3a, 0x00]));
    call.end();
  });
}

describe('campaign service › health and reflection', () => {
  let harness: Harness;
  beforeAll(async () => { harness = await startHarness(); });
  afterAll(() => harness.close());

  it('health › the overall and the CampaignService status are SERVING', async () => {
    // HealthCheckResponse { status = SERVING (1) } is the two bytes 08 01.
    expect(await rawUnary(harness.address, '/grpc.health.v1.Health/Check', Buffer.alloc(0))).toEqual(Buffer.from([0x08, 0x01]));
    const named = Buffer.concat([Buffer.from([0x0a, CAMPAIGN_SERVICE_NAME.length]), Buffer.from(CAMPAIGN_SERVICE_NAME)]);
    expect(await rawUnary(harness.address, '/grpc.health.v1.Health/Check', named)).toEqual(Buffer.from([0x08, 0x01]));
  });

  it('reflection › lists the CampaignService, so grpcurl needs no proto files', async () => {
    const listing = await reflectionServices(harness.address);
    expect(listing).toContain(CAMPAIGN_SERVICE_NAME);
    expect(listing).toContain('grpc.health.v1.Health');
  });
});

describe('campaign service › drain', () => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(() => database.drop());

  async function serverWithSlowEvents(delayMs: number) {
    const adminToken = randomBytes(24).toString('base64url');
    // An outbox whose publishing is slow keeps CreateCampaign in flight for delayMs.
    const slowOutbox: Outbox = {
      enqueue: () => Promise.resolve(),
      enqueueSql: () => Promise.resolve(),
      flush: () => new Promise((resolve) => setTimeout(() => resolve(0), delayMs)),
      relay: () => Promise.resolve(),
    };
    const server = createServer({ prisma: database.db.prisma, pool: database.db.pool, clock: new ManualClock(), log: silentLogger(), tracer: trace.getTracer('test'), adminToken, outbox: slowOutbox });
    const port = await server.listen('127.0.0.1:0');
    const operator = new CampaignClient({ address: `127.0.0.1:${port}`, credential: adminToken });
    const { tenant } = await operator.createTenant({ name: `drain-${randomBytes(4).toString('hex')}` });
    const { secret } = await operator.createApiKey({ tenantId: tenant!.id, name: 'drain' });
    return { server, client: operator.as(secret), operator };
  }

  const request = { ...CreateCampaignRequest.fromPartial({}), name: 'in flight', defaultRegion: 'CN', timezone: 'Asia/Shanghai' };

  it('shutdown › a call in flight finishes before the server stops; new calls are refused', async () => {
    const { server, client, operator } = await serverWithSlowEvents(400);
    const inFlight = client.createCampaign(request);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopping = server.shutdown(5_000);
    const late = client.createCampaign(request).then(() => 'accepted', (error: unknown) => (error instanceof AppError ? error.code : 'other'));
    await expect(inFlight).resolves.toMatchObject({ campaign: { name: 'in flight' } });
    await expect(stopping).resolves.toEqual({ drained: true });
    expect(await late).toBe('UNAVAILABLE');
    operator.close();
  });

  it('shutdown › a call that outlives the drain timeout is cut off and the server still stops', async () => {
    const { server, client, operator } = await serverWithSlowEvents(3_000);
    const inFlight = client.createCampaign(request).then(() => 'finished', (error: unknown) => (error instanceof AppError ? error.code : 'other'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(server.shutdown(200)).resolves.toEqual({ drained: false });
    expect(await inFlight).not.toBe('finished');
    operator.close();
  });
});

describe('campaign service › process', () => {
  const mainJs = fileURLToPath(new URL('../dist/main.js', import.meta.url));

  function run(env: Record<string, string>, onStdout?: (line: string, child: ReturnType<typeof spawn>) => void) {
    const child = spawn(process.execPath, [mainJs], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const line of chunk.toString().split('\n').filter(Boolean)) onStdout?.(line, child);
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    });
  }

  it('main › a bad environment stops the service at start with every bad variable named', async () => {
    const result = await run({ DATABASE_URL: 'mysql://db/x', NATS_URL: 'localhost:4222', GRPC_LISTEN: 'everywhere', ADMIN_TOKEN: 'short', DRAIN_TIMEOUT_MS: 'soon', LOG_LEVEL: 'loud' });
    expect(result.code).toBe(2);
    for (const variable of ['DATABASE_URL', 'NATS_URL', 'GRPC_LISTEN', 'ADMIN_TOKEN', 'DRAIN_TIMEOUT_MS', 'LOG_LEVEL']) expect(result.stderr).toContain(`${variable}:`);
    expect(result.stderr).toContain('6 problems');
  });

  it('main › SIGTERM drains and exits 0', async () => {
    const database = await createTestDatabase();
    const nats = await testNatsServer();
    const namespace = createTestNamespace();
    try {
      const result = await run(
        { DATABASE_URL: database.url, NATS_URL: nats.url, GRPC_LISTEN: '127.0.0.1:0', ADMIN_TOKEN: randomBytes(24).toString('base64url'), BUS_NAMESPACE: namespace.namespace },
        (line, child) => { if (line.includes('campaign service listening')) child.kill('SIGTERM'); },
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('"msg":"draining"');
      expect(result.stdout).toContain('"drained":true');
    } finally {
      const { connect } = await import('@nats-io/transport-node');
      const nc = await connect({ servers: nats.url });
      await namespace.cleanup(nc);
      await nc.close();
      await database.drop();
    }
  });
});
