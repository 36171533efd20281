// A recorded event-socket transcript (fixtures/captures/*.jsonl, recorded from FreeSWITCH 1.10.12): the
// chunks each side wrote, in socket order.
import { readFileSync } from 'node:fs';

export interface CaptureRecord {
  readonly tMs: number;
  readonly dir: '<' | '>' | '#';
  readonly data: Buffer;
  readonly note?: string;
}

export function loadCapture(path: string): CaptureRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const raw = JSON.parse(line) as { t_ms: number; dir: '<' | '>' | '#'; data_b64?: string; note?: string };
      const record: CaptureRecord = {
        tMs: raw.t_ms,
        dir: raw.dir,
        data: raw.data_b64 === undefined ? Buffer.alloc(0) : Buffer.from(raw.data_b64, 'base64'),
      };
      return raw.note === undefined ? record : { ...record, note: raw.note };
    });
}

/** All bytes one side sent. */
export function streamOf(records: readonly CaptureRecord[], dir: '<' | '>'): Buffer {
  return Buffer.concat(records.filter((record) => record.dir === dir).map((record) => record.data));
}
