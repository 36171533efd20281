// text/event-xml bodies: `<event><headers><Name>url-encoded value</Name>...</headers>` then, for an
// event with a body, `<Content-Length>N</Content-Length><body>...</body>`, indented by two spaces
// (switch_event_xmlize() in src/switch_event.c; captures README point 7, c1_event_subscription_commands).
// A purpose-built reader for that fixed shape, not a general XML parser.
import { urlDecode } from '../protocol/url-decode.js';
import { EventHeaders } from './event-headers.js';
import type { DecodedEventParts } from './plain-event.js';

const HEADER_LINE = /^\s*<([^\s<>/]+)>([^<]*)<\/\1>\s*$/;
const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(ENTITY, (_match, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return NAMED[entity] ?? '';
  });
}

/** Returns the decoded parts, or a sentence saying what is wrong with the text. */
export function decodeXmlEvent(text: string): DecodedEventParts | string {
  const open = text.indexOf('<headers>');
  const close = text.indexOf('</headers>');
  if (!text.trimStart().startsWith('<event>') || open === -1 || close < open) return 'xml event without <event><headers>';
  const flat: string[] = [];
  for (const line of text.slice(open + '<headers>'.length, close).split('\n')) {
    if (line.trim() === '') continue;
    const match = HEADER_LINE.exec(line);
    if (match === null) return `not an xml header line: ${JSON.stringify(line.slice(0, 60))}`;
    flat.push(match[1] as string, urlDecode(decodeEntities(match[2] as string)));
  }
  const rest = text.slice(close + '</headers>'.length);
  const lengthMatch = /<Content-Length>(\d+)<\/Content-Length>/.exec(rest);
  const bodyOpen = rest.indexOf('<body>');
  const bodyClose = rest.lastIndexOf('</body>');
  if (lengthMatch === null || bodyOpen === -1 || bodyClose < bodyOpen) {
    return rest.trim() === '</event>' ? { headers: new EventHeaders(flat), body: undefined } : 'xml event with an unexpected tail after </headers>';
  }
  const declared = Number(lengthMatch[1]);
  flat.push('Content-Length', lengthMatch[1] as string);
  // The serializer indents the closing tag; Content-Length says where the body really ends.
  const raw = Buffer.from(decodeEntities(rest.slice(bodyOpen + '<body>'.length, bodyClose)), 'utf8');
  if (raw.length < declared) return `xml event Content-Length ${declared} but the body has ${raw.length} bytes`;
  return { headers: new EventHeaders(flat), body: raw.toString('utf8', 0, declared) };
}
