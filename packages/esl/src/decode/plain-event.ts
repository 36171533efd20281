// text/event-plain bodies: the event serialized as `Name: url-encoded value` lines and an empty line,
// then, if the event has a body, `Content-Length: N` among the lines and N bytes after the empty line
// (switch_event_serialize() in src/switch_event.c; captures README point 6).
import { urlDecode } from '../protocol/url-decode.js';
import { EventHeaders } from './event-headers.js';

export interface DecodedEventParts {
  readonly headers: EventHeaders;
  readonly body: string | undefined;
}

const LFLF = '\n\n';

/** Returns the decoded parts, or a sentence saying what is wrong with the bytes. */
export function decodePlainEvent(bytes: Buffer): DecodedEventParts | string {
  const headerEnd = bytes.indexOf(LFLF);
  if (headerEnd === -1) return 'plain event without the empty line that ends its headers';
  const text = bytes.toString('utf8', 0, headerEnd);
  const flat: string[] = [];
  let declared: string | undefined;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const colon = text.indexOf(': ', start);
    if (colon <= start || colon > end) return `not a header line: ${JSON.stringify(text.slice(start, Math.min(end, start + 60)))}`;
    const name = text.slice(start, colon);
    const raw = text.slice(colon + 2, end);
    const value = raw.indexOf('%') === -1 ? raw : urlDecode(raw);
    if (name === 'Content-Length') declared = value;
    flat.push(name, value);
    start = end + 1;
  }
  const headers = new EventHeaders(flat);
  const bodyStart = headerEnd + 2;
  if (declared === undefined) {
    return bodyStart === bytes.length ? { headers, body: undefined } : `${bytes.length - bodyStart} bytes after the headers of an event without Content-Length`;
  }
  if (Number(declared) !== bytes.length - bodyStart || declared === '') {
    return `event Content-Length ${JSON.stringify(declared)} but ${bytes.length - bodyStart} bytes follow`;
  }
  return { headers, body: bytes.toString('utf8', bodyStart) };
}
