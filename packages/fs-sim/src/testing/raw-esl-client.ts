// A minimal event-socket client for fs-sim's own tests and bench: raw bytes out, frames in (split by the
// fidelity tests' reader). It is deliberately not the project's ESL client.
import net from 'node:net';
import { FrameSplitter, type WireFrame } from '../fidelity/frame-splitter.js';
import { parsePlainEvent } from '../fidelity/normaliser.js';

export interface RawEvent {
  readonly name: string;
  readonly headers: Map<string, string>;
  readonly body: string | undefined;
}

export class RawEslClient {
  readonly frames: WireFrame[] = [];
  closed = false;
  private commandsSent = 0;
  private readonly splitter = new FrameSplitter();
  private waiters: Array<() => void> = [];
  private readonly socket: net.Socket;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.frames.push(...this.splitter.push(chunk));
      this.notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawEslClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new RawEslClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Connects, waits for auth/request and authenticates. */
  static async authed(port: number, password: string): Promise<RawEslClient> {
    const client = await RawEslClient.connect(port);
    await client.waitFor((frame) => header(frame, 'Content-Type') === 'auth/request');
    await client.command(`auth ${password}`);
    return client;
  }

  /** Writes bytes as they are; `replies` says how many replies they will draw, so command() keeps count. */
  write(data: string | Buffer, replies = 0): void {
    this.commandsSent += replies;
    this.socket.write(data);
  }

  /**
   * Sends one command and resolves with its reply. Replies come in the order of the commands, so the n-th
   * command sent through here gets the n-th reply, even with several in flight.
   */
  async command(line: string, extraHeaders = ''): Promise<WireFrame> {
    const index = this.commandsSent;
    this.write(`${line}\n${extraHeaders}\n`, 1);
    await this.waitFor(() => this.frames.filter(isReply).length > index);
    return this.frames.filter(isReply)[index]!;
  }

  async api(command: string): Promise<string> {
    return (await this.command(`api ${command}`)).body;
  }

  /** The first frame from index `from` that matches, waiting for it (5 s of real time at most). */
  async waitFor(match: (frame: WireFrame) => boolean, from = 0, timeoutMs = 5000): Promise<WireFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (this.closed) throw new Error('connection closed while waiting');
      if (Date.now() > deadline) throw new Error('timed out waiting for a frame');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async waitForEvent(name: string, predicate: (event: RawEvent) => boolean = () => true, from = 0, timeoutMs = 5000): Promise<RawEvent> {
    const frame = await this.waitFor((f) => {
      const event = toEvent(f);
      return event !== undefined && event.name === name && predicate(event);
    }, from, timeoutMs);
    return toEvent(frame)!;
  }

  events(): RawEvent[] {
    return this.frames.map(toEvent).filter((event): event is RawEvent => event !== undefined);
  }

  waitClosed(timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) return resolve();
      const timer = setTimeout(() => reject(new Error('connection still open')), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}

export function header(frame: WireFrame, name: string): string | undefined {
  return frame.headers.find(([key]) => key === name)?.[1];
}

function isReply(frame: WireFrame): boolean {
  const type = header(frame, 'Content-Type');
  return type === 'command/reply' || type === 'api/response';
}

/** Plain events only: the tests subscribe in plain. Values are URL-decoded. */
export function toEvent(frame: WireFrame): RawEvent | undefined {
  if (header(frame, 'Content-Type') !== 'text/event-plain') return undefined;
  const parsed = parsePlainEvent(frame.body);
  const headers = new Map(parsed.headers.map(([name, value]) => [name, safeDecode(value)]));
  return { name: headers.get('Event-Name') ?? '', headers, body: parsed.body };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
