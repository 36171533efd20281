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
}

export interface ReplayResult {
  readonly captured: WireFrame[];
  readonly simulated: WireFrame[];
  readonly closedBySimulator: boolean;
}

export async function replayCapture(records: readonly CaptureRecord[], options: ReplayOptions): Promise<ReplayResult> {
  const captured: WireFrame[] = [];
  const capturedSplitter = new FrameSplitter();
  const writes: Array<{ data: Buffer; framesBefore: number }> = [];
  for (const record of records) {
    if (record.dir === '<') captured.push(...capturedSplitter.push(record.data));
    if (record.dir === '>') writes.push({ data: record.data, framesBefore: captured.length });
  }

  const socket = net.connect(options.port, options.host ?? '127.0.0.1');
  const simulated: WireFrame[] = [];
  const splitter = new FrameSplitter();
  let closed = false;
  let wake: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    simulated.push(...splitter.push(chunk));
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
    while (simulated.length < count && !closed && Date.now() < deadline) {
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
    await waitForFrames(write.framesBefore);
    if (closed) break;
    const data = options.rewrite ? options.rewrite(write.data, index) : write.data;
    if (data !== undefined) socket.write(data);
  }
  await waitForFrames(captured.length);
  // Anything the simulator writes beyond the recording shows up as a difference too.
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
  return { captured, simulated, closedBySimulator: closed };
}
