// An event's headers: names as FreeSWITCH wrote them, values decoded (when read), in wire order. Stored
// as one flat array because an event carries ~150 headers and a consumer reads a handful: building a hash
// map per event cost more than all the lookups it would save (BENCHMARKS.md, "Why the headers are a flat array").
import { urlDecode } from '../protocol/url-decode.js';

export class EventHeaders {
  /** name, value, name, value, ... */
  private readonly flat: readonly string[];
  /**
   * Values still URL-encoded as on the wire (plain events): decoded when read. A consumer reads a handful
   * of ~150 headers, so decoding them all up front was most of the decoder's time.
   */
  private readonly encoded: boolean;

  constructor(flat: readonly string[], options: { readonly urlEncoded?: boolean } = {}) {
    this.flat = flat;
    this.encoded = options.urlEncoded === true;
  }

  private value(index: number): string {
    const raw = this.flat[index] as string;
    return this.encoded ? urlDecode(raw) : raw;
  }

  static fromRecord(record: Readonly<Record<string, string>>): EventHeaders {
    const flat: string[] = [];
    for (const name of Object.keys(record)) flat.push(name, record[name] as string);
    return new EventHeaders(flat);
  }

  /** The value of the first header with this exact name (FreeSWITCH's switch_event_get_header does the same). */
  get(name: string): string | undefined {
    const flat = this.flat;
    for (let index = 0; index < flat.length; index += 2) {
      if (flat[index] === name) return this.value(index + 1);
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  get size(): number {
    return this.flat.length / 2;
  }

  names(): string[] {
    const names: string[] = [];
    for (let index = 0; index < this.flat.length; index += 2) names.push(this.flat[index] as string);
    return names;
  }

  *entries(): IterableIterator<[string, string]> {
    for (let index = 0; index < this.flat.length; index += 2) yield [this.flat[index] as string, this.value(index + 1)];
  }

  /** A plain object in wire order (the first value of a repeated name wins, as in get()). */
  toObject(): Record<string, string> {
    const record = Object.create(null) as Record<string, string>;
    for (let index = 0; index < this.flat.length; index += 2) {
      const name = this.flat[index] as string;
      if (!Object.hasOwn(record, name)) record[name] = this.value(index + 1);
    }
    return record;
  }

  toJSON(): Record<string, string> {
    return this.toObject();
  }
}
