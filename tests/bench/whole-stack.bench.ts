// The whole stack under load: campaign, dialer and media processes against an fs-sim process, one
// notification campaign paced by its trunks' CPS budget. Reports sustained originates/s, concurrent
// channels, claim→originate and answer→first-prompt latency, event-loop lag, CPU per call of each service
// beside fs-sim's own CPU per call measured in the same run, and calls whose outcome was lost.
// Usage: node --import tsx tests/bench/whole-stack.bench.ts [--rate 200] [--seconds 60] [--warmup 25]
//        [--talk-ms 17000] [--dialers 1] [--node-options "--max-semi-space-size=32"] [--quick] [--out FILE]
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect as natsConnect } from '@nats-io/transport-node';
import pg from 'pg';
import { CampaignClient } from '@ringpace/campaign/client';
import { EslClient } from '@ringpace/esl';
import { createLogger } from '@ringpace/log';
import { CLASSIC_NOTICE_YAML } from '@ringpace/flow';
import { CallerIdMode, CreateCampaignRequest, DialMode, FlowServiceClient, ImportFormat, ImportHeader } from '@ringpace/proto';
import { createTestDatabase, createTestNamespace, freePort, processCpuMs, startStack, testServers, type Stack } from '@ringpace/testing';
import { Metadata, credentials } from '@grpc/grpc-js';
import { chunksOf } from '../e2e/harness.js';
import { fromGrpcError } from '@ringpace/errors';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '25' },
    'talk-ms': { type: 'string', default: '17000' },
    dialers: { type: 'string', default: '1' },
    /** NODE_OPTIONS for the services, as the Helm chart's `nodeOptions` would set them. */
    'node-options': { type: 'string', default: '' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: resolve(root, '.bench-results/whole-stack.json') },
  },
});
const quick = values.quick === true;
const rate = Number(quick ? '50' : values.rate);
const measureSeconds = Number(quick ? '10' : values.seconds);
const warmupSeconds = Number(quick ? '8' : values.warmup);
const talkMs = Number(quick ? '5000' : values['talk-ms']);
const dialers = Number(values.dialers);
const nodeOptions = values['node-options'] ?? '';
const GATEWAYS = ['carrier-a', 'carrier-b'];
const PASSWORD = 'bench-ClueCon';

interface Sample {
  readonly atMs: number;
  readonly channels: number;
  readonly cpuMs: Record<string, number>;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A quantile from a Prometheus histogram's cumulative buckets, interpolated inside the bucket. */
function histogramQuantile(metrics: string, name: string, q: number): number {
  const buckets: Array<{ le: number; count: number }> = [];
  for (const line of metrics.split('\n')) {
    const found = new RegExp(`^${name}_bucket\\{.*le="([^"]+)".*\\} ([0-9.e+-]+)$`).exec(line);
    if (found) buckets.push({ le: found[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(found[1]), count: Number(found[2]) });
  }
  // Several label sets: sum counts per bound.
  const byBound = new Map<number, number>();
  for (const bucket of buckets) byBound.set(bucket.le, (byBound.get(bucket.le) ?? 0) + bucket.count);
  const merged = [...byBound.entries()].sort((a, b) => a[0] - b[0]);
  const total = merged.at(-1)?.[1] ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let previousBound = 0;
  let previousCount = 0;
  for (const [bound, count] of merged) {
    if (count >= rank) {
      if (!Number.isFinite(bound)) return previousBound;
      const share = count === previousCount ? 1 : (rank - previousCount) / (count - previousCount);
      return previousBound + (bound - previousBound) * share;
    }
    previousBound = bound;
    previousCount = count;
  }
  return previousBound;
}

function gauge(metrics: string, name: string): number {
  const found = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(metrics);
  return found ? Number(found[1]) : Number.NaN;
}

async function main(): Promise<void> {
  const servers = await testServers();
  const db = await createTestDatabase();
  const ns = createTestNamespace();
  const work = await mkdtemp(join(os.tmpdir(), 'rp-stack-bench-'));
  const scenarioPath = join(work, 'scenario.json');
  const channelsPerGateway = Math.ceil((rate * (talkMs / 1000 + 8)) / GATEWAYS.length) + 200;
  await writeFile(scenarioPath, JSON.stringify({
    node: { hostname: 'fs-bench', maxSessions: channelsPerGateway * GATEWAYS.length + 1000, sessionsPerSecond: rate * 4 },
    gateways: GATEWAYS.map((name) => ({ name, proxy: '192.0.2.10', maxChannels: channelsPerGateway })),
    callees: [{ match: '*', behaviour: 'answer', ringMs: [2000, 4000], dtmf: [{ afterMs: talkMs, digits: '#' }], hangupAfterMs: talkMs + 30_000 }],
  }));
  const simPort = await freePort();
  const originMs = Date.now();
  const sim = spawn(process.execPath, [join(root, 'packages/fs-sim/dist/bin/fs-sim.js'), '--listen', `127.0.0.1:${simPort}`, '--password', PASSWORD, '--scenario', scenarioPath, '--speed', '1', '--clock-origin', String(originMs), '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const simExit = new Promise((resolveExit) => sim.once('exit', resolveExit));
  let stack: Stack | undefined;
  const sql = new pg.Pool({ connectionString: db.url, max: 2 });
  const probe = new EslClient({ host: '127.0.0.1', port: simPort, password: PASSWORD, logger: createLogger({ service: 'bench', level: 'warn' }), subscription: null });
  try {
    await probe.start(15_000);
    stack = await startStack({
      databaseUrl: db.url, natsUrl: servers.natsUrl, namespace: ns.namespace, clockSpeed: 1, clockOriginMs: originMs,
      nodes: [{ id: 'fs1', host: '127.0.0.1', port: simPort, password: PASSWORD }], dialers, media: 1, logLevel: 'warn',
      env: {
        dialer: { DB_POOL_MAX: '20', ...(nodeOptions === '' ? {} : { NODE_OPTIONS: nodeOptions }) },
        media: nodeOptions === '' ? {} : { NODE_OPTIONS: nodeOptions },
        campaign: nodeOptions === '' ? {} : { NODE_OPTIONS: nodeOptions },
      },
    });
    const operator = new CampaignClient({ address: stack.campaignAddress, credential: stack.adminToken, timeoutMs: 30_000 });
    const { tenant } = await operator.createTenant({ name: `bench ${randomUUID()}` });
    const key = await operator.createApiKey({ tenantId: tenant!.id, name: 'bench' });
    const client = operator.as(key.secret);
    const md = (secret: string) => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${secret}`);
      return metadata;
    };
    const group = await operator.createTrunkGroup({
      tenantId: tenant!.id, name: 'bench', callerIdMode: CallerIdMode.ROTATE,
      trunks: GATEWAYS.map((gateway) => ({ nodeId: 'fs1', gateway, channels: channelsPerGateway, callsPerSecond: Math.ceil(rate / GATEWAYS.length) })),
    });
    const flows = new FlowServiceClient(stack.campaignAddress, credentials.createInsecure());
    const flowId = await new Promise<string>((resolveCall, reject) => {
      flows.createFlow({ requestId: randomUUID(), name: 'notice', definitionJson: CLASSIC_NOTICE_YAML }, md(key.secret), { deadline: new Date(Date.now() + 10_000) }, (error, response) => (error ? reject(fromGrpcError(error)) : resolveCall(response.flow!.id)));
    });
    flows.close();
    const allDay = { windows: [{ start: '00:00', end: '24:00' }] };
    const never = { retry: false, delayMinutes: 0, maxAttempts: 0 };
    const { campaign } = await client.createCampaign(CreateCampaignRequest.fromPartial({
      requestId: randomUUID(), name: 'load', defaultRegion: 'US', timezone: 'America/New_York', callerIds: ['+12125559000', '+12125559001'],
      dialMode: DialMode.NOTIFICATION, maxConcurrentCalls: 0, flowId, flowVersion: 0, trunkGroupId: group.trunkGroup!.id,
      schedule: { monday: allDay, tuesday: allDay, wednesday: allDay, thursday: allDay, friday: allDay, saturday: allDay, sunday: allDay, holidays: [], startDate: '', endDate: '' },
      retryPolicy: { busy: never, noAnswer: never, networkFailure: never, answeredNotConfirmed: never, rejected: never, machine: never, maxAttemptsTotal: 1 },
    }));
    const contacts = Math.ceil(rate * (warmupSeconds + measureSeconds + 10));
    const rows = ['phone,name,amount'];
    for (let i = 0; i < contacts; i += 1) rows.push(`+1212${String(2000000 + i).padStart(7, '0')},Callee ${i},${i % 500}.00`);
    const csv = `${rows.join('\n')}\n`;
    const imported = await client.importContacts(
      ImportHeader.fromPartial({ campaignId: campaign!.id, importId: randomUUID(), format: ImportFormat.CSV, hasHeader: true, columns: { phone: 'phone', name: 'name', fields: { amount: 'amount' } }, listName: 'load.csv', sizeBytes: Buffer.byteLength(csv) }),
      chunksOf(Buffer.from(csv, 'utf8')),
    );
    console.log(`imported ${imported.import?.counts?.accepted} contacts; target ${rate} originates/s through ${GATEWAYS.length} trunks, callees talk ${talkMs / 1000} s`);
    await client.prepareCampaign({ id: campaign!.id });
    await client.startCampaign({ id: campaign!.id });
    const startedMs = Date.now();

    const processes = [...stack.processes];
    const pids = async (): Promise<Record<string, number>> => {
      const cpu: Record<string, number> = {};
      for (const service of processes) cpu[service.name] = await service.totalCpuMs();
      cpu['fs-sim'] = sim.pid === undefined ? 0 : await processCpuMs(sim.pid);
      return cpu;
    };
    const samples: Sample[] = [];
    const lag: Record<string, number[]> = {};
    const endMs = startedMs + (warmupSeconds + measureSeconds) * 1000;
    while (Date.now() < endMs) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 1000));
      const count = await probe.api('show channels count', { timeoutMs: 5_000 });
      const channels = Number(/(\d+) total/.exec(count.body)?.[1] ?? Number.NaN);
      samples.push({ atMs: Date.now(), channels, cpuMs: await pids() });
      if (Date.now() - startedMs >= warmupSeconds * 1000) {
        for (const service of processes) {
          const text = await service.metrics().catch(() => '');
          (lag[service.name] ??= []).push(gauge(text, 'nodejs_eventloop_lag_p99_seconds') * 1000);
        }
      }
      const elapsed = Math.round((Date.now() - startedMs) / 1000);
      if (elapsed % 5 === 0) console.log(`  t=${elapsed}s channels ${channels}`);
    }
    const window = samples.filter((sample) => sample.atMs - startedMs >= warmupSeconds * 1000);
    const first = window[0]!;
    const last = window.at(-1)!;
    const windowStart = new Date(first.atMs);
    const windowEnd = new Date(last.atMs);
    const seconds = (last.atMs - first.atMs) / 1000;
    const latency = await sql.query<{ ms: number }>(
      'SELECT EXTRACT(EPOCH FROM (originated_at - created_at)) * 1000 AS ms FROM attempts WHERE originated_at >= $1 AND originated_at < $2 ORDER BY 1',
      [windowStart, windowEnd],
    );
    const claimMs = latency.rows.map((row) => Number(row.ms));
    const originated = claimMs.length;
    const mediaMetrics = await stack.get('media-1').metrics();
    const answerToPromptP99Ms = histogramQuantile(mediaMetrics, 'ringpace_media_answer_to_prompt_seconds', 0.99) * 1000;
    const answerToPromptP50Ms = histogramQuantile(mediaMetrics, 'ringpace_media_answer_to_prompt_seconds', 0.5) * 1000;

    await client.stopCampaign({ id: campaign!.id, hangUpCalls: true });
    // Every call that was placed must end with a real outcome once the calls are hung up.
    let open = Number.NaN;
    for (let i = 0; i < 60; i += 1) {
      const result = await sql.query<{ open: string }>("SELECT count(*) AS open FROM attempts WHERE state NOT IN ('ended', 'lost')");
      open = Number(result.rows[0]!.open);
      if (open === 0) break;
      await new Promise((resolveWait) => setTimeout(resolveWait, 1000));
    }
    const lostRows = await sql.query<{ lost: string; total: string }>("SELECT count(*) FILTER (WHERE outcome = 'lost' OR state = 'lost') AS lost, count(*) AS total FROM attempts");

    const cpuPerCall: Record<string, number> = {};
    for (const name of Object.keys(last.cpuMs)) cpuPerCall[name] = (last.cpuMs[name]! - first.cpuMs[name]!) / Math.max(1, originated);
    const platformCpuPerCall = Object.entries(cpuPerCall).filter(([name]) => name !== 'fs-sim').reduce((sum, [, ms]) => sum + ms, 0);
    const channelsInWindow = window.map((sample) => sample.channels);
    const result = {
      machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, date: new Date().toISOString(), loadAverage: os.loadavg() },
      settings: { rate, warmupSeconds, measureSeconds, talkMs, dialers, gateways: GATEWAYS.length, channelsPerGateway, nodeOptions },
      originatesPerSecond: originated / seconds,
      channels: { mean: channelsInWindow.reduce((a, b) => a + b, 0) / channelsInWindow.length, peak: Math.max(...channelsInWindow) },
      claimToOriginateMs: { p50: percentile(claimMs, 50), p99: percentile(claimMs, 99), max: claimMs.at(-1) ?? Number.NaN },
      answerToPromptMs: { p50: answerToPromptP50Ms, p99: answerToPromptP99Ms },
      eventLoopLagP99Ms: Object.fromEntries(Object.entries(lag).map(([name, series]) => [name, Math.max(...series.filter(Number.isFinite))])),
      cpuMsPerCall: cpuPerCall,
      platformCpuMsPerCall: platformCpuPerCall,
      fsSimCpuMsPerCall: cpuPerCall['fs-sim'],
      attempts: Number(lostRows.rows[0]!.total),
      lostOutcomes: Number(lostRows.rows[0]!.lost),
      stillOpenAfterStop: open,
    };
    const f = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
    console.log(`\nwhole stack, ${seconds.toFixed(0)} s measured after ${warmupSeconds} s of ramp-up`);
    console.log(`  originates/s sustained     ${f(result.originatesPerSecond)} (target ${rate})`);
    console.log(`  channels held              mean ${f(result.channels.mean, 0)}, peak ${result.channels.peak}`);
    console.log(`  claim → originate          p50 ${f(result.claimToOriginateMs.p50)} ms, p99 ${f(result.claimToOriginateMs.p99)} ms, max ${f(result.claimToOriginateMs.max)} ms`);
    console.log(`  answer → first prompt      p50 ${f(result.answerToPromptMs.p50)} ms, p99 ${f(result.answerToPromptMs.p99)} ms (histogram)`);
    console.log(`  event-loop lag p99 (max)   ${Object.entries(result.eventLoopLagP99Ms).map(([name, ms]) => `${name} ${f(ms)} ms`).join(', ')}`);
    console.log(`  CPU ms per call            ${Object.entries(cpuPerCall).map(([name, ms]) => `${name} ${f(ms, 2)}`).join(', ')}`);
    console.log(`  platform CPU per call      ${f(platformCpuPerCall, 2)} ms, beside fs-sim's ${f(cpuPerCall['fs-sim'] ?? Number.NaN, 2)} ms (ratio ${f(platformCpuPerCall / (cpuPerCall['fs-sim'] ?? Number.NaN), 2)})`);
    console.log(`  lost outcomes              ${result.lostOutcomes} of ${result.attempts} attempts; still open after stop: ${open}`);
    await mkdir(dirname(values.out), { recursive: true });
    await writeFile(values.out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwritten ${values.out}`);
    operator.raw.close();
  } finally {
    probe.close();
    await stack?.stop();
    sim.kill('SIGTERM');
    await simExit;
    await sql.end();
    const nc = await natsConnect({ servers: servers.natsUrl, timeout: 5_000 });
    await ns.cleanup(nc).catch(() => undefined);
    await nc.close();
    await db.drop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
