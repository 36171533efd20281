// Reading the recorded wire transcripts (.jsonl, one record per socket read()/write() or recorder note;
// format in fixtures/captures/README.md, "Transcript format").
import { readFile } from 'node:fs/promises';
import { AppError } from '@ringpace/errors';

export const CaptureDirection = { FromServer: '<', FromClient: '>', Note: '#' } as const;
export type CaptureDirection = (typeof CaptureDirection)[keyof typeof CaptureDirection];

export type CaptureRecord =
  | { readonly tMs: number; readonly dir: '<' | '>'; readonly data: Buffer }
  | { readonly tMs: number; readonly dir: '#'; readonly note: string };

export type CaptureChunk = Extract<CaptureRecord, { dir: '<' | '>' }>;

export class CaptureFormatError extends AppError {
  override readonly name = 'CaptureFormatError';
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, { ...options, code: 'INVALID_ARGUMENT', retryable: false });
  }
}

function field(value: unknown, name: string, line: number): unknown {
  if (typeof value !== 'object' || value === null || !(name in value)) throw new CaptureFormatError(`line ${line}: missing "${name}"`);
  return (value as Record<string, unknown>)[name];
}

export function parseCapture(text: string): CaptureRecord[] {
  const records: CaptureRecord[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]?.trim() ?? '';
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new CaptureFormatError(`line ${index + 1}: not JSON`, { cause: error });
    }
    const tMs = field(value, 't_ms', index + 1);
    const dir = field(value, 'dir', index + 1);
    if (typeof tMs !== 'number') throw new CaptureFormatError(`line ${index + 1}: t_ms is not a number`);
    if (dir === '#') {
      const note = field(value, 'note', index + 1);
      records.push({ tMs, dir, note: typeof note === 'string' ? note : JSON.stringify(note) });
    } else if (dir === '<' || dir === '>') {
      const data = field(value, 'data_b64', index + 1);
      if (typeof data !== 'string') throw new CaptureFormatError(`line ${index + 1}: data_b64 is not a string`);
      records.push({ tMs, dir, data: Buffer.from(data, 'base64') });
    } else {
      throw new CaptureFormatError(`line ${index + 1}: dir ${JSON.stringify(dir)} is not "<", ">" or "#"`);
    }
  }
  return records;
}

export async function readCapture(path: string): Promise<CaptureRecord[]> {
  return parseCapture(await readFile(path, 'utf8'));
}

/** The chunks of one direction, as the socket returned them. */
export function chunksOf(records: readonly CaptureRecord[], dir: '<' | '>'): CaptureChunk[] {
  return records.filter((record): record is CaptureChunk => record.dir === dir);
}

/** All bytes of one direction, concatenated: exactly what that side sent. */
export function streamOf(records: readonly CaptureRecord[], dir: '<' | '>'): Buffer {
  return Buffer.concat(chunksOf(records, dir).map((chunk) => chunk.data));
}
