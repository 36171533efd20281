// A TCP server for client tests that plays FreeSWITCH from a capture: it writes the recorded server
// bytes in order, and wherever the recorder wrote a command it waits for the client to write one and
// checks it is the same command. So events land between a command and its reply exactly as recorded.
import { createServer, type Server, type Socket } from 'node:net';
import type { CaptureRecord } from '../capture/capture-file.js';
import { FrameSplitter, type RawFrame } from '../protocol/frame-splitter.js';

export interface ReplayScript {
  readonly records: readonly CaptureRecord[];
  /** Write only this many server bytes, then drop the connection (a disconnect in the middle of a frame). */
  readonly cutAfterServerBytes?: number;
  /** Replay only the records before this index, then go quiet with the socket open (a stalled server). */
  readonly stopAtRecord?: number;
  /** Wait for the recorded gaps between server chunks, divided by this factor; default: no waiting. */
  readonly speed?: number;
}

export interface ReplayServer {
  readonly port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** The commands each connection received, as `command` plus header lines. */
  readonly received: string[][];
  /** Commands that differed from the recorded ones (the Job-UUID header aside, which the client chooses). */
  readonly mismatches: string[];
  close(): Promise<void>;
}

/** The command as text without Job-UUID (ours is random, the recorder's absent or different). */
function normalize(frame: RawFrame): string {
  const headers = Object.entries(frame.headers)
    .filter(([name]) => name !== 'Job-UUID')
    .map(([name, value]) => `${name}: ${value}`);
  return [frame.command ?? '', ...headers].join('\n');
}

function splitCommands(data: Buffer): RawFrame[] {
  return new FrameSplitter({ commands: true }).push(data).frames;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class ClientCommands {
  private readonly splitter = new FrameSplitter({ commands: true });
  private readonly queue: RawFrame[] = [];
  private waiter: ((frame: RawFrame | undefined) => void) | undefined;
  private ended = false;

  constructor(socket: Socket, log: string[]) {
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.splitter.push(chunk).frames) {
        log.push(normalize(frame));
        this.queue.push(frame);
      }
      this.flush();
    });
    socket.on('close', () => {
      this.ended = true;
      this.flush();
    });
  }

  next(): Promise<RawFrame | undefined> {
    return new Promise((resolve) => {
      this.waiter = resolve;
      this.flush();
    });
  }

  private flush(): void {
    if (this.waiter === undefined) return;
    const frame = this.queue.shift();
    if (frame === undefined && !this.ended) return;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter(frame);
  }
}

async function play(socket: Socket, script: ReplayScript, log: string[], mismatches: string[], index: number): Promise<void> {
  const commands = new ClientCommands(socket, log);
  let written = 0;
  let lastMs = 0;
  const records = script.stopAtRecord === undefined ? script.records : script.records.slice(0, script.stopAtRecord);
  for (const record of records) {
    if (socket.destroyed) return;
    if (record.dir === '#') {
      if (record.note.includes('closed')) socket.end();
      continue;
    }
    if (record.dir === '>') {
      for (const expected of splitCommands(record.data)) {
        const actual = await commands.next();
        if (actual === undefined) return;
        if (normalize(actual) !== normalize(expected)) mismatches.push(`connection ${index}: expected ${JSON.stringify(normalize(expected))}, got ${JSON.stringify(normalize(actual))}`);
      }
      lastMs = record.tMs;
      continue;
    }
    if (script.speed !== undefined && record.tMs > lastMs) await sleep((record.tMs - lastMs) / script.speed);
    lastMs = record.tMs;
    const limit = script.cutAfterServerBytes;
    if (limit !== undefined && written + record.data.length >= limit) {
      socket.write(record.data.subarray(0, limit - written));
      socket.destroy();
      return;
    }
    socket.write(record.data);
    written += record.data.length;
  }
}

/** Connection n plays scripts[n] (the last script again for any later connection). */
export async function startReplayServer(scripts: readonly ReplayScript[]): Promise<ReplayServer> {
  const received: string[][] = [];
  const mismatches: string[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    const index = accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const log: string[] = [];
    received.push(log);
    const script = scripts[Math.min(index, scripts.length - 1)];
    if (script !== undefined) void play(socket, script, log, mismatches, index);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('replay server has no port');
  return {
    port: address.port,
    connections: () => accepted,
    received,
    mismatches,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
