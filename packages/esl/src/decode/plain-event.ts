// text/event-plain bodies: the event serialized as `Name: url-encoded value` lines and an empty line,
// then, if the event has a body, `Content-Length: N` among the lines and N bytes after the empty line
// (switch_event_serialize() in src/switch_event.c; captures README point 6).
import { urlDecode } from '../protocol/url-decode.js';
import type { EventHeaders } from './event-headers.js';
import { PlainEventHeaders, PositionSlab } from './plain-event-headers.js';

export interface DecodedEventParts {
  readonly headers: EventHeaders;
  readonly body: string | undefined;
}

const CONTENT_LENGTH = 'Content-Length';
const positions = new PositionSlab();

/**
 * Returns the decoded parts, or a sentence saying what is wrong with the bytes. The bytes must be
 * valid UTF-8 (the frame decoder checks): one conversion to text, then one pass over the lines that
 * records where each starts and where its `: ` is; names and values are cut out when read.
 */
export function decodePlainEvent(bytes: Buffer): DecodedEventParts | string {
  const text = bytes.toString('utf8');
  let declared: string | undefined;
  let start = 0;
  let count = 0;
  positions.begin();
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end === -1) return 'plain event without the empty line that ends its headers';
    if (end === start) break;
    const colon = text.indexOf(': ', start);
    if (colon <= start || colon > end) return `not a header line: ${JSON.stringify(text.slice(start, Math.min(end, start + 60)))}`;
    if (colon - start === CONTENT_LENGTH.length && text.startsWith(CONTENT_LENGTH, start)) declared = urlDecode(text.slice(colon + 2, end));
    positions.push(start);
    positions.push(colon);
    count += 1;
    start = end + 1;
  }
  positions.push(start);
  const run = positions.end();
  const headers = new PlainEventHeaders(text, run.slab, run.offset, count);
  const bodyStart = start + 1;
  if (declared === undefined) {
    return bodyStart === text.length ? { headers, body: undefined } : `${text.length - bodyStart} characters after the headers of an event without Content-Length`;
  }
  const body = text.slice(bodyStart);
  // Content-Length counts bytes; the text is valid UTF-8, so its UTF-8 length is the byte count.
  if (declared === '' || Number(declared) !== Buffer.byteLength(body, 'utf8')) {
    return `event Content-Length ${JSON.stringify(declared)} but ${Buffer.byteLength(body, 'utf8')} bytes follow`;
  }
  return { headers, body };
}
