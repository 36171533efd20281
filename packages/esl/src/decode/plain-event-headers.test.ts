// Plain event headers: kept as wire text, cut out and URL-decoded when read, with the same answers as
// the flat list the other formats use.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventHeaders } from './event-headers.js';
import { decodePlainEvent } from './plain-event.js';

function headersOf(text: string) {
  const parts = decodePlainEvent(Buffer.from(text, 'utf8'));
  if (typeof parts === 'string') throw new Error(parts);
  return parts.headers;
}

describe('plain event headers', () => {
  const headers = headersOf('Event-Name: CODEC\nChannel-Read-Codec-Name: PCMU\nchannel-read-codec-name: PCMU\nX: first\nX: second\nCaller-Caller-ID-Name: Ann%20Lee\nEmpty: \n\n');

  it('looks names up exactly, the first of a repeated name winning', () => {
    expect(headers.get('Channel-Read-Codec-Name')).toBe('PCMU');
    expect(headers.get('CHANNEL-READ-CODEC-NAME')).toBeUndefined();
    expect(headers.get('X')).toBe('first');
    expect(headers.get('Event')).toBeUndefined();
    expect(headers.get('Event-Name-')).toBeUndefined();
    expect(headers.has('Empty')).toBe(true);
    expect(headers.get('Empty')).toBe('');
  });

  it('values kept URL-encoded from the wire are decoded when read, by every accessor', () => {
    expect(headers.get('Caller-Caller-ID-Name')).toBe('Ann Lee');
    expect([...headers.entries()].at(-2)).toEqual(['Caller-Caller-ID-Name', 'Ann Lee']);
    expect(headers.toObject()['Caller-Caller-ID-Name']).toBe('Ann Lee');
  });

  it('keeps wire order in size, names, entries and JSON', () => {
    expect(headers.size).toBe(7);
    expect(headers.names()).toEqual(['Event-Name', 'Channel-Read-Codec-Name', 'channel-read-codec-name', 'X', 'X', 'Caller-Caller-ID-Name', 'Empty']);
    expect(JSON.stringify(headers)).toBe('{"Event-Name":"CODEC","Channel-Read-Codec-Name":"PCMU","channel-read-codec-name":"PCMU","X":"first","Caller-Caller-ID-Name":"Ann Lee","Empty":""}');
  });

  it('an event decoded after another keeps its own header positions', () => {
    const first = headersOf('Event-Name: A\nUnique-ID: one\n\n');
    const second = headersOf('Event-Name: BB\n\n');
    expect(first.get('Unique-ID')).toBe('one');
    expect(second.get('Event-Name')).toBe('BB');
    expect(second.get('Unique-ID')).toBeUndefined();
  });

  it.each([
    { name: 'a name that ends another (ID in Unique-ID)', text: 'Event-Name: A\nUnique-ID: u1\n\n', read: 'ID', expected: undefined },
    { name: 'a name that begins another (Unique in Unique-ID)', text: 'Event-Name: A\nUnique-ID: u1\n\n', read: 'Unique', expected: undefined },
    { name: 'the first line, read by its name', text: 'Event-Name: A\nUnique-ID: u1\n\n', read: 'Event-Name', expected: 'A' },
    { name: 'the first line’s name is a prefix of the one read', text: 'Event: A\nEvent-Name: B\n\n', read: 'Event-Name', expected: 'B' },
    { name: 'the last header line', text: 'Event-Name: A\nLast: z%21\n\n', read: 'Last', expected: 'z!' },
    { name: 'a line of the body that looks like a header', text: 'Event-Name: A\nContent-Length: 11\n\nJob-UUID: x', read: 'Job-UUID', expected: undefined },
    { name: 'a value holding ": "', text: 'Event-Name: A\nX: a: b\n\n', read: 'X', expected: 'a: b' },
    { name: 'a name holding ": " (no line has it whole)', text: 'Event-Name: A\nX: a: b\n\n', read: 'X: a', expected: undefined },
    { name: 'an empty name', text: 'Event-Name: A\n\n', read: '', expected: undefined },
  ])('reads $name', ({ text, read, expected }) => {
    const found = headersOf(text);
    expect(found.get(read)).toBe(expected);
    expect(found.has(read)).toBe(expected !== undefined);
  });

  it('answers as the flat list built from the same lines, for any headers and any name read', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z_-]{0,6}$/);
    const value = fc.stringMatching(/^[ -~]{0,12}$/).map((raw) => raw.replace(/%/g, '%25'));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { minLength: 1, maxLength: 12 }), name, (lines, read) => {
        const text = `${lines.map(([n, v]) => `${n}: ${v}`).join('\n')}\n\n`;
        const lazy = headersOf(text);
        const flat = new EventHeaders(lines.flatMap(([n, v]) => [n, decodeURIComponent(v)]));
        for (const asked of [read, ...lines.map(([n]) => n)]) {
          expect(lazy.get(asked)).toBe(flat.get(asked));
          expect(lazy.has(asked)).toBe(flat.has(asked));
        }
        expect([...lazy.entries()]).toEqual([...flat.entries()]);
        expect(lazy.size).toBe(flat.size);
      }),
    );
  });

  it('events decoded one after another keep their headers when their positions fill a slab and spill into the next', () => {
    // 1,000 headers are 2,001 positions: 40 events overrun a slab of 16,384 entries several times.
    const events = Array.from({ length: 40 }, (_, event) => {
      const lines = Array.from({ length: 1_000 }, (_, line) => `H${line}: e${event}l${line}`);
      return headersOf(`Event-Name: E${event}\n${lines.join('\n')}\n\n`);
    });
    events.forEach((headers, event) => {
      expect(headers.get('Event-Name')).toBe(`E${event}`);
      expect(headers.get('H0')).toBe(`e${event}l0`);
      expect(headers.get('H999')).toBe(`e${event}l999`);
      expect(headers.size).toBe(1_001);
    });
  });
});
