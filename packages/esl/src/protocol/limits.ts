// The bounds that keep a misbehaving peer from growing the parser's memory without limit.

export interface FrameLimits {
  /** Largest header block (the bytes before the blank line). FreeSWITCH's are under 400 bytes. */
  readonly maxHeaderBytes: number;
  /** Largest Content-Length accepted. `show channels as json` is ~1 KB per channel. */
  readonly maxBodyBytes: number;
}

export const DEFAULT_FRAME_LIMITS: FrameLimits = {
  maxHeaderBytes: 16 * 1024,
  maxBodyBytes: 16 * 1024 * 1024,
};
