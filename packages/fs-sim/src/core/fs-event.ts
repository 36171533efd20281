// One FreeSWITCH event (switch_event_t of src/switch_event.c): an ordered list of headers that may repeat, and
// an optional body. Header semantics follow switch_event_base_add_header().
import type { EventName } from './event-names.js';

export type Header = readonly [name: string, value: string];

export class FsEvent {
  readonly headers: Array<[string, string]> = [];
  body: string | undefined;

  constructor(
    readonly name: EventName,
    readonly subclass?: string,
  ) {}

  /**
   * switch_event_add_header_string(SWITCH_STACK_BOTTOM): an empty value adds nothing and deletes an existing
   * header of that name (`if (zstr(data)) switch_event_del_header(...)`); otherwise headers may repeat.
   */
  add(name: string, value: string | number | undefined): this {
    if (value === undefined) return this;
    const text = String(value);
    if (text === '') {
      this.del(name);
      return this;
    }
    this.headers.push([name, text]);
    return this;
  }

  /** SWITCH_STACK_TOP. */
  addTop(name: string, value: string): this {
    if (value !== '') this.headers.unshift([name, value]);
    return this;
  }

  /** switch_event_get_header(): the first header of that name, compared case-insensitively. */
  get(name: string): string | undefined {
    const wanted = name.toLowerCase();
    return this.headers.find(([key]) => key.toLowerCase() === wanted)?.[1];
  }

  del(name: string): void {
    const wanted = name.toLowerCase();
    for (let i = this.headers.length - 1; i >= 0; i--) {
      if (this.headers[i]![0].toLowerCase() === wanted) this.headers.splice(i, 1);
    }
  }
}
