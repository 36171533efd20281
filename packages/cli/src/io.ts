// Everything a command touches outside itself: output streams, files, the settings main read from the
// environment, and the interrupt signal. main passes the real ones; tests pass memory buffers.
import { open, readFile, stat, writeFile } from 'node:fs/promises';
import { AppError } from '@ringpace/errors';

export interface Writer {
  write(text: string): void;
}

/** Settings the environment supplies (RINGPACE_ADDRESS, RINGPACE_API_KEY, RINGPACE_ADMIN_TOKEN); flags win. */
export interface EnvSettings {
  readonly address?: string;
  readonly apiKey?: string;
  readonly adminToken?: string;
}

export interface Files {
  readText(path: string): Promise<string>;
  size(path: string): Promise<number>;
  /** The file's bytes in chunks of at most chunkBytes, in order. */
  chunks(path: string, chunkBytes: number): AsyncIterable<Uint8Array>;
  writeText(path: string, text: string): Promise<void>;
}

export interface CliIo {
  readonly stdout: Writer;
  readonly stderr: Writer;
  /** Whether stdout is a terminal: progress bars redraw a line there, and only there. */
  readonly stdoutIsTty: boolean;
  readonly env: EnvSettings;
  readonly files: Files;
  /** Aborts on Ctrl-C: a watch stops watching, an upload is cancelled. */
  readonly signal?: AbortSignal;
  /** Milliseconds, for progress rates; injected so output stays deterministic in tests. */
  now(): number;
}

function fileError(path: string, action: string, error: unknown): AppError {
  const reason = error instanceof Error && 'code' in error ? String(error.code) : error instanceof Error ? error.message : String(error);
  return new AppError(`${path}: cannot ${action} (${reason})`, { code: 'INVALID_ARGUMENT', cause: error });
}

/** The local file system; failures name the file and count as invalid arguments (exit 2). */
export const nodeFiles: Files = {
  async readText(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw fileError(path, 'read', error);
    }
  },
  async size(path) {
    try {
      return (await stat(path)).size;
    } catch (error) {
      throw fileError(path, 'read', error);
    }
  },
  async *chunks(path, chunkBytes) {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw fileError(path, 'read', error);
    }
    try {
      for (;;) {
        const buffer = Buffer.alloc(chunkBytes);
        const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
        if (bytesRead === 0) return;
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  },
  async writeText(path, text) {
    try {
      await writeFile(path, text, 'utf8');
    } catch (error) {
      throw fileError(path, 'write', error);
    }
  },
};
