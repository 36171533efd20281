import { describe, expect, it } from 'vitest';
import { MAX_IDS_PER_BATCH, uuidV7Batch } from './contact-ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const at = Date.UTC(2026, 10, 25, 9, 0, 0, 123);

describe('contact ids', () => {
  it('uuidV7Batch › RFC 9562 version 7 with the variant bits, the milliseconds first', () => {
    const [id] = uuidV7Batch(1, at);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id!.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('uuidV7Batch › a batch is consecutive and increasing, in string order as PostgreSQL sorts uuids', () => {
    const ids = uuidV7Batch(5_000, at);
    expect(new Set(ids).size).toBe(5_000);
    expect([...ids].sort()).toEqual(ids);
    const tail = (id: string) => parseInt(id.slice(24), 16);
    expect(tail(ids.at(-1)!) - tail(ids[0]!)).toBe(4_999);
    expect(ids.every((id) => UUID_V7.test(id) && id.slice(0, 24) === ids[0]!.slice(0, 24))).toBe(true);
  });

  it('uuidV7Batch › the largest counter start with the largest batch stays inside rand_b', () => {
    const ids = uuidV7Batch(MAX_IDS_PER_BATCH, at, new Uint8Array(10).fill(0xff));
    expect(ids.at(-1)).toMatch(UUID_V7);
    expect(ids.at(-1)!.slice(0, 24)).toBe(ids[0]!.slice(0, 24));
  });

  it('uuidV7Batch › two batches of the same millisecond differ in their random bits', () => {
    const [one, two] = [uuidV7Batch(1_000, at), uuidV7Batch(1_000, at)];
    expect(new Set([...one, ...two]).size).toBe(2_000);
  });

  it.each([
    ['a negative count', () => uuidV7Batch(-1, at)],
    ['a count above the limit', () => uuidV7Batch(MAX_IDS_PER_BATCH + 1, at)],
    ['a time before 1970', () => uuidV7Batch(1, -1)],
    ['too few random bytes', () => uuidV7Batch(1, at, new Uint8Array(9))],
  ])('uuidV7Batch › refuses %s', (_case, call) => {
    expect(call).toThrow(RangeError);
  });
});
