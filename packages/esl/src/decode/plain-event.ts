// text/event-plain bodies: the event serialized as `Name: url-encoded value` lines and an empty line,
// then, if the event has a body, `Content-Length: N` among the lines and N bytes after the empty line
// (switch_event_serialize() in src/switch_event.c; captures README point 6).
import { urlDecode } from '../protocol/url-decode.js';
import { EventHeaders } from './event-headers.js';

export interface DecodedEventParts {
  readonly headers: EventHeaders;
  readonly body: string | undefined;
}

/**
 * Returns the decoded parts, or a sentence saying what is wrong with the bytes. The bytes must be
 * valid UTF-8 (the frame decoder checks): one conversion to text, then one pass over the lines; values
 * stay URL-encoded until read (EventHeaders).
 */
export function decodePlainEvent(bytes: Buffer): DecodedEventParts | string {
  const text = bytes.toString('utf8');
  const flat: string[] = [];
  let declared: string | undefined;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end === -1) return 'plain event without the empty line that ends its headers';
    if (end === start) break;
    const colon = text.indexOf(': ', start);
    if (colon <= start || colon > end) return `not a header line: ${JSON.stringify(text.slice(start, Math.min(end, start + 60)))}`;
    const name = text.slice(start, colon);
    const raw = text.slice(colon + 2, end);
    if (name === 'Content-Length') declared = urlDecode(raw);
    flat.push(name, raw);
    start = end + 1;
  }
  const headers = new EventHeaders(flat, { urlEncoded: true });
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
