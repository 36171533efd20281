// text/event-json bodies: one compact JSON object, every value a string, the event's own body under
// `_body` (switch_event_serialize_json() in src/switch_event.c; captures README point 7).
import { EventHeaders } from './event-headers.js';
import type { DecodedEventParts } from './plain-event.js';

/**
 * Multi-valued headers are JSON arrays; plain events write them as `ARRAY::a|:b`
 * (switch_event_add_header "ARRAY::" convention), so both formats decode to the same string.
 */
function arrayToPlain(values: unknown[]): string | undefined {
  let out = 'ARRAY::';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'string') return undefined;
    out += i === 0 ? value : `|:${value}`;
  }
  return out;
}

/** Returns the decoded parts, or a sentence saying what is wrong with the text. */
export function decodeJsonEvent(text: string): DecodedEventParts | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `event body is not JSON: ${(error as Error).message}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'event body is not a JSON object';
  const record = parsed as Record<string, unknown>;
  const flat: string[] = [];
  let body: string | undefined;
  for (const name in record) {
    const value = record[name];
    if (typeof value === 'string') {
      if (name === '_body') body = value;
      else flat.push(name, value);
      continue;
    }
    const joined = Array.isArray(value) ? arrayToPlain(value) : undefined;
    if (joined === undefined) return `event header ${JSON.stringify(name)} is ${value === null ? 'null' : Array.isArray(value) ? 'an array of non-strings' : typeof value}, not a string`;
    flat.push(name, joined);
  }
  return { headers: new EventHeaders(flat), body };
}
