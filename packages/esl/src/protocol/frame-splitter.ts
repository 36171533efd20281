// Layer 1 of the event socket: bytes in, frames out. A frame is header lines ended by an empty line,
// then exactly Content-Length body bytes if that header is present (mod_event_socket.c; captures README, point 1).
// Pure and synchronous: it never throws, never holds more than maxHeaderBytes + maxBodyBytes, and
// yields the same frames however the bytes are chunked.
import { isUtf8 } from 'node:buffer';
import { EslProtocolError, ProtocolViolation } from '../errors.js';
import { DEFAULT_FRAME_LIMITS, type FrameLimits } from './limits.js';

/** Header names and values exactly as sent (outer headers are not URL-encoded), in wire order. */
export type FrameHeaders = Readonly<Record<string, string>>;

export interface RawFrame {
  /** Client-to-server frames only: the command line before the headers (`api status`, `sendmsg <uuid>`). */
  readonly command?: string;
  readonly headers: FrameHeaders;
  /** The Content-Length bytes; empty when the frame has none. May share memory with the pushed chunk. */
  readonly body: Buffer;
}

export interface SplitResult {
  /** Frames completed by this push, in order (also those before an error). */
  readonly frames: RawFrame[];
  /** Set once the stream is broken; every later push returns it again and yields nothing. */
  readonly error: EslProtocolError | undefined;
}

const LF = 0x0a;
const LFLF = '\n\n';
const EMPTY = Buffer.alloc(0);
const CONTENT_LENGTH = /^\d{1,12}$/;

export interface SplitterOptions extends Partial<FrameLimits> {
  /**
   * Split what a client writes: each frame starts with a command line (`auth ClueCon`, `sendmsg <uuid>`),
   * then optional header lines and body, in the same framing [captures README, "Sent (in order)"].
   */
  readonly commands?: boolean;
}

export class FrameSplitter {
  private readonly limits: FrameLimits;
  private readonly commands: boolean;
  private command: string | undefined;
  /** Bytes of the frame part being collected (header block or body), when it spans chunks. */
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** Headers of the frame whose body is being collected; undefined while reading headers. */
  private headers: FrameHeaders | undefined;
  private bodyLength = 0;
  private failure: EslProtocolError | undefined;

  constructor(options: SplitterOptions = {}) {
    this.limits = {
      maxHeaderBytes: options.maxHeaderBytes ?? DEFAULT_FRAME_LIMITS.maxHeaderBytes,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_FRAME_LIMITS.maxBodyBytes,
    };
    this.commands = options.commands === true;
  }

  /** Bytes held for an unfinished frame: never more than maxHeaderBytes + maxBodyBytes. */
  get bufferedBytes(): number {
    return this.partsLength;
  }

  push(chunk: Uint8Array): SplitResult {
    const frames: RawFrame[] = [];
    if (this.failure !== undefined) return { frames, error: this.failure };
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let pos = 0;
    while (pos < data.length) {
      pos = this.headers === undefined ? this.readHeaders(data, pos, frames) : this.readBody(data, pos, frames);
      if (this.failure !== undefined) {
        this.parts = [];
        this.partsLength = 0;
        return { frames, error: this.failure };
      }
    }
    return { frames, error: undefined };
  }

  /** The peer closed: a frame cut short is reported (the caller decides whether that matters). */
  end(): EslProtocolError | undefined {
    if (this.failure !== undefined) return this.failure;
    if (this.partsLength === 0 && this.headers === undefined) return undefined;
    const held = this.headers === undefined ? 'header block' : `body (${this.partsLength} of ${this.bodyLength} bytes)`;
    this.failure = new EslProtocolError(ProtocolViolation.TruncatedFrame, `stream ended inside a ${held}`);
    this.parts = [];
    this.partsLength = 0;
    return this.failure;
  }

  private readHeaders(data: Buffer, pos: number, frames: RawFrame[]): number {
    let block: Buffer;
    let next: number;
    if (this.partsLength > 0 && data[pos] === LF && this.lastHeldByte() === LF) {
      // The blank line straddles two chunks: "...\n" | "\n...".
      block = Buffer.concat(this.parts, this.partsLength - 1);
      next = pos + 1;
    } else {
      const end = data.indexOf(LFLF, pos);
      if (end === -1) {
        this.hold(data, pos, this.limits.maxHeaderBytes, ProtocolViolation.HeaderBlockTooLarge);
        return data.length;
      }
      if (this.partsLength + end - pos > this.limits.maxHeaderBytes) {
        return this.fail(ProtocolViolation.HeaderBlockTooLarge, `header block over ${this.limits.maxHeaderBytes} bytes`, data.length);
      }
      block = this.partsLength === 0 ? data.subarray(pos, end) : Buffer.concat([...this.parts, data.subarray(pos, end)]);
      next = end + 2;
    }
    this.parts = [];
    this.partsLength = 0;
    let command: string | undefined;
    if (this.commands) {
      const lineEnd = block.indexOf(LF);
      command = block.toString('utf8', 0, lineEnd === -1 ? block.length : lineEnd);
      block = lineEnd === -1 ? EMPTY : block.subarray(lineEnd + 1);
    }
    const headers = block.length === 0 && this.commands ? (Object.create(null) as FrameHeaders) : parseHeaderBlock(block);
    if (headers instanceof EslProtocolError) return this.failWith(headers, data.length);
    const contentLength = headers['Content-Length'];
    if (contentLength === undefined) {
      frames.push(frame(command, headers, EMPTY));
      return next;
    }
    if (!CONTENT_LENGTH.test(contentLength)) {
      return this.fail(ProtocolViolation.BadContentLength, `Content-Length ${JSON.stringify(contentLength.slice(0, 40))}`, data.length);
    }
    const length = Number(contentLength);
    if (length > this.limits.maxBodyBytes) {
      return this.fail(ProtocolViolation.BodyTooLarge, `Content-Length ${length} over ${this.limits.maxBodyBytes}`, data.length);
    }
    if (length === 0) {
      // Not a body to wait for: the linger notice has `Content-Length: 0` [c6_myevents_linger].
      frames.push(frame(command, headers, EMPTY));
      return next;
    }
    this.command = command;
    this.headers = headers;
    this.bodyLength = length;
    return next;
  }

  private readBody(data: Buffer, pos: number, frames: RawFrame[]): number {
    const missing = this.bodyLength - this.partsLength;
    const available = data.length - pos;
    if (available < missing) {
      this.parts.push(data.subarray(pos));
      this.partsLength += available;
      return data.length;
    }
    const end = pos + missing;
    const body = this.partsLength === 0 ? data.subarray(pos, end) : Buffer.concat([...this.parts, data.subarray(pos, end)], this.bodyLength);
    frames.push(frame(this.command, this.headers as FrameHeaders, body));
    this.command = undefined;
    this.headers = undefined;
    this.bodyLength = 0;
    this.parts = [];
    this.partsLength = 0;
    return end;
  }

  private hold(data: Buffer, pos: number, max: number, violation: ProtocolViolation): void {
    const length = data.length - pos;
    if (this.partsLength + length > max) {
      this.fail(violation, `header block over ${max} bytes without an empty line`, data.length);
      return;
    }
    // Copy: a small tail must not pin a large chunk in memory while we wait for the rest.
    this.parts.push(Buffer.from(data.subarray(pos)));
    this.partsLength += length;
  }

  private lastHeldByte(): number | undefined {
    const last = this.parts[this.parts.length - 1];
    return last === undefined ? undefined : last[last.length - 1];
  }

  private fail(violation: ProtocolViolation, detail: string, resume: number): number {
    return this.failWith(new EslProtocolError(violation, detail), resume);
  }

  private failWith(error: EslProtocolError, resume: number): number {
    this.failure = error;
    return resume;
  }
}

function frame(command: string | undefined, headers: FrameHeaders, body: Buffer): RawFrame {
  return command === undefined ? { headers, body } : { command, headers, body };
}

/**
 * `Name: value` lines as FreeSWITCH writes them. A line without a colon, an empty name or bytes that
 * are not UTF-8 mean we are not reading a header block (garbage, or a Content-Length that lied).
 */
export function parseHeaderBlock(block: Buffer): FrameHeaders | EslProtocolError {
  if (!isUtf8(block)) return new EslProtocolError(ProtocolViolation.InvalidUtf8, 'header block is not UTF-8');
  const text = block.toString('utf8');
  const headers = Object.create(null) as Record<string, string>;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const colon = text.indexOf(':', start);
    if (colon <= start || colon > end) {
      return new EslProtocolError(ProtocolViolation.MalformedHeader, `not a header line: ${JSON.stringify(text.slice(start, Math.min(end, start + 60)))}`);
    }
    // FreeSWITCH always writes ": "; `User-Data: ` has an empty value [c2_log_linger_exit].
    const valueStart = text.charCodeAt(colon + 1) === 0x20 ? colon + 2 : colon + 1;
    headers[text.slice(start, colon)] = text.slice(valueStart, end);
    start = end + 1;
  }
  return headers;
}
