// The headers of a text/event-plain event, kept as the wire text and the positions of its lines: an
// event carries ~150 headers and a consumer reads a handful, so names and values are cut out (and
// URL-decoded) only when read. Slicing every line up front made ~300 strings per event, most of the
// garbage a media process makes under load.
import { urlDecode } from '../protocol/url-decode.js';
import { EventHeaders } from './event-headers.js';

export class PlainEventHeaders extends EventHeaders {
  /**
   * `bounds[2i]` is where line i starts, `bounds[2i + 1]` where its `: ` is; the last entry is one past
   * the newline of the last line, so line i's value ends at `bounds[2i + 2] - 1`.
   */
  constructor(
    private readonly text: string,
    private readonly bounds: readonly number[],
  ) {
    super([]);
  }

  override get size(): number {
    return (this.bounds.length - 1) / 2;
  }

  protected override indexOf(name: string): number {
    const { text, bounds } = this;
    const length = name.length;
    const last = bounds.length - 1;
    for (let slot = 0; slot < last; slot += 2) {
      const start = bounds[slot] as number;
      if ((bounds[slot + 1] as number) - start === length && text.startsWith(name, start)) return slot / 2;
    }
    return -1;
  }

  protected override nameAt(index: number): string {
    return this.text.slice(this.bounds[index * 2], this.bounds[index * 2 + 1]);
  }

  protected override valueAt(index: number): string {
    return urlDecode(this.text.slice((this.bounds[index * 2 + 1] as number) + 2, (this.bounds[index * 2 + 2] as number) - 1));
  }
}
