// Fuzzing the parser API with random bytes and mutated captures: it never throws, never holds more
// than its bounds, and every push yields frames or a typed error (and nothing after an error).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { streamOf } from '../capture/capture-file.js';
import { EslProtocolError } from '../errors.js';
import { captureNames, loadCapture } from '../testing/fixtures.js';
import { StreamDecoder } from './stream-decoder.js';

const limits = { maxHeaderBytes: 1024, maxBodyBytes: 64 * 1024 };
const bound = Math.max(limits.maxHeaderBytes, limits.maxBodyBytes);
const streams: Buffer[] = [];

beforeAll(async () => {
  for (const name of captureNames) streams.push(streamOf(await loadCapture(name), '<'));
});

/** Feeds the chunks and checks the invariants after every push; returns the frame count and the error. */
function feed(chunks: readonly Uint8Array[]): { frames: number; error: EslProtocolError | undefined } {
  const decoder = new StreamDecoder(limits);
  let frames = 0;
  let error: EslProtocolError | undefined;
  for (const chunk of chunks) {
    const result = decoder.push(chunk);
    if (error !== undefined) {
      expect(result.frames).toHaveLength(0);
      expect(result.error).toBe(error);
    }
    frames += result.frames.length;
    if (result.error !== undefined) {
      expect(result.error).toBeInstanceOf(EslProtocolError);
      error = result.error;
    }
    expect(decoder.bufferedBytes).toBeLessThanOrEqual(bound);
  }
  const end = decoder.end();
  if (end !== undefined) expect(end).toBeInstanceOf(EslProtocolError);
  return { frames, error: error ?? end };
}

function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let previous = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(previous, point));
    previous = point;
  }
  return chunks;
}

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'digit'; at: number; digit: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 256 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4096 }) }),
  // A Content-Length that lies: change one digit after "Content-Length: ".
  fc.record({ kind: fc.constant('digit' as const), at: fc.nat(), digit: fc.integer({ min: 0, max: 9 }) }),
);

function mutate(stream: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(stream);
  for (const change of mutations) {
    const at = change.at % (bytes.length + 1);
    switch (change.kind) {
      case 'flip':
        if (at < bytes.length) bytes[at] = change.value;
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), change.bytes, bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + change.length)]);
        break;
      case 'duplicate':
        bytes = Buffer.concat([bytes.subarray(0, at + change.length), bytes.subarray(at)]);
        break;
      case 'digit': {
        const header = bytes.indexOf('Content-Length: ', at);
        const digitAt = header === -1 ? -1 : header + 'Content-Length: '.length;
        if (digitAt !== -1 && digitAt < bytes.length) bytes[digitAt] = 0x30 + change.digit;
        break;
      }
    }
  }
  return bytes;
}

describe('parser fuzzing', () => {
  it('random bytes in random chunks: never throws, stays bounded, frames or a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.array(fc.nat(), { maxLength: 32 }), (bytes, cuts) => {
        feed(splitAt(bytes, cuts));
      }),
      { numRuns: 500 },
    );
  });

  it('random header-like text: never throws, stays bounded', () => {
    const line = fc.oneof(fc.constantFrom('Content-Type: api/response', 'Content-Length: 5', 'Content-Length: 99999999', 'Content-Type: text/event-plain', 'Content-Type: text/event-json', 'Reply-Text: +OK', ''), fc.string({ maxLength: 40 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 16 }), (lines, cuts) => {
        feed(splitAt(Buffer.from(lines.join('\n'), 'utf8'), cuts));
      }),
      { numRuns: 500 },
    );
  });

  it('mutated captures in random chunks: never throws, stays bounded, frames or a typed error', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 48 }), (pick, mutations, cuts) => {
        const stream = streams[pick % streams.length] as Buffer;
        feed(splitAt(mutate(stream, mutations), cuts));
      }),
      { numRuns: 300 },
    );
  });

  it('unmutated captures under the same small limits decode or fail only for size', () => {
    for (const stream of streams) {
      const { error } = feed([stream]);
      if (error !== undefined) expect(['body-too-large', 'header-block-too-large']).toContain(error.violation);
    }
  });

  it.each([
    ['endless headers', Buffer.from('X-Endless: yes\n'.repeat(10_000)), 'header-block-too-large'],
    ['a header line without end', Buffer.alloc(100_000, 0x41), 'header-block-too-large'],
    ['an oversized body', Buffer.from(`Content-Type: api/response\nContent-Length: ${limits.maxBodyBytes + 1}\n\n`), 'body-too-large'],
    ['a Content-Length that is not a number', Buffer.from('Content-Type: api/response\nContent-Length: 12abc\n\n'), 'bad-content-length'],
    ['invalid UTF-8 in a body', Buffer.concat([Buffer.from('Content-Type: api/response\nContent-Length: 2\n\n'), Buffer.from([0xc3, 0x28])]), 'invalid-utf8'],
    ['invalid UTF-8 in a header', Buffer.concat([Buffer.from('Content-Type: command/reply\nReply-Text: '), Buffer.from([0xff]), Buffer.from('\n\n')]), 'invalid-utf8'],
    ['garbage instead of headers', Buffer.from('HTTP/1.1 200 OK\r\n\r\n\n\n'), 'malformed-header'],
    ['a frame without Content-Type', Buffer.from('Reply-Text: +OK\n\n'), 'missing-content-type'],
    ['an unknown Content-Type', Buffer.from('Content-Type: text/html\n\n'), 'unknown-content-type'],
    ['an event whose Content-Length lied short', Buffer.from('Content-Length: 10\nContent-Type: text/event-plain\n\nEvent-Name: HEARTBEAT\n\n'), 'bad-event-body'],
  ])('%s: a typed error, byte by byte as in one chunk, within bounds', (_name, bytes, violation) => {
    const oneChunk = feed([bytes]);
    const byteByByte = feed(splitAt(bytes, Array.from({ length: Math.min(bytes.length, 5000) }, (_, index) => index)));
    expect(oneChunk.error?.violation).toBe(violation);
    expect(byteByByte.error?.violation).toBe(violation);
  });
});
