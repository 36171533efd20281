// What one event-socket connection wants to receive: the event list and CUSTOM subclasses set by
// event/nixevent/noevents, the header filters and the myevents binding. Mirrors parse_command() and
// event_handler() of src/mod/event_handlers/mod_event_socket/mod_event_socket.c (1.10.12).
import { EVENT_NAMES, type EventName, nameEvent } from '../core/event-names.js';
import type { FsEvent } from '../core/fs-event.js';
import { EventFormat } from './event-serializer.js';

const ALL: EventName = 'ALL';
/** The event types `myevents` turns on (parse_command, "myevents" branch). */
const MYEVENTS_TYPES: readonly EventName[] = [
  'CHANNEL_ANSWER', 'CHANNEL_APPLICATION', 'CHANNEL_BRIDGE', 'CHANNEL_CREATE', 'CHANNEL_DATA', 'CHANNEL_DESTROY',
  'CHANNEL_EXECUTE', 'CHANNEL_EXECUTE_COMPLETE', 'CHANNEL_HANGUP', 'CHANNEL_HANGUP_COMPLETE', 'CHANNEL_ORIGINATE',
  'CHANNEL_UUID', 'CHANNEL_OUTGOING', 'CHANNEL_PARK', 'CHANNEL_PROGRESS', 'CHANNEL_PROGRESS_MEDIA', 'CHANNEL_STATE',
  'CHANNEL_UNBRIDGE', 'CHANNEL_UNPARK', 'DETECTED_SPEECH', 'DTMF', 'NOTALK', 'TALK',
];

/** CUSTOM subclasses the simulated modules register, which `event ... ALL` subscribes to (set_all_custom). */
export const REGISTERED_SUBCLASSES: readonly string[] = [
  'sofia::register', 'sofia::unregister', 'sofia::gateway_state', 'sofia::gateway_add', 'sofia::gateway_delete',
  'conference::maintenance',
];

export class Subscription {
  format: EventFormat = EventFormat.Plain;
  /** LFLAG_EVENTS */
  enabled = false;
  /** LFLAG_MYEVENTS, and the session it is bound to (undefined: bound to none, the c5 quirk). */
  myEvents = false;
  boundUuid: string | undefined;
  private readonly list = new Set<EventName>();
  private readonly customs = new Set<string>();
  private filters: Array<[string, string]> = [];

  /** `event [plain|json|xml] NAME...`; returns the reply text. */
  event(args: string[]): string {
    let keys = 0;
    let custom = false;
    args.forEach((word, index) => {
      if (index === 0) {
        const format = word.toLowerCase();
        if (format === 'xml' || format === 'plain' || format === 'json') {
          this.format = format;
          return;
        }
      }
      if (custom) {
        this.customs.add(word);
        return;
      }
      const type = nameEvent(word);
      if (type === undefined) return;
      keys++;
      if (type === ALL) {
        for (const name of EVENT_NAMES) this.list.add(name);
        for (const subclass of REGISTERED_SUBCLASSES) this.customs.add(subclass);
      }
      this.list.add(type);
      if (type === 'CUSTOM') custom = true;
    });
    if (keys === 0) return '-ERR no keywords supplied';
    this.enabled = true;
    return `+OK event listener enabled ${this.format}`;
  }

  /** `nixevent NAME...` */
  nixEvent(args: string[]): string {
    let keys = 0;
    let custom = false;
    for (const word of args) {
      if (custom) {
        this.customs.delete(word);
        continue;
      }
      const type = nameEvent(word);
      if (type === undefined) continue;
      keys++;
      if (type === 'CUSTOM') {
        custom = true;
      } else if (type === ALL) {
        this.list.clear();
      } else {
        // Removing one type from ALL keeps every other type: the ALL flag is traded for the explicit list.
        if (this.list.has(ALL)) {
          this.list.delete(ALL);
          for (const name of EVENT_NAMES) if (name !== ALL) this.list.add(name);
        }
        this.list.delete(type);
      }
    }
    if (keys === 0) return '-ERR no keywords supplied';
    this.enabled = true;
    return '+OK events nixed';
  }

  /** `noevents` */
  noEvents(): string {
    if (!this.enabled) return '-ERR not listening for events';
    this.enabled = false;
    this.list.clear();
    this.customs.clear();
    return '+OK no longer listening for events';
  }

  enableMyEvents(): void {
    for (const name of MYEVENTS_TYPES) this.list.add(name);
    this.myEvents = true;
    this.enabled = true;
  }

  /**
   * `filter ...` (FreeSWITCH keeps the filters in an event without EF_UNIQ_HEADERS: names may repeat, an empty
   * value adds nothing and removes that name). `line` is the text after `filter `.
   */
  filter(line: string): string {
    let rest = line.replace(/^ +/, '');
    let [name, value] = splitOnce(rest);
    if (name.toLowerCase() === 'delete' && value !== undefined) {
      rest = value;
      [name, value] = splitOnce(rest);
      if (name.toLowerCase() === 'all') {
        this.filters = [];
      } else {
        const wanted = name.toLowerCase();
        this.filters = this.filters.filter(([n, v]) => !(n.toLowerCase() === wanted && (!value || v === value)));
      }
      return `+OK filter deleted. [${name}][${value ?? ''}]`;
    }
    if (value === undefined) return '-ERR invalid syntax';
    if (name.toLowerCase() === 'add') {
      [name, value] = splitOnce(value);
    }
    if (value === undefined) return `+OK filter added. [${name}]=[(null)]`;
    if (value === '') {
      const wanted = name.toLowerCase();
      this.filters = this.filters.filter(([n]) => n.toLowerCase() !== wanted);
    } else {
      this.filters.push([name, value]);
    }
    return `+OK filter added. [${name}]=[${value}]`;
  }

  /** event_handler(): the subscription test, then the filters, then the myevents binding. */
  wants(event: FsEvent): boolean {
    if (!this.enabled) return false;
    let send = false;
    if (this.list.has(ALL)) {
      send = true;
    } else if (this.list.has(event.name)) {
      send = event.name !== 'CUSTOM' || event.subclass === undefined || this.customs.has(event.subclass);
    }
    if (send && this.filters.length > 0) send = this.passesFilters(event);
    if (send && this.myEvents) {
      const uuid = event.get('unique-id');
      if (uuid === undefined || (this.boundUuid !== undefined && uuid !== this.boundUuid)) send = false;
      if (this.boundUuid !== undefined && event.get('Job-Owner-UUID') === this.boundUuid) send = true;
    }
    return send;
  }

  // Once any filter exists an event must match one: `+`/`-` prefixes choose include or exclude, a value starting
  // with `/` is a regular expression (switch_regex_perform), anything else is compared case-insensitively.
  private passesFilters(event: FsEvent): boolean {
    let send = false;
    for (const [name, rawValue] of this.filters) {
      const headerValue = event.get(name);
      if (headerValue === undefined) continue;
      let compareTo = rawValue;
      let positive = true;
      while (compareTo.length > 0 && (compareTo[0] === '+' || compareTo[0] === '-' || compareTo[0] === ' ')) {
        if (compareTo[0] === '+') positive = true;
        else if (compareTo[0] === '-') positive = false;
        compareTo = compareTo.slice(1);
      }
      if (send && positive) continue;
      const matched = rawValue.startsWith('/')
        ? regexMatches(headerValue, compareTo)
        : headerValue.toLowerCase() === compareTo.toLowerCase();
      if (matched) {
        if (positive) {
          send = true;
        } else {
          send = false;
          break;
        }
      }
    }
    return send;
  }
}

function splitOnce(text: string): [string, string | undefined] {
  const space = text.indexOf(' ');
  return space < 0 ? [text, undefined] : [text.slice(0, space), text.slice(space + 1)];
}

const regexCache = new Map<string, RegExp | null>();

/** switch_regex_perform(): `/pattern/flags` with flags i and s; a pattern that does not compile matches nothing. */
function regexMatches(subject: string, expression: string): boolean {
  let compiled = regexCache.get(expression);
  if (compiled === undefined) {
    compiled = compileRegex(expression);
    regexCache.set(expression, compiled);
  }
  return compiled !== null && compiled.test(subject);
}

function compileRegex(expression: string): RegExp | null {
  let pattern = expression;
  let flags = '';
  if (pattern.startsWith('/')) {
    const end = pattern.lastIndexOf('/');
    if (end <= 0) return null;
    const options = pattern.slice(end + 1);
    pattern = pattern.slice(1, end);
    if (options.includes('i')) flags += 'i';
    if (options.includes('s')) flags += 's';
  }
  try {
    return new RegExp(pattern, flags);
  } catch {
    return null;
  }
}
