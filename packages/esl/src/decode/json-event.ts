// text/event-json bodies: one compact JSON object, every value a string, the event's own body under
// `_body` (switch_event_serialize_json() in src/switch_event.c; captures README point 7).
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
  const headers = parsed as Record<string, unknown>;
  let body: string | undefined;
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') continue;
    if (Array.isArray(value)) {
      const joined = arrayToPlain(value);
      if (joined === undefined) return `event header ${JSON.stringify(name)} is an array of non-strings`;
      headers[name] = joined;
      continue;
    }
    return `event header ${JSON.stringify(name)} is ${value === null ? 'null' : typeof value}, not a string`;
  }
  if ('_body' in headers) {
    body = headers._body as string;
    delete headers._body;
  }
  return { headers: headers as Record<string, string>, body };
}
