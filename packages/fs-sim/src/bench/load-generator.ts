// The bench's load generator: one raw event-socket connection that sends `bgapi originate` open-loop at a
// fixed rate and reads the events back with as little work as it can (frames split by Content-Length, only
// Event-Name, Job-UUID and the job's result looked at), so that what is measured is the simulator.
import { randomUUID } from 'node:crypto';
import net from 'node:net';

export interface LoadPhase {
  readonly port: number;
  readonly password: string;
  /** Originates per second, sent in small batches every few milliseconds. */
  readonly rate: number;
  readonly seconds: number;
  readonly holdMs: number;
  readonly ringMs: number;
  /** The `event ...` command; BACKGROUND_JOB alone when undefined. */
  readonly subscription: string | undefined;
}

export interface LoadResult {
  readonly sent: number;
  readonly jobsDone: number;
  readonly answered: number;
  readonly failed: number;
  readonly failures: Record<string, number>;
  readonly destroyed: number;
  readonly sentPerSecond: number;
  /** Calls answered (+OK jobs) per second over the sending window. */
  readonly answeredPerSecond: number;
  /** From the bgapi being written to its BACKGROUND_JOB: ring time plus every delay on the way. */
  readonly jobLatencyP50Ms: number;
  readonly jobLatencyP99Ms: number;
  readonly jobLatencyMaxMs: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly bytesPerSecond: number;
  readonly totalMs: number;
  readonly clientCpuMs: number;
  /** The switch closed the connection before the phase ended (e.g. the client fell too far behind). */
  readonly connectionLost: boolean;
}

const SEND_TICK_MS = 5;

export async function runLoad(phase: LoadPhase): Promise<LoadResult> {
  const cpuBefore = process.cpuUsage();
  const socket = net.connect(phase.port, '127.0.0.1');
  socket.setNoDelay(true);
  const reader = new FrameReader();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let answered = 0;
  let destroyed = 0;
  let events = 0;
  let bytes = 0;
  let replies = 0;
  let wake: (() => void) | undefined;
  const poke = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  let closed = false;
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed = true;
    poke();
  });
  socket.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    for (const frame of reader.push(chunk)) {
      if (frame.type === 'command/reply' || frame.type === 'auth/request') {
        replies++;
      } else if (frame.type === 'text/event-plain') {
        events++;
        const name = headerOf(frame.body, 'Event-Name');
        if (name === 'BACKGROUND_JOB') {
          const job = headerOf(frame.body, 'Job-UUID') ?? '';
          const started = sentAt.get(job);
          if (started !== undefined) {
            sentAt.delete(job);
            latencies.push(performance.now() - started);
            const result = frame.body.slice(frame.body.indexOf('\n\n') + 2);
            if (result.startsWith('+OK')) answered++;
            else failures[result.trim()] = (failures[result.trim()] ?? 0) + 1;
          }
        } else if (name === 'CHANNEL_DESTROY') {
          destroyed++;
        }
      }
    }
    poke();
  });
  const until = async (done: () => boolean, timeoutMs: number): Promise<boolean> => {
    const deadline = performance.now() + timeoutMs;
    while (!done()) {
      if (closed || performance.now() > deadline) return false;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
    return true;
  };

  await until(() => replies >= 1, 5000);
  socket.write(`auth ${phase.password}\n\n`);
  await until(() => replies >= 2, 5000);
  socket.write(`${phase.subscription ?? 'event plain BACKGROUND_JOB'}\n\n`);
  await until(() => replies >= 3, 5000);

  const total = Math.round(phase.rate * phase.seconds);
  const startedAt = performance.now();
  let sent = 0;
  let number = 0;
  while (sent < total && !closed) {
    const due = Math.min(total, Math.floor((phase.rate * (performance.now() - startedAt)) / 1000));
    let batch = '';
    const now = performance.now();
    for (; sent < due; sent++) {
      const job = randomUUID();
      sentAt.set(job, now);
      batch += `bgapi originate {origination_uuid=${randomUUID()}}sofia/gateway/carrier/1555${String(number++ % 10_000_000).padStart(7, '0')} &park()\nJob-UUID: ${job}\n\n`;
    }
    if (batch !== '') socket.write(batch);
    await new Promise((resolve) => setTimeout(resolve, SEND_TICK_MS));
  }
  const sendWindowMs = performance.now() - startedAt;
  const ringMaxMs = phase.ringMs * 1.5 + 100;
  await until(() => sentAt.size === 0, ringMaxMs + 30_000);
  const watchesDestroy = phase.subscription?.includes('CHANNEL_DESTROY') === true || phase.subscription?.includes('ALL') === true;
  if (watchesDestroy) await until(() => destroyed >= answered + sumOf(failures), phase.holdMs + ringMaxMs + 30_000);
  else if (!closed) await new Promise((resolve) => setTimeout(resolve, phase.holdMs + ringMaxMs));
  const totalMs = performance.now() - startedAt;
  socket.end('exit\n\n');

  latencies.sort((a, b) => a - b);
  const cpu = process.cpuUsage(cpuBefore);
  const at = (q: number): number => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    sent,
    jobsDone: latencies.length,
    answered,
    failed: sumOf(failures),
    failures,
    destroyed,
    sentPerSecond: (sent * 1000) / sendWindowMs,
    answeredPerSecond: (answered * 1000) / sendWindowMs,
    jobLatencyP50Ms: at(0.5),
    jobLatencyP99Ms: at(0.99),
    jobLatencyMaxMs: Math.round(latencies.at(-1) ?? 0),
    events,
    eventsPerSecond: (events * 1000) / totalMs,
    bytesPerSecond: (bytes * 1000) / totalMs,
    totalMs: Math.round(totalMs),
    clientCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    connectionLost: closed,
  };
}

function sumOf(record: Record<string, number>): number {
  return Object.values(record).reduce((sum, n) => sum + n, 0);
}

/** The value of a plain header, URL-encoded as it is (names and uuids need no decoding). */
function headerOf(text: string, name: string): string | undefined {
  const key = `${name}: `;
  let start: number;
  if (text.startsWith(key)) {
    start = key.length;
  } else {
    const at = text.indexOf(`\n${key}`);
    if (at < 0) return undefined;
    start = at + 1 + key.length;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end);
}

interface Frame {
  readonly type: string;
  readonly body: string;
}

/** Outer frames: headers to a blank line, then Content-Length bytes of body. */
class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Frame[] = [];
    let offset = 0;
    for (;;) {
      const end = this.buffer.indexOf('\n\n', offset);
      if (end < 0) break;
      const head = this.buffer.toString('latin1', offset, end);
      const length = Number(headerOf(head, 'Content-Length') ?? '0');
      if (end + 2 + length > this.buffer.length) break;
      frames.push({ type: headerOf(head, 'Content-Type') ?? '', body: this.buffer.toString('utf8', end + 2, end + 2 + length) });
      offset = end + 2 + length;
    }
    this.buffer = this.buffer.subarray(offset);
    return frames;
  }
}
