// The recorded FreeSWITCH 1.10.12 transcripts shipped with the package (fixtures/captures), for tests and the bench.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCapture, type CaptureRecord } from '../capture/capture-file.js';

export const capturesDir = fileURLToPath(new URL('../../fixtures/captures/', import.meta.url));

/** Scenario names (`b_api_commands`, ...), sorted. */
export const captureNames: readonly string[] = readdirSync(capturesDir)
  .filter((file) => file.endsWith('.jsonl'))
  .map((file) => file.slice(0, -'.jsonl'.length))
  .sort();

export function capturePath(name: string): string {
  return `${capturesDir}${name}.jsonl`;
}

export async function loadCapture(name: string): Promise<CaptureRecord[]> {
  return readCapture(capturePath(name));
}
