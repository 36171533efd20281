// Splits what the switch wrote into frames: header lines up to an empty line, then Content-Length body bytes.
// The fidelity tests' own reader, independent of any ESL client.

export interface WireFrame {
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
}

export class FrameSplitter {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): WireFrame[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const frames: WireFrame[] = [];
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end < 0) break;
      const headers = this.buffer
        .subarray(0, end)
        .toString('utf8')
        .split('\n')
        .map((line): readonly [string, string] => {
          const colon = line.indexOf(': ');
          return colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 2)];
        });
      const length = Number(headers.find(([name]) => name === 'Content-Length')?.[1] ?? 0);
      if (this.buffer.length < end + 2 + length) break;
      const body = this.buffer.subarray(end + 2, end + 2 + length).toString('utf8');
      this.buffer = this.buffer.subarray(end + 2 + length);
      frames.push({ headers, body });
    }
    return frames;
  }

  get pendingBytes(): number {
    return this.buffer.length;
  }
}

export function splitFrames(stream: Buffer): WireFrame[] {
  return new FrameSplitter().push(stream);
}
