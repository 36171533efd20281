// In-memory stand-ins for the CLI's effects, for driving run() without a process: captured output,
// files held in a map, and a client whose every call fails unless the test provides it.
import type { ClientFactory, ClientOptions, RingpaceClient } from './client.js';
import type { ExitCode } from './exit-codes.js';
import { run } from './run.js';
import type { CliIo, EnvSettings, Files } from './io.js';
import { AppError } from '@ringpace/errors';

export interface MemoryIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
  /** Files the command wrote. */
  readonly written: Map<string, string>;
}

export interface MemoryIoOptions {
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  readonly tty?: boolean;
  readonly env?: EnvSettings;
  readonly signal?: AbortSignal;
}

export function memoryIo(options: MemoryIoOptions = {}): MemoryIo {
  let stdout = '';
  let stderr = '';
  let clockMs = 0;
  const written = new Map<string, string>();
  const content = (path: string): Uint8Array => {
    const value = options.files?.[path];
    if (value === undefined) throw new AppError(`${path}: cannot read (ENOENT)`, { code: 'INVALID_ARGUMENT' });
    return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  };
  const files: Files = {
    readText: (path) => Promise.resolve().then(() => Buffer.from(content(path)).toString('utf8')),
    size: (path) => Promise.resolve().then(() => content(path).byteLength),
    async *chunks(path, chunkBytes) {
      const bytes = content(path);
      for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
        await Promise.resolve();
        yield bytes.subarray(offset, offset + chunkBytes);
      }
    },
    writeText: (path, text) => {
      written.set(path, text);
      return Promise.resolve();
    },
  };
  return {
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    stdoutIsTty: options.tty ?? false,
    env: options.env ?? {},
    files,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    // Each reading advances a second, so throttled progress lines all draw.
    now: () => (clockMs += 1_000),
    out: () => stdout,
    err: () => stderr,
    written,
  };
}

/** A client implementing only `methods`; any other call throws, so a test sees unexpected calls. */
export function fakeClient(methods: Partial<RingpaceClient>): RingpaceClient {
  const provided = methods as Record<string, unknown>;
  return new Proxy(methods as RingpaceClient, {
    get(_target, property: string): unknown {
      const method = provided[property];
      if (method !== undefined) return method;
      if (property === 'close') return () => undefined;
      return () => Promise.reject(new Error(`unexpected call ${property}`));
    },
  });
}

/** A factory handing out `client`, recording the options each command connected with. */
export function fakeFactory(client: RingpaceClient): ClientFactory & { readonly calls: ClientOptions[] } {
  const calls: ClientOptions[] = [];
  const factory = (options: ClientOptions) => {
    calls.push(options);
    return client;
  };
  return Object.assign(factory, { calls });
}

/** A server stream delivering `messages`, one per tick. */
export async function* stream<T>(...messages: T[]): AsyncGenerator<T> {
  for (const message of messages) {
    await Promise.resolve();
    yield message;
  }
}

/** Runs one command line against a fake client with `methods`; returns the exit code and the output. */
export async function runWith(argv: string[], methods: Partial<RingpaceClient>, options: MemoryIoOptions = {}): Promise<{ code: ExitCode; out: string; err: string; io: MemoryIo }> {
  const io = memoryIo(options);
  const code = await run(argv, io, fakeFactory(fakeClient(methods)));
  return { code, out: io.out(), err: io.err(), io };
}
