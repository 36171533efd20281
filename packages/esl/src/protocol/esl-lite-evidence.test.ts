// Why the frame splitter is our own (README, "Where esl-lite is used and where not"): esl-lite 3.2.0's
// FreeSwitchParser against ours on the same recorded bytes. These tests pin the differences down, so
// an esl-lite release that fixes them shows up here.
import { FreeSwitchParser } from 'esl-lite';
import { describe, expect, it } from 'vitest';
import { chunksOf, streamOf } from '../capture/capture-file.js';
import { captureNames, loadCapture } from '../testing/fixtures.js';
import { FrameSplitter } from './frame-splitter.js';

const silent = { error: () => undefined, child() { return this; } };

interface Frame {
  readonly contentType: string | undefined;
  readonly replyText: string | undefined;
  readonly body: string;
}

function source(chunks: readonly Uint8Array[]): AsyncIterable<Buffer> {
  return {
    [Symbol.asyncIterator]() {
      let index = 0;
      return { next: () => Promise.resolve(index < chunks.length ? { value: Buffer.from(chunks[index++] as Uint8Array), done: false as const } : { value: undefined, done: true as const }) };
    },
  };
}

async function eslLiteFrames(chunks: readonly Uint8Array[]): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const frame of FreeSwitchParser(source(chunks), silent as never)) {
    if (frame instanceof Error) continue;
    frames.push({ contentType: frame.headers.contentType, replyText: frame.headers.replyText, body: frame.body.toString('utf8') });
  }
  return frames;
}

function ourFrames(chunks: readonly Uint8Array[]): Frame[] {
  const splitter = new FrameSplitter();
  return chunks.flatMap((chunk) => splitter.push(chunk).frames.map((frame) => ({ contentType: frame.headers['Content-Type'], replyText: frame.headers['Reply-Text'], body: frame.body.toString('utf8') })));
}

describe('esl-lite 3.2.0 FreeSwitchParser on the captures', () => {
  it('drops the linger notice, whose Content-Length is 0 [c6]', async () => {
    const chunks = chunksOf(await loadCapture('c6_myevents_linger'), '<').map((chunk) => chunk.data);
    const ours = ourFrames(chunks);
    const theirs = await eslLiteFrames(chunks);
    expect(ours.filter((frame) => frame.contentType === 'text/disconnect-notice')).toHaveLength(2);
    expect(theirs.filter((frame) => frame.contentType === 'text/disconnect-notice')).toHaveLength(1);
    expect(theirs).toHaveLength(ours.length - 1);
  });

  it('cuts Reply-Text at its second ": ", losing the Job-UUID of every bgapi reply [h]', async () => {
    const chunks = chunksOf(await loadCapture('h_controller_misc'), '<').map((chunk) => chunk.data);
    const bgapiReplies = (frames: Frame[]) => frames.filter((frame) => frame.replyText?.startsWith('+OK Job-UUID') === true).map((frame) => frame.replyText);
    expect(bgapiReplies(ourFrames(chunks))).toEqual(['+OK Job-UUID: 7f4db78a-3f41-4b7e-8e8c-000000000001', expect.stringMatching(/^\+OK Job-UUID: [0-9a-f-]{36}$/)]);
    expect(bgapiReplies(await eslLiteFrames(chunks))).toEqual(['+OK Job-UUID', '+OK Job-UUID']);
  });

  it('merges two frames when the blank line ending a header block is split between two reads', async () => {
    const stream = streamOf(await loadCapture('b_api_commands'), '<');
    const end = stream.indexOf('\n\n') + 1;
    const chunks = [stream.subarray(0, end), stream.subarray(end)];
    expect(ourFrames(chunks)).toEqual(ourFrames([stream]));
    expect((await eslLiteFrames(chunks)).length).toBeLessThan(ourFrames([stream]).length);
  });

  it('byte by byte, loses frames in every capture; ours loses none', async () => {
    const lost: Record<string, number> = {};
    for (const name of captureNames) {
      const stream = streamOf(await loadCapture(name), '<');
      const bytes = Array.from({ length: stream.length }, (_, index) => stream.subarray(index, index + 1));
      expect(ourFrames(bytes)).toHaveLength(ourFrames([stream]).length);
      lost[name] = ourFrames([stream]).length - (await eslLiteFrames(bytes)).length;
    }
    expect(Object.values(lost).every((count) => count > 0)).toBe(true);
  });
});
