// The whole platform as processes: campaign, dialer and media started from their built dist/main.js with
// one environment, for the demo, the end-to-end and chaos tests and the load benchmark. Each process can
// be killed, stopped and restarted on its own, and reports its CPU time (Linux /proc).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { AppError } from '@ringpace/errors';

export const ServiceKind = { Campaign: 'campaign', Dialer: 'dialer', Media: 'media' } as const;
export type ServiceKind = (typeof ServiceKind)[keyof typeof ServiceKind];

/** One FreeSWITCH node media controls: fs-sim or a real switch. */
export interface StackNode {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly password: string;
}

export interface StackOptions {
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly namespace: string;
  /** Simulated ms per real ms, shared with fs-sim (`--speed`). */
  readonly clockSpeed?: number;
  /** The shared clock origin (epoch ms), shared with fs-sim (`--clock-origin`). */
  readonly clockOriginMs?: number;
  readonly nodes: readonly StackNode[];
  /** Dialer pods; default 1. */
  readonly dialers?: number;
  /** Media instances, each serving every node (a queue group per node); default 1. */
  readonly media?: number;
  readonly logLevel?: string;
  /** Extra environment per kind, applied over the stack's own. */
  readonly env?: Partial<Record<ServiceKind, Readonly<Record<string, string>>>>;
  /** Each output line of each process, e.g. to a log file; default: dropped. */
  readonly onOutput?: (process: string, line: string) => void;
  /** How long a process may take to answer on its ports; default 30 s. */
  readonly startTimeoutMs?: number;
  /** The repository root; default: found from this file. */
  readonly root?: string;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  /** "campaign", "dialer-1", "media-2", … */
  readonly name: string;
  readonly kind: ServiceKind;
  readonly metricsUrl: string;
  pid(): number | undefined;
  running(): boolean;
  /** Resolves when the current child exits. */
  exited(): Promise<ProcessExit>;
  /** Sends the signal (default SIGKILL: a crash) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<ProcessExit>;
  /** SIGTERM, and SIGKILL after `graceMs` (default 15 s). */
  stop(graceMs?: number): Promise<ProcessExit>;
  /** Starts it again with the same environment and ports, and waits until it answers. */
  restart(): Promise<void>;
  /** User + system CPU time of the current child, ms (0 when it is not running). */
  cpuMs(): Promise<number>;
  /** CPU time of every child this process ran, the current one included, ms. */
  totalCpuMs(): Promise<number>;
  /** Text of its Prometheus /metrics. */
  metrics(timeoutMs?: number): Promise<string>;
}

export interface Stack {
  readonly campaignAddress: string;
  readonly adminToken: string;
  readonly processes: readonly ServiceProcess[];
  get(name: string): ServiceProcess;
  /** Starts one more dialer or media process. */
  add(kind: Exclude<ServiceKind, 'campaign'>): Promise<ServiceProcess>;
  /** Stops every process (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
}

export class StackStartError extends AppError {
  override readonly name = 'StackStartError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, { code: 'UNAVAILABLE', retryable: false, ...options });
  }
}

const DEFAULT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLOCK_TICKS_PER_SECOND = 100;

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tcpAnswers(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** CPU time of a live process from /proc/<pid>/stat (utime + stime), ms; 0 when unreadable. */
export async function processCpuMs(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields count from after the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return 0;
    return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

interface ProcessSpec {
  readonly name: string;
  readonly kind: ServiceKind;
  readonly env: Readonly<Record<string, string>>;
  readonly metricsPort: number;
  /** Ports that must accept connections before the process counts as started. */
  readonly readyPorts: readonly number[];
}

function createServiceProcess(spec: ProcessSpec, root: string, options: StackOptions): ServiceProcess {
  let child: ChildProcess | undefined;
  let exit: Promise<ProcessExit> = Promise.resolve({ code: null, signal: null });
  let exitedCpuMs = 0;
  let lastCpuMs = 0;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const metricsUrl = `http://127.0.0.1:${spec.metricsPort}/metrics`;

  const launch = async (): Promise<void> => {
    const script = `${root}services/${spec.kind}/dist/main.js`;
    const started = spawn(process.execPath, [script], { env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    lastCpuMs = 0;
    let tail = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-4_000);
      if (options.onOutput) for (const line of text.split('\n')) if (line !== '') options.onOutput(spec.name, line);
    };
    started.stdout?.on('data', onData);
    started.stderr?.on('data', onData);
    exit = new Promise((resolve) => {
      started.once('exit', (code, signal) => {
        exitedCpuMs += lastCpuMs;
        lastCpuMs = 0;
        resolve({ code, signal });
      });
    });
    const deadline = Date.now() + startTimeoutMs;
    for (const port of spec.readyPorts) {
      for (;;) {
        if (started.exitCode !== null || started.signalCode !== null) {
          throw new StackStartError(`${spec.name} exited during start-up (code ${started.exitCode}):\n${tail}`);
        }
        if (await tcpAnswers('127.0.0.1', port, 500)) break;
        if (Date.now() > deadline) {
          started.kill('SIGKILL');
          throw new StackStartError(`${spec.name} did not answer on port ${port} within ${startTimeoutMs} ms:\n${tail}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };

  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const cpuMs = async (): Promise<number> => {
    const pid = child?.pid;
    if (pid === undefined || !running()) return 0;
    const now = await processCpuMs(pid);
    if (now > 0) lastCpuMs = now;
    return lastCpuMs;
  };

  const handle: ServiceProcess & { launch: () => Promise<void> } = {
    name: spec.name,
    kind: spec.kind,
    metricsUrl,
    pid: () => child?.pid,
    running,
    exited: () => exit,
    launch,
    async kill(signal = 'SIGKILL') {
      if (!running()) return exit;
      await cpuMs();
      child?.kill(signal);
      return exit;
    },
    async stop(graceMs = 15_000) {
      if (!running()) return exit;
      await cpuMs();
      child?.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), graceMs);
      const result = await exit;
      clearTimeout(timer);
      return result;
    },
    async restart() {
      if (running()) await handle.stop();
      await launch();
    },
    cpuMs,
    async totalCpuMs() {
      return exitedCpuMs + (await cpuMs());
    },
    async metrics(timeoutMs = 3_000) {
      const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new StackStartError(`${spec.name} /metrics answered ${response.status}`);
      return response.text();
    },
  };
  return handle;
}

/** Starts campaign, then media, then the dialers, each once it can answer; stops all on failure. */
export async function startStack(options: StackOptions): Promise<Stack> {
  if (options.nodes.length === 0) throw new StackStartError('a stack needs at least one FreeSWITCH node');
  const root = options.root ?? DEFAULT_ROOT;
  const adminToken = randomBytes(24).toString('base64url');
  const common: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    NATS_URL: options.natsUrl,
    BUS_NAMESPACE: options.namespace,
    LOG_LEVEL: options.logLevel ?? 'warn',
    CLOCK_SPEED: String(options.clockSpeed ?? 1),
    ...(options.clockOriginMs === undefined ? {} : { CLOCK_ORIGIN_MS: String(options.clockOriginMs) }),
  };
  const mediaNodes = JSON.stringify(options.nodes.map((node) => ({ id: node.id, host: node.host, port: node.port, password: node.password })));
  const processes: (ServiceProcess & { launch: () => Promise<void> })[] = [];
  const counters: Record<ServiceKind, number> = { campaign: 0, dialer: 0, media: 0 };

  const make = async (kind: ServiceKind): Promise<ServiceProcess & { launch: () => Promise<void> }> => {
    counters[kind] += 1;
    const name = kind === 'campaign' ? 'campaign' : `${kind}-${counters[kind]}`;
    const metricsPort = await freePort();
    const env: Record<string, string> = { ...common, METRICS_LISTEN: `127.0.0.1:${metricsPort}` };
    const readyPorts = [metricsPort];
    if (kind === 'campaign') {
      env.GRPC_LISTEN = `127.0.0.1:${campaignPort}`;
      env.ADMIN_TOKEN = adminToken;
      readyPorts.push(campaignPort);
    } else if (kind === 'media') {
      env.MEDIA_NODES = mediaNodes;
    } else {
      env.DIALER_POD_ID = name;
    }
    Object.assign(env, options.env?.[kind] ?? {});
    const created = createServiceProcess({ name, kind, env, metricsPort, readyPorts }, root, options) as ServiceProcess & { launch: () => Promise<void> };
    processes.push(created);
    await created.launch();
    return created;
  };

  const campaignPort = await freePort();
  const stopAll = async () => {
    await Promise.all(processes.map((p) => p.stop()));
  };
  try {
    await make('campaign');
    for (let i = 0; i < (options.media ?? 1); i += 1) await make('media');
    for (let i = 0; i < (options.dialers ?? 1); i += 1) await make('dialer');
  } catch (error) {
    await stopAll();
    throw error;
  }

  return {
    campaignAddress: `127.0.0.1:${campaignPort}`,
    adminToken,
    processes,
    get(name) {
      const found = processes.find((p) => p.name === name);
      if (found === undefined) throw new StackStartError(`no process "${name}" in the stack (${processes.map((p) => p.name).join(', ')})`);
      return found;
    },
    add: (kind) => make(kind),
    stop: stopAll,
  };
}
