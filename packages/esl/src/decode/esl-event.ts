// The decoded form of a FreeSWITCH event, the same whichever of the three wire formats carried it.
import { isEventName, type EventName } from '../model/event-name.js';
import type { EventHeaders } from './event-headers.js';

export const EventFormat = { Plain: 'plain', Json: 'json', Xml: 'xml' } as const;
export type EventFormat = (typeof EventFormat)[keyof typeof EventFormat];

export interface EslEvent {
  readonly name: EventName;
  /** Names as FreeSWITCH wrote them, values decoded (URL-decoding for plain and XML), in wire order. */
  readonly headers: EventHeaders;
  /** `Event-Subclass` of a CUSTOM event (`conference::maintenance`). */
  readonly subclass: string | undefined;
  /**
   * `Unique-ID`: the channel the event is about. After an originate with `origination_uuid` it is that
   * uuid from CHANNEL_UUID on; the CODEC events before it carry the channel's first uuid [d1].
   */
  readonly uniqueId: string | undefined;
  readonly format: EventFormat;
  /** The event's own body (BACKGROUND_JOB `+OK <uuid>\n`), `_body` in JSON; undefined when it has none. */
  readonly body: string | undefined;
}

/** An event whose Event-Name is not in switch_event.c's list (a newer FreeSWITCH): passed on, not fatal. */
export interface UnknownEvent {
  readonly name: string;
  readonly format: EventFormat;
  readonly headers: EventHeaders;
  readonly body: string | undefined;
}

export function makeEvent(format: EventFormat, headers: EventHeaders, body: string | undefined): EslEvent | UnknownEvent | undefined {
  const name = headers.get('Event-Name');
  if (name === undefined) return undefined;
  if (!isEventName(name)) return { name, format, headers, body };
  return { name, headers, subclass: name === 'CUSTOM' ? headers.get('Event-Subclass') : undefined, uniqueId: headers.get('Unique-ID'), format, body };
}

export function isKnownEvent(event: EslEvent | UnknownEvent): event is EslEvent {
  return isEventName(event.name);
}
