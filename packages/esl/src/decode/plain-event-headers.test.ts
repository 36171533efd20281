// Plain event headers: kept as wire text, cut out and URL-decoded when read, with the same answers as
// the flat list the other formats use.
import { describe, expect, it } from 'vitest';
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
});
