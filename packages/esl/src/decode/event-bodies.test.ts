// Event body decoders on hand-made inputs: the edges the captures do not reach.
import { describe, expect, it } from 'vitest';
import { decodeJsonEvent } from './json-event.js';
import { decodePlainEvent, type DecodedEventParts } from './plain-event.js';
import { decodeXmlEvent } from './xml-event.js';

/** Headers as a plain object, so a table can state them. */
function parts(result: DecodedEventParts | string): { headers: Record<string, string>; body: string | undefined } | string {
  return typeof result === 'string' ? result : { headers: { ...result.headers.toObject() }, body: result.body };
}

const plain = (text: string) => parts(decodePlainEvent(Buffer.from(text, 'utf8')));

describe('plain event bodies', () => {
  it.each([
    ['headers only', 'Event-Name: HEARTBEAT\nUp-Time: 0%20years\n\n', { headers: { 'Event-Name': 'HEARTBEAT', 'Up-Time': '0 years' }, body: undefined }],
    ['with a body counted in bytes', 'Event-Name: BACKGROUND_JOB\nContent-Length: 6\n\ncafé\n', { headers: { 'Event-Name': 'BACKGROUND_JOB', 'Content-Length': '6' }, body: 'café\n' }],
  ])('%s', (_name, input, expected) => {
    expect(plain(input)).toEqual(expected);
  });

  it.each([
    ['no empty line', 'Event-Name: HEARTBEAT\n'],
    ['a line without ": "', 'Event-Name HEARTBEAT\n\n'],
    ['a body shorter than its Content-Length', 'Event-Name: BACKGROUND_JOB\nContent-Length: 9\n\n+OK\n'],
    ['a body longer than its Content-Length', 'Event-Name: BACKGROUND_JOB\nContent-Length: 1\n\n+OK\n'],
    ['bytes after the headers of an event without body', 'Event-Name: HEARTBEAT\n\nstray'],
    ['a non-numeric Content-Length', 'Event-Name: X\nContent-Length: \n\n'],
  ])('rejects %s', (_name, input) => {
    expect(typeof plain(input)).toBe('string');
  });
});

describe('json event bodies', () => {
  it('takes _body out of the headers', () => {
    expect(parts(decodeJsonEvent('{"Event-Name":"BACKGROUND_JOB","Content-Length":"4","_body":"+OK\\n"}'))).toEqual({ headers: { 'Event-Name': 'BACKGROUND_JOB', 'Content-Length': '4' }, body: '+OK\n' });
  });

  it('writes multi-valued headers the way plain events do', () => {
    expect(parts(decodeJsonEvent('{"Event-Name":"CUSTOM","X":["a","b"]}'))).toEqual({ headers: { 'Event-Name': 'CUSTOM', X: 'ARRAY::a|:b' }, body: undefined });
  });

  it.each([['not JSON', '{"Event-Name":'], ['an array', '[]'], ['a number value', '{"Event-Name":"X","N":1}'], ['a null value', '{"Event-Name":"X","N":null}'], ['an array of objects', '{"X":[{}]}']])(
    'rejects %s',
    (_name, input) => {
      expect(typeof decodeJsonEvent(input)).toBe('string');
    },
  );
});

describe('xml event bodies', () => {
  const xml = (headers: string, tail = '') => `<event>\n  <headers>\n${headers}  </headers>\n${tail}</event>\n`;

  it('url-decodes header values and cuts the body at Content-Length', () => {
    const text = xml('    <Event-Name>BACKGROUND_JOB</Event-Name>\n    <Job-Command-Arg>a%20b%26c</Job-Command-Arg>\n', '  <Content-Length>4</Content-Length>\n  <body>+OK\n  </body>\n');
    expect(parts(decodeXmlEvent(text))).toEqual({ headers: { 'Event-Name': 'BACKGROUND_JOB', 'Job-Command-Arg': 'a b&c', 'Content-Length': '4' }, body: '+OK\n' });
  });

  it('decodes XML entities in the body', () => {
    const text = xml('    <Event-Name>CUSTOM</Event-Name>\n', '  <Content-Length>4</Content-Length>\n  <body>&lt;b&gt;\n</body>\n');
    expect(decodeXmlEvent(text)).toMatchObject({ body: '<b>\n' });
  });

  it.each([
    ['no <headers>', '<event>\n</event>\n'],
    ['a header line that is not an element', xml('    Event-Name: X\n')],
    ['a body shorter than Content-Length', xml('    <Event-Name>X</Event-Name>\n', '  <Content-Length>40</Content-Length>\n  <body>+OK</body>\n')],
    ['an unexpected tail', xml('    <Event-Name>X</Event-Name>\n', '  <junk/>\n')],
  ])('rejects %s', (_name, input) => {
    expect(typeof decodeXmlEvent(input)).toBe('string');
  });
});
