// The parser API: bytes in, typed frames out (layer 1 splitter + layer 2 decoder). Never throws; after
// the first protocol error it yields nothing more, because the stream can no longer be trusted.
import { EslProtocolError } from '../errors.js';
import { FrameSplitter } from '../protocol/frame-splitter.js';
import type { FrameLimits } from '../protocol/limits.js';
import { decodeFrame, type DecodedFrame } from './frame-decoder.js';

export interface DecodeResult {
  readonly frames: DecodedFrame[];
  readonly error: EslProtocolError | undefined;
}

export class StreamDecoder {
  private readonly splitter: FrameSplitter;
  private failure: EslProtocolError | undefined;

  constructor(limits: Partial<FrameLimits> = {}) {
    this.splitter = new FrameSplitter(limits);
  }

  get bufferedBytes(): number {
    return this.splitter.bufferedBytes;
  }

  push(chunk: Uint8Array): DecodeResult {
    if (this.failure !== undefined) return { frames: [], error: this.failure };
    const split = this.splitter.push(chunk);
    const frames: DecodedFrame[] = [];
    for (const raw of split.frames) {
      const decoded = decodeFrame(raw);
      if (decoded instanceof EslProtocolError) {
        this.failure = decoded;
        return { frames, error: decoded };
      }
      frames.push(decoded);
    }
    if (split.error !== undefined) this.failure = split.error;
    return { frames, error: split.error };
  }

  /** The stream ended; reports a frame cut short. */
  end(): EslProtocolError | undefined {
    this.failure ??= this.splitter.end();
    return this.failure;
  }
}
