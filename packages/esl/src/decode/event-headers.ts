// An event's headers: names as FreeSWITCH wrote them, values decoded (when read), in wire order. Stored
// as one flat array because an event carries ~150 headers and a consumer reads a handful: building a hash
// map per event cost more than all the lookups it would save (BENCHMARKS.md, "Why the headers are a flat array").
// Plain events keep their wire text instead (plain-event-headers.ts); both answer through the same methods.
export class EventHeaders {
  /** name, value, name, value, ... */
  private readonly flat: readonly string[];

  constructor(flat: readonly string[]) {
    this.flat = flat;
  }

  static fromRecord(record: Readonly<Record<string, string>>): EventHeaders {
    const flat: string[] = [];
    for (const name of Object.keys(record)) flat.push(name, record[name] as string);
    return new EventHeaders(flat);
  }

  /** How many headers, repeated names counted each time. */
  get size(): number {
    return this.flat.length / 2;
  }

  /** The index of the first header with this exact name, or -1. */
  protected indexOf(name: string): number {
    const flat = this.flat;
    for (let index = 0; index < flat.length; index += 2) {
      if (flat[index] === name) return index / 2;
    }
    return -1;
  }

  protected nameAt(index: number): string {
    return this.flat[index * 2] as string;
  }

  protected valueAt(index: number): string {
    return this.flat[index * 2 + 1] as string;
  }

  /** The value of the first header with this exact name (FreeSWITCH's switch_event_get_header does the same). */
  get(name: string): string | undefined {
    const index = this.indexOf(name);
    return index === -1 ? undefined : this.valueAt(index);
  }

  has(name: string): boolean {
    return this.indexOf(name) !== -1;
  }

  names(): string[] {
    const names: string[] = [];
    for (let index = 0; index < this.size; index += 1) names.push(this.nameAt(index));
    return names;
  }

  *entries(): IterableIterator<[string, string]> {
    for (let index = 0; index < this.size; index += 1) yield [this.nameAt(index), this.valueAt(index)];
  }

  /** A plain object in wire order (the first value of a repeated name wins, as in get()). */
  toObject(): Record<string, string> {
    const record = Object.create(null) as Record<string, string>;
    for (let index = 0; index < this.size; index += 1) {
      const name = this.nameAt(index);
      if (!Object.hasOwn(record, name)) record[name] = this.valueAt(index);
    }
    return record;
  }

  toJSON(): Record<string, string> {
    return this.toObject();
  }
}
