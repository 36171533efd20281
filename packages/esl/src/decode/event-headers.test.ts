// EventHeaders: exact-name lookup, first match wins, wire order kept.
import { describe, expect, it } from 'vitest';
import { EventHeaders } from './event-headers.js';

describe('event headers', () => {
  const headers = new EventHeaders(['Event-Name', 'CODEC', 'Channel-Read-Codec-Name', 'PCMU', 'channel-read-codec-name', 'PCMU', 'X', 'first', 'X', 'second']);

  it('looks names up exactly (CODEC events carry lower-case duplicates [d1])', () => {
    expect(headers.get('Channel-Read-Codec-Name')).toBe('PCMU');
    expect(headers.get('channel-read-codec-name')).toBe('PCMU');
    expect(headers.get('CHANNEL-READ-CODEC-NAME')).toBeUndefined();
    expect(headers.has('Event-Name')).toBe(true);
  });

  it('the first of a repeated name wins, as in switch_event_get_header', () => {
    expect(headers.get('X')).toBe('first');
    expect(headers.toObject().X).toBe('first');
  });

  it('keeps wire order in names, entries, toObject and JSON', () => {
    expect(headers.size).toBe(5);
    expect(headers.names()).toEqual(['Event-Name', 'Channel-Read-Codec-Name', 'channel-read-codec-name', 'X', 'X']);
    expect([...headers.entries()][1]).toEqual(['Channel-Read-Codec-Name', 'PCMU']);
    expect(JSON.stringify(headers)).toBe('{"Event-Name":"CODEC","Channel-Read-Codec-Name":"PCMU","channel-read-codec-name":"PCMU","X":"first"}');
    expect(EventHeaders.fromRecord({ a: '1', b: '2' }).names()).toEqual(['a', 'b']);
  });

  it('a header named __proto__ is just a header', () => {
    const odd = new EventHeaders(['__proto__', 'x']);
    expect(odd.get('__proto__')).toBe('x');
    expect(Object.keys(odd.toObject())).toEqual(['__proto__']);
  });
});
