// The headers of a text/event-plain event, kept as the wire text and the positions of its lines: an
// event carries ~150 headers and a consumer reads a handful, so names and values are cut out (and
// URL-decoded) only when read. Slicing every line up front made ~300 strings per event, most of the
// garbage a media process makes under load; the positions go into a shared slab for the same reason.
import { urlDecode } from '../protocol/url-decode.js';
import { EventHeaders } from './event-headers.js';

/**
 * Line positions of many events, one slab after another: an event's positions are a run in the slab
 * current when it was decoded, so decoding allocates no array per event. A slab is freed with the last
 * event that points into it (events are read and dropped as they arrive); 64 KB, so an event someone
 * keeps holds little beside its own text.
 */
export class PositionSlab {
  private static readonly ENTRIES = 1 << 14;
  private slab = new Int32Array(PositionSlab.ENTRIES);
  private used = 0;
  private runStart = 0;

  /** Starts the run of the next event; the run so far (if any) is abandoned. */
  begin(): void {
    this.runStart = this.used;
  }

  push(position: number): void {
    if (this.used === this.slab.length) this.moveRun();
    this.slab[this.used] = position;
    this.used += 1;
  }

  /** Ends the current run and returns where it lives. */
  end(): { readonly slab: Int32Array; readonly offset: number } {
    return { slab: this.slab, offset: this.runStart };
  }

  /** The slab is full: the current run moves to a fresh slab big enough for it. */
  private moveRun(): void {
    const length = this.used - this.runStart;
    const next = new Int32Array(Math.max(PositionSlab.ENTRIES, length * 2));
    next.set(this.slab.subarray(this.runStart, this.used));
    this.slab = next;
    this.runStart = 0;
    this.used = length;
  }
}

export class PlainEventHeaders extends EventHeaders {
  /**
   * `bounds[offset + 2i]` is where line i starts, `bounds[offset + 2i + 1]` where its `: ` is; the entry
   * after the last line's is one past its newline, so line i's value ends at `bounds[offset + 2i + 2] - 1`.
   */
  constructor(
    private readonly text: string,
    private readonly bounds: Int32Array,
    private readonly offset: number,
    private readonly count: number,
  ) {
    super([]);
  }

  override get size(): number {
    return this.count;
  }

  protected override indexOf(name: string): number {
    const { text, bounds, offset } = this;
    const length = name.length;
    const last = offset + this.count * 2;
    for (let slot = offset; slot < last; slot += 2) {
      const start = bounds[slot] as number;
      if ((bounds[slot + 1] as number) - start === length && text.startsWith(name, start)) return (slot - offset) / 2;
    }
    return -1;
  }

  protected override nameAt(index: number): string {
    const slot = this.offset + index * 2;
    return this.text.slice(this.bounds[slot], this.bounds[slot + 1]);
  }

  protected override valueAt(index: number): string {
    const slot = this.offset + index * 2;
    return urlDecode(this.text.slice((this.bounds[slot + 1] as number) + 2, (this.bounds[slot + 2] as number) - 1));
  }
}
