import { describe, expect, it } from 'vitest';
import { chunksOf, streamOf } from '../capture/capture-file.js';
import { StreamDecoder } from '../decode/stream-decoder.js';
import { captureNames, loadCapture } from '../testing/fixtures.js';
import { FrameSplitter, type RawFrame } from './frame-splitter.js';

const SMALL_CAPTURE_BYTES = 32 * 1024;
const RANDOM_SPLITS_PER_CAPTURE = 40;

/** Deterministic pseudo-random numbers, so a failing split can be reproduced. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rawFrames(chunks: readonly Uint8Array[]): RawFrame[] {
  const splitter = new FrameSplitter();
  const frames: RawFrame[] = [];
  for (const chunk of chunks) {
    const result = splitter.push(chunk);
    // A plain check: expect() per byte would dominate the run time.
    if (result.error !== undefined) throw result.error;
    frames.push(...result.frames);
  }
  expect(splitter.end()).toBeUndefined();
  expect(splitter.bufferedBytes).toBe(0);
  return frames;
}

/** The fully decoded frames as JSON, one string per frame. */
function decoded(chunks: readonly Uint8Array[]): string[] {
  const decoder = new StreamDecoder();
  const out: string[] = [];
  for (const chunk of chunks) {
    const result = decoder.push(chunk);
    if (result.error !== undefined) throw result.error;
    for (const frame of result.frames) out.push(JSON.stringify(frame));
  }
  expect(decoder.end()).toBeUndefined();
  return out;
}

function sameRawFrames(actual: RawFrame[], expected: RawFrame[]): boolean {
  if (actual.length !== expected.length) return false;
  return actual.every((frame, index) => {
    const other = expected[index] as RawFrame;
    return frame.body.equals(other.body) && JSON.stringify(frame.headers) === JSON.stringify(other.headers);
  });
}

function byteByByte(stream: Buffer): Buffer[] {
  const bytes: Buffer[] = [];
  for (let index = 0; index < stream.length; index++) bytes.push(stream.subarray(index, index + 1));
  return bytes;
}

function randomSplit(stream: Buffer, random: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  let pos = 0;
  while (pos < stream.length) {
    // Mostly small pieces, sometimes large ones, so both the per-byte and the many-frames paths run.
    const size = random() < 0.7 ? 1 + Math.floor(random() * 64) : 1 + Math.floor(random() * 8192);
    chunks.push(stream.subarray(pos, pos + size));
    pos += size;
  }
  return chunks;
}

describe('frame splitter › every capture frames the same however the bytes are chunked', () => {
  for (const name of captureNames) {
    describe(name, async () => {
      const records = await loadCapture(name);
      const stream = streamOf(records, '<');
      const reference = decoded([stream]);
      const referenceRaw = rawFrames([stream]);

      it('one chunk yields frames and nothing is left over', () => {
        expect(reference.length).toBeGreaterThan(2);
        expect(referenceRaw.length).toBe(reference.length);
      });

      it('the chunks as the TCP reads returned them decode identically', () => {
        expect(decoded(chunksOf(records, '<').map((chunk) => chunk.data))).toEqual(reference);
      });

      it('byte by byte decodes identically', () => {
        expect(decoded(byteByByte(stream))).toEqual(reference);
      });

      it(`${RANDOM_SPLITS_PER_CAPTURE} seeded random chunkings decode identically`, () => {
        const random = mulberry32(name.length * 7919);
        for (let round = 0; round < RANDOM_SPLITS_PER_CAPTURE; round++) {
          expect(decoded(randomSplit(stream, random))).toEqual(reference);
        }
      });

      if (stream.length <= SMALL_CAPTURE_BYTES) {
        it(`every 2-way split of the ${stream.length} bytes frames identically`, () => {
          const failures: number[] = [];
          for (let cut = 1; cut < stream.length; cut++) {
            if (!sameRawFrames(rawFrames([stream.subarray(0, cut), stream.subarray(cut)]), referenceRaw)) failures.push(cut);
          }
          expect(failures).toEqual([]);
        });
      }
    });
  }
});

describe('frame splitter › framing rules', () => {
  const frame = (text: string) => Buffer.from(text, 'utf8');

  it.each([
    ['header-only frame', 'Content-Type: command/reply\nReply-Text: +OK accepted\n\n', [{ headers: { 'Content-Type': 'command/reply', 'Reply-Text': '+OK accepted' }, body: '' }]],
    ['frame with a body', 'Content-Type: api/response\nContent-Length: 4\n\ntrue', [{ headers: { 'Content-Type': 'api/response', 'Content-Length': '4' }, body: 'true' }]],
    ['Reply-Text keeps everything after the first ": "', 'Content-Type: command/reply\nReply-Text: +OK Job-UUID: 7f4db78a\nJob-UUID: 7f4db78a\n\n', [{ headers: { 'Content-Type': 'command/reply', 'Reply-Text': '+OK Job-UUID: 7f4db78a', 'Job-UUID': '7f4db78a' }, body: '' }]],
    ['an empty header value', 'Content-Type: log/data\nUser-Data: \nContent-Length: 1\n\nx', [{ headers: { 'Content-Type': 'log/data', 'User-Data': '', 'Content-Length': '1' }, body: 'x' }]],
    [
      'Content-Length: 0 is a complete frame (the linger notice)',
      'Content-Type: text/disconnect-notice\nContent-Disposition: linger\nContent-Length: 0\n\nContent-Type: command/reply\nReply-Text: +OK bye\n\n',
      [
        { headers: { 'Content-Type': 'text/disconnect-notice', 'Content-Disposition': 'linger', 'Content-Length': '0' }, body: '' },
        { headers: { 'Content-Type': 'command/reply', 'Reply-Text': '+OK bye' }, body: '' },
      ],
    ],
    ['a body may contain blank lines', 'Content-Type: api/response\nContent-Length: 10\n\n\n0 total.\n', [{ headers: { 'Content-Type': 'api/response', 'Content-Length': '10' }, body: '\n0 total.\n' }]],
  ])('%s', (_name, input, expected) => {
    const result = new FrameSplitter().push(frame(input));
    expect(result.error).toBeUndefined();
    expect(result.frames.map((f) => ({ headers: { ...f.headers }, body: f.body.toString('utf8') }))).toEqual(expected);
  });

  it('a blank line split across two chunks still ends the header block', () => {
    const splitter = new FrameSplitter();
    const first = splitter.push(frame('Content-Type: command/reply\nReply-Text: +OK accepted\n'));
    const second = splitter.push(frame('\nContent-Type: command/reply\nReply-Text: +OK bye\n\n'));
    expect(first.frames).toEqual([]);
    expect(second.frames.map((f) => f.headers['Reply-Text'])).toEqual(['+OK accepted', '+OK bye']);
  });

  it('client writes: the first line is the command, then headers', () => {
    const splitter = new FrameSplitter({ commands: true });
    const result = splitter.push(frame('api status\n\nsendmsg 1234\ncall-command: execute\nexecute-app-name: playback\n\n'));
    expect(result.frames.map((f) => ({ command: f.command, headers: { ...f.headers } }))).toEqual([
      { command: 'api status', headers: {} },
      { command: 'sendmsg 1234', headers: { 'call-command': 'execute', 'execute-app-name': 'playback' } },
    ]);
  });

  it('end() reports a frame cut short and nothing when the stream ended cleanly', () => {
    const clean = new FrameSplitter();
    clean.push(frame('Content-Type: auth/request\n\n'));
    expect(clean.end()).toBeUndefined();
    const cut = new FrameSplitter();
    cut.push(frame('Content-Type: api/response\nContent-Length: 10\n\n0 to'));
    expect(cut.end()).toMatchObject({ name: 'EslProtocolError', violation: 'truncated-frame' });
  });
});
