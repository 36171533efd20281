// What esl-replay prints: every frame of one direction of a capture as one JSON object, decoded the
// way the client decodes it. Pure, so tests and the bin share it.
import { FrameSplitter, type RawFrame } from '../protocol/frame-splitter.js';
import { decodeFrame, type DecodedFrame } from '../decode/frame-decoder.js';
import { EslProtocolError } from '../errors.js';
import { chunksOf, type CaptureRecord } from './capture-file.js';

export type ReplayLine = Readonly<Record<string, unknown>>;

function describeServerFrame(frame: DecodedFrame): Record<string, unknown> {
  const base = { kind: frame.kind, contentType: frame.headers['Content-Type'], headers: frame.headers };
  switch (frame.kind) {
    case 'auth-request':
      return base;
    case 'command-reply':
      return { ...base, replyText: frame.replyText, ok: frame.ok };
    case 'api-response':
    case 'rude-rejection':
      return { ...base, body: frame.body };
    case 'log-data':
      return { ...base, level: frame.level, body: frame.body };
    case 'disconnect-notice':
      return { ...base, disposition: frame.disposition ?? null, controlledSessionUuid: frame.controlledSessionUuid ?? null, body: frame.body };
    case 'event':
    case 'unknown-event': {
      const { event } = frame;
      return {
        ...base,
        event: {
          name: event.name,
          subclass: event.headers.get('Event-Subclass') ?? null,
          uniqueId: event.headers.get('Unique-ID') ?? null,
          format: event.format,
          headers: event.headers.toObject(),
          body: event.body ?? null,
        },
      };
    }
  }
}

function describeClientFrame(frame: RawFrame): Record<string, unknown> {
  return { command: frame.command ?? '', headers: frame.headers, body: frame.body.toString('utf8') };
}

function describeError(error: EslProtocolError, tMs: number): ReplayLine {
  return { t_ms: tMs, error: { name: error.name, violation: error.violation, message: error.message } };
}

/** One line per frame (server frames decoded; client frames as command, headers, body), then a line for a protocol error if any. */
export function replayCapture(records: readonly CaptureRecord[], dir: '<' | '>'): ReplayLine[] {
  const lines: ReplayLine[] = [];
  const splitter = new FrameSplitter({ commands: dir === '>' });
  let lastMs = 0;
  for (const chunk of chunksOf(records, dir)) {
    lastMs = chunk.tMs;
    const split = splitter.push(chunk.data);
    for (const raw of split.frames) {
      if (dir === '>') {
        lines.push({ t_ms: chunk.tMs, ...describeClientFrame(raw) });
        continue;
      }
      const decoded = decodeFrame(raw);
      if (decoded instanceof EslProtocolError) {
        lines.push(describeError(decoded, chunk.tMs));
        return lines;
      }
      lines.push({ t_ms: chunk.tMs, ...describeServerFrame(decoded) });
    }
    if (split.error !== undefined) {
      lines.push(describeError(split.error, chunk.tMs));
      return lines;
    }
  }
  const end = splitter.end();
  if (end !== undefined) lines.push(describeError(end, lastMs));
  return lines;
}
