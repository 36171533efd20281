// Ids for a batch of imported contacts: UUIDv7 (RFC 9562 §5.7), consecutive within the batch. Random
// (v4) ids land all over the primary key's b-tree, so a large import touches — and writes to the WAL —
// a different index page for almost every row; ids that follow the clock are appended at its right
// edge, a few pages per batch.
import { randomBytes } from 'node:crypto';

/** rand_b's low 48 bits count up from a random start below 2^47: a batch this large never carries into the bits above. */
export const MAX_IDS_PER_BATCH = 2 ** 20;

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

/**
 * `count` UUIDv7s for `nowMs`, increasing: 48 bits of Unix milliseconds, the version, 12 random bits
 * (rand_a), the variant, then rand_b — 14 random bits and a 48-bit counter starting at a random value
 * (the monotonic random counter of RFC 9562 §6.2, method 2). `random` is 10 random bytes.
 */
export function uuidV7Batch(count: number, nowMs: number, random: Uint8Array = randomBytes(10)): string[] {
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_IDS_PER_BATCH) throw new RangeError(`count must be between 0 and ${MAX_IDS_PER_BATCH}, got ${count}`);
  if (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs >= 2 ** 48) throw new RangeError(`nowMs must be a Unix time in milliseconds, got ${nowMs}`);
  if (random.length < 10) throw new RangeError(`random must hold 10 bytes, got ${random.length}`);
  const at = hex(nowMs, 12);
  const randA = ((random[0]! & 0x0f) << 8) | random[1]!;
  const randBHigh = 0x8000 | ((random[2]! & 0x3f) << 8) | random[3]!; // variant 0b10, then 14 bits
  const prefix = `${at.slice(0, 8)}-${at.slice(8, 12)}-7${hex(randA, 3)}-${hex(randBHigh, 4)}-`;
  const counter = (((random[4]! & 0x7f) << 8) | random[5]!) * 2 ** 32 + ((random[6]! << 24) >>> 0) + (random[7]! << 16) + (random[8]! << 8) + random[9]!;
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i += 1) {
    // As two 24-bit halves: small integers format several times faster than a 48-bit double.
    const value = counter + i;
    const high = Math.floor(value / 0x100_0000);
    ids[i] = prefix + hex(high, 6) + hex(value - high * 0x100_0000, 6);
  }
  return ids;
}
