// text/event-json bodies: one compact JSON object, every value a string, the event's own body under
// `_body` (switch_event_serialize_json() in src/switch_event.c; captures README point 7).
// That fixed shape is read by a scanner straight into the flat header list (JSON.parse would build a
// 150-key object first); anything else (whitespace, arrays, non-string values, a bad escape) goes
// through JSON.parse. Both give the same headers, except that a repeated name is kept twice by the
// scanner (like plain decoding; get() returns the first) and once, last value, by JSON.parse.
import { EventHeaders } from './event-headers.js';
import type { DecodedEventParts } from './plain-event.js';

const QUOTE = 0x22;
const BACKSLASH = '\\';

/** Index of the quote closing the string that starts after `from`, skipping escaped quotes; -1 if none. */
function stringEnd(text: string, from: number): number {
  let end = text.indexOf('"', from);
  while (end !== -1) {
    let backslashes = 0;
    for (let index = end - 1; index >= from && text.charCodeAt(index) === 0x5c; index--) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}

function unescape(raw: string): string {
  return raw.indexOf(BACKSLASH) === -1 ? raw : (JSON.parse(`"${raw}"`) as string);
}

/** The compact all-strings object FreeSWITCH writes, or undefined to fall back to JSON.parse. */
function scan(text: string): DecodedEventParts | undefined {
  if (text.charCodeAt(0) !== 0x7b) return undefined;
  const flat: string[] = [];
  let body: string | undefined;
  let pos = 1;
  if (text.charCodeAt(pos) === 0x7d) return pos + 1 === text.length ? { headers: new EventHeaders(flat), body } : undefined;
  for (;;) {
    if (text.charCodeAt(pos) !== QUOTE) return undefined;
    const keyEnd = stringEnd(text, pos + 1);
    if (keyEnd === -1 || text.charCodeAt(keyEnd + 1) !== 0x3a || text.charCodeAt(keyEnd + 2) !== QUOTE) return undefined;
    const valueEnd = stringEnd(text, keyEnd + 3);
    if (valueEnd === -1) return undefined;
    const name = unescape(text.slice(pos + 1, keyEnd));
    const value = unescape(text.slice(keyEnd + 3, valueEnd));
    if (name === '_body') body = value;
    else flat.push(name, value);
    const next = text.charCodeAt(valueEnd + 1);
    if (next === 0x2c) {
      pos = valueEnd + 2;
      continue;
    }
    return next === 0x7d && valueEnd + 2 === text.length ? { headers: new EventHeaders(flat), body } : undefined;
  }
}

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

function parseGeneral(text: string): DecodedEventParts | string {
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

/** Returns the decoded parts, or a sentence saying what is wrong with the text. */
export function decodeJsonEvent(text: string): DecodedEventParts | string {
  try {
    return scan(text) ?? parseGeneral(text);
  } catch {
    // An escape JSON.parse rejects inside a string: let the general path produce the message.
    return parseGeneral(text);
  }
}
