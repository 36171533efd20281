// Drives a simulated switch with the client bytes of a capture: each client write is sent once the switch has
// written as many frames as FreeSWITCH had when the recorder wrote it, so replies, events and their order can be
// compared frame by frame with the recording.
import net from 'node:net';
import { type CaptureRecord } from './capture.js';
import { FrameSplitter, type WireFrame } from './frame-splitter.js';

export interface ReplayOptions {
  readonly port: number;
  readonly host?: string;
  /** Rewrites (or with undefined, drops) a client write before it is sent. */
  readonly rewrite?: (data: Buffer, index: number) => Buffer | undefined;
  /** How long to wait for the switch to reach a point of the recording, in real milliseconds. */
  readonly stepTimeoutMs?: number;
  /** Which recorded / simulated frames count when pacing the client (default: all of them). */
  readonly countsCaptured?: (frame: WireFrame) => boolean;
  readonly countsSimulated?: (frame: WireFrame) => boolean;
  /**
   * The simulator's speed: each write also waits until as much simulated time has passed since the connect as
   * had passed in the recording, so what the recorder waited for (a hangup to finish, a timeout) happens too.
   */
  readonly speed?: number;
}

export interface ReplayResult {
  readonly captured: WireFrame[];
  readonly simulated: WireFrame[];
  readonly closedBySimulator: boolean;
}

export async function replayCapture(records: readonly CaptureRecord[], options: ReplayOptions): Promise<ReplayResult> {
  const captured: WireFrame[] = [];
  const capturedSplitter = new FrameSplitter();
  const writes: Array<{ data: Buffer; framesBefore: number; tMs: number }> = [];
  const countsCaptured = options.countsCaptured ?? (() => true);
  const countsSimulated = options.countsSimulated ?? (() => true);
  let capturedCount = 0;
  for (const record of records) {
    if (record.dir === '<') {
      const frames = capturedSplitter.push(record.data);
      captured.push(...frames);
      capturedCount += frames.filter(countsCaptured).length;
    }
    if (record.dir === '>') writes.push({ data: record.data, framesBefore: capturedCount, tMs: record.tMs });
  }

  const socket = net.connect(options.port, options.host ?? '127.0.0.1');
  const connectedAt = Date.now();
  const simulated: WireFrame[] = [];
  const splitter = new FrameSplitter();
  let simulatedCount = 0;
  let closed = false;
  let wake: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    const frames = splitter.push(chunk);
    simulated.push(...frames);
    simulatedCount += frames.filter(countsSimulated).length;
    wake?.();
  });
  socket.on('close', () => {
    closed = true;
    wake?.();
  });
  socket.on('error', () => undefined);
  const stepTimeoutMs = options.stepTimeoutMs ?? 10_000;

  const waitForFrames = async (count: number): Promise<void> => {
    const deadline = Date.now() + stepTimeoutMs;
    while (simulatedCount < count && !closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  };

  for (const [index, write] of writes.entries()) {
    if (options.speed !== undefined) {
      const due = connectedAt + write.tMs / options.speed;
      if (Date.now() < due) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    }
    await waitForFrames(write.framesBefore);
    if (closed) break;
    const data = options.rewrite ? options.rewrite(write.data, index) : write.data;
    if (data !== undefined) socket.write(data);
  }
  await waitForFrames(capturedCount);
  // Anything the simulator writes beyond the recording shows up as a difference too.
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
  return { captured, simulated, closedBySimulator: closed };
}
