// How an event is written inside a text/event-plain|json|xml frame: switch_event_serialize(),
// switch_event_serialize_json() and switch_event_xmlize() + switch_xml_toxml() of FreeSWITCH 1.10.12
// (src/switch_event.c, src/cJSON.c print_string_ptr, src/switch_xml.c switch_xml_toxml_r).
import type { FsEvent } from '../core/fs-event.js';
import { switchUrlEncode } from './url-encode.js';

export const EventFormat = { Plain: 'plain', Json: 'json', Xml: 'xml' } as const;
export type EventFormat = (typeof EventFormat)[keyof typeof EventFormat];

/** switch_event_serialize(event, &str, SWITCH_TRUE): URL-encoded values, `_undef_` for an empty one. */
export function serializePlain(event: FsEvent): string {
  let out = '';
  for (const [name, value] of event.headers) {
    const encoded = switchUrlEncode(value);
    out += `${name}: ${encoded === '' ? '_undef_' : encoded}\n`;
  }
  const body = event.body ?? '';
  if (body !== '') return `${out}Content-Length: ${Buffer.byteLength(body)}\n\n${body}`;
  return `${out}\n`;
}

/** cJSON_PrintUnformatted of switch_event_serialize_json_obj(): raw values, body as Content-Length + _body. */
export function serializeJson(event: FsEvent): string {
  const parts: string[] = [];
  for (const [name, value] of event.headers) parts.push(`${cjsonString(name)}:${cjsonString(value)}`);
  if (event.body !== undefined) {
    parts.push(`"Content-Length":"${Buffer.byteLength(event.body)}"`, `"_body":${cjsonString(event.body)}`);
  }
  return `{${parts.join(',')}}`;
}

// print_string_ptr(): only `"`, `\` and bytes below 0x20 are escaped; UTF-8 passes through.
function cjsonString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (code >= 0x20) out += char;
    else if (char === '\b') out += '\\b';
    else if (char === '\f') out += '\\f';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/**
 * switch_event_xmlize() rendered by switch_xml_toxml(xml, SWITCH_FALSE): header values URL-encoded as text of
 * one element each under <headers>, two-space indentation, the body in <Content-Length> and <body>.
 */
export function serializeXml(event: FsEvent): string {
  let out = '<event>\n  <headers>\n';
  for (const [name, value] of event.headers) {
    out += `    <${name}>${xmlText(switchUrlEncode(value))}</${name}>\n`;
  }
  out += '  </headers>\n';
  const body = event.body ?? '';
  if (body !== '') {
    out += `  <Content-Length>${Buffer.byteLength(body)}</Content-Length>\n`;
    const text = xmlText(body);
    // switch_xml_toxml_r indents a closing tag that follows a newline of the element's own text.
    out += `  <body>${text}${text.endsWith('\n') ? '  ' : ''}</body>\n`;
  }
  return `${out}</event>\n`;
}

// switch_xml_ampencode(..., a = 0): text content escapes & < > and CR only.
function xmlText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;'));
}

export function serializeEvent(event: FsEvent, format: EventFormat): string {
  switch (format) {
    case EventFormat.Plain:
      return serializePlain(event);
    case EventFormat.Json:
      return serializeJson(event);
    case EventFormat.Xml:
      return serializeXml(event);
  }
}
