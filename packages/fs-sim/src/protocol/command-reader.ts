// Splits what a client writes into commands the way read_packet() of mod_event_socket.c (1.10.12) does:
// a command is a block of lines ended by two LFs (CRs are tolerated), its first line is the command, the
// other `Name: value` lines are headers, and a Content-Length header makes exactly that many body bytes follow.

/** read_packet(): `max_len = 10485760`; a header block this long is cut and treated as complete. */
export const MAX_COMMAND_BYTES = 10 * 1024 * 1024;
/** FreeSWITCH allocates whatever Content-Length says; the simulator refuses bodies above this and hangs up. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ClientCommand {
  /** The first line, as `strip_cr()` leaves it: cut at the first CR or LF. */
  readonly line: string;
  /** Header lines in order; names keep their case, lookups are case-insensitive as in switch_event_get_header. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string | undefined;
}

export function commandHeader(command: ClientCommand, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return command.headers.find(([key]) => key.toLowerCase() === wanted)?.[1];
}

export type ReadResult = { ok: true; commands: ClientCommand[] } | { ok: false; reason: 'body-too-large' };

export class CommandReader {
  private block: Buffer[] = [];
  private blockBytes = 0;
  private newlineRun = 0;
  private pending: { line: string; headers: Array<[string, string]>; bodyBytes: number } | undefined;
  private bodyChunks: Buffer[] = [];
  private bodyReceived = 0;

  push(chunk: Buffer): ReadResult {
    const commands: ClientCommand[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.pending) {
        const take = Math.min(this.pending.bodyBytes - this.bodyReceived, chunk.length - offset);
        this.bodyChunks.push(chunk.subarray(offset, offset + take));
        this.bodyReceived += take;
        offset += take;
        if (this.bodyReceived === this.pending.bodyBytes) {
          const body = Buffer.concat(this.bodyChunks).toString('utf8');
          commands.push({ line: this.pending.line, headers: this.pending.headers, body });
          this.pending = undefined;
          this.bodyChunks = [];
          this.bodyReceived = 0;
        }
        continue;
      }
      const end = this.scanBlock(chunk, offset);
      if (end === undefined) break;
      offset = end;
      const parsed = parseBlock(Buffer.concat(this.block).toString('utf8'));
      this.block = [];
      this.blockBytes = 0;
      this.newlineRun = 0;
      if (parsed.bodyBytes > MAX_BODY_BYTES) return { ok: false, reason: 'body-too-large' };
      if (parsed.bodyBytes > 0) {
        this.pending = parsed;
      } else {
        commands.push({ line: parsed.line, headers: parsed.headers, body: undefined });
      }
    }
    return { ok: true, commands };
  }

  /** Consumes bytes of a header block; returns the offset after its end, or undefined if more is needed. */
  private scanBlock(chunk: Buffer, start: number): number | undefined {
    let offset = start;
    // "bah": CR or LF while nothing is buffered is thrown away, so blank lines between commands are harmless.
    if (this.blockBytes === 0) {
      while (offset < chunk.length && (chunk[offset] === 0x0d || chunk[offset] === 0x0a)) offset++;
      if (offset === chunk.length) return undefined;
    }
    const from = offset;
    for (; offset < chunk.length; offset++) {
      const byte = chunk[offset]!;
      if (byte === 0x0a) this.newlineRun++;
      else if (byte !== 0x0d) this.newlineRun = 0;
      if (this.newlineRun === 2 || this.blockBytes + (offset - from) + 1 >= MAX_COMMAND_BYTES) {
        this.block.push(chunk.subarray(from, offset + 1));
        this.blockBytes += offset + 1 - from;
        return offset + 1;
      }
    }
    this.block.push(chunk.subarray(from, offset));
    this.blockBytes += offset - from;
    return undefined;
  }
}

function parseBlock(text: string): { line: string; headers: Array<[string, string]>; bodyBytes: number } {
  const lines = text.split(/[\r\n]+/);
  const line = lines[0] ?? '';
  const headers: Array<[string, string]> = [];
  let bodyBytes = 0;
  for (const raw of lines.slice(1)) {
    if (raw === '') continue;
    const colon = raw.indexOf(':');
    if (colon < 0) continue;
    const name = raw.slice(0, colon);
    const value = raw.slice(colon + 1).replace(/^ +/, '');
    headers.push([name, value]);
    // `clen = atoi(val)`: leading digits count, anything else is 0, and only a positive length reads a body.
    if (name.toLowerCase() === 'content-length') bodyBytes = Math.max(0, Number.parseInt(value, 10) || 0);
  }
  return { line, headers, bodyBytes };
}
