// Benchmark: how many originates a second fs-sim sustains, and how many channels it carries, on this machine.
// The simulator runs in this process (so process.cpuUsage() is its cost); a minimal raw-socket load
// generator runs in a child process and sends `bgapi originate {origination_uuid=...}sofia/gateway/... &park()`
// open-loop at a fixed rate, subscribed to events as a dialer would be. Callees answer after a ring and stay
// up for a while, so channels pile up to rate × (ring + hold).
// Run: npx tsx packages/fs-sim/src/bench/originate.bench.ts [--rate 200] [--seconds 30] [--hold-ms 20000]
//        [--ramp 400,800,1200] [--ramp-seconds 10] [--ramp-hold-ms 5000] [--events ALL|CALL|JOB] [--out FILE]
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type FsSim, startFsSim } from '../sim/start-fs-sim.js';
import { type LoadPhase, type LoadResult, runLoad } from './load-generator.js';

const here = fileURLToPath(import.meta.url);
const repoRoot = resolve(dirname(here), '../../../..');

const { values } = parseArgs({
  options: {
    client: { type: 'boolean', default: false },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '30' },
    'hold-ms': { type: 'string', default: '20000' },
    'ring-ms': { type: 'string', default: '1000' },
    ramp: { type: 'string', default: '400,800,1200' },
    'ramp-seconds': { type: 'string', default: '10' },
    'ramp-hold-ms': { type: 'string', default: '5000' },
    events: { type: 'string', default: 'ALL' },
    out: { type: 'string', default: resolve(repoRoot, '.bench-results/fs-sim.json') },
  },
});

/** What the load generator subscribes to: everything, a dialer's call events, or nothing. */
const SUBSCRIPTIONS: Record<string, string | undefined> = {
  ALL: 'event plain ALL',
  CALL: 'event plain BACKGROUND_JOB CHANNEL_CREATE CHANNEL_PROGRESS CHANNEL_PROGRESS_MEDIA CHANNEL_ANSWER CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE CHANNEL_DESTROY CHANNEL_EXECUTE_COMPLETE DTMF PLAYBACK_START PLAYBACK_STOP',
  JOB: undefined,
};

interface PhaseReport extends LoadResult {
  readonly name: string;
  readonly offeredPerSecond: number;
  readonly holdMs: number;
  readonly peakChannels: number;
  readonly simCpuMs: number;
  readonly simCpuMsPerCall: number;
  readonly simCpuPercentOfOneCore: number;
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  readonly rssMb: number;
}

if (values.client) {
  // The child: wait for a phase from the parent, run it, send the result back.
  process.on('message', (phase: LoadPhase) => {
    void runLoad(phase).then((result) => process.send?.(result));
  });
} else {
  await main();
}

async function main(): Promise<void> {
  const ringMs = Number(values['ring-ms']);
  const phases: Array<{ name: string; rate: number; seconds: number; holdMs: number }> = [
    { name: 'target', rate: Number(values.rate), seconds: Number(values.seconds), holdMs: Number(values['hold-ms']) },
    ...values.ramp.split(',').filter((rate) => rate !== '').map((rate) => ({
      name: `ramp ${rate}/s`, rate: Number(rate), seconds: Number(values['ramp-seconds']), holdMs: Number(values['ramp-hold-ms']),
    })),
  ];
  const subscription = SUBSCRIPTIONS[values.events.toUpperCase()];
  const child = fork(here, ['--client'], { execArgv: process.execArgv, stdio: 'inherit' });
  const reports: PhaseReport[] = [];
  try {
    for (const phase of phases) {
      const sim = await startFsSim({ password: 'bench', scenario: scenarioFor(ringMs, phase.holdMs) });
      try {
        reports.push(await measure(sim, child, { ...phase, port: sim.port, password: 'bench', subscription, ringMs }));
      } finally {
        await sim.stop();
      }
      printTable(reports, values.events.toUpperCase());
    }
  } finally {
    child.kill();
  }
  const result = {
    benchmark: 'fs-sim originate',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    options: { ringMs, events: values.events.toUpperCase() },
    phases: reports,
  };
  await mkdir(dirname(values.out), { recursive: true });
  await writeFile(values.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten ${values.out}`);
}

function scenarioFor(ringMs: number, holdMs: number): Parameters<typeof startFsSim>[0]['scenario'] {
  return {
    node: { maxSessions: 100_000, sessionsPerSecond: 100_000 },
    gateways: [{ name: 'carrier', proxy: '192.0.2.10', latencyMs: 10 }],
    callees: [{ match: '1*', behaviour: 'answer', ringMs: [Math.round(ringMs / 2), Math.round(ringMs * 1.5)], hangupAfterMs: holdMs }],
  };
}

async function measure(sim: FsSim, child: ChildProcess, phase: LoadPhase & { name: string }): Promise<PhaseReport> {
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  let peakChannels = 0;
  const sampler = setInterval(() => {
    peakChannels = Math.max(peakChannels, sim.channelCount());
  }, 50);
  const result = new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (message: LoadResult) => resolve(message));
    child.once('exit', (code) => reject(new Error(`the load generator exited (${code})`)));
  });
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  loopDelay.enable();
  child.send(phase);
  const load = await result;
  loopDelay.disable();
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - wallBefore;
  const simCpuMs = (cpu.user + cpu.system) / 1000;
  return {
    ...load,
    name: phase.name,
    offeredPerSecond: phase.rate,
    holdMs: phase.holdMs,
    peakChannels,
    simCpuMs: round(simCpuMs),
    simCpuMsPerCall: round(simCpuMs / Math.max(1, load.jobsDone)),
    simCpuPercentOfOneCore: round((100 * simCpuMs) / wallMs),
    eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
    eventLoopDelayMaxMs: round(loopDelay.max / 1e6),
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function printTable(reports: readonly PhaseReport[], events: string): void {
  const rows = reports.map((r) => [
    r.name, `${r.offeredPerSecond}`, r.sentPerSecond.toFixed(1), r.answeredPerSecond.toFixed(1), `${r.failed}`, `${r.peakChannels}`,
    `${r.jobLatencyP50Ms}`, `${r.jobLatencyP99Ms}`, r.simCpuMsPerCall.toFixed(2), `${r.simCpuPercentOfOneCore.toFixed(0)}%`,
    `${r.eventLoopDelayP99Ms}`, `${Math.round(r.eventsPerSecond)}`, (r.bytesPerSecond / 2 ** 20).toFixed(1), `${r.rssMb}`,
    (r.clientCpuMs / Math.max(1, r.jobsDone)).toFixed(2), r.connectionLost ? 'LOST' : 'ok',
  ]);
  const head = ['phase', 'offered/s', 'sent/s', 'answered/s', 'failed', 'peak ch', 'job p50 ms', 'job p99 ms', 'CPU ms/call', 'CPU', 'loop p99 ms', 'events/s', 'MB/s', 'RSS MB', 'gen CPU ms/call', 'conn'];
  const widths = head.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(`\nfs-sim originate bench, events subscribed: ${events}`);
  console.log(line(head));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}
