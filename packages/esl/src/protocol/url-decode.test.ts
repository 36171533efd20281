import { describe, expect, it } from 'vitest';
import { urlDecode } from './url-decode.js';

describe('url decoding of plain event header values', () => {
  it.each([
    ['no escapes', 'loopback/answer_park-a', 'loopback/answer_park-a'],
    ['space and colon', '2026-11-24%2018%3A46%3A43', '2026-11-24 18:46:43'],
    ['IPv6', 'fd00%3A%3A2', 'fd00::2'],
    ['# in a DTMF digit', '%23', '#'],
    ['UTF-8 as two escapes', 'caf%C3%A9', 'café'],
    ['FreeSWITCH passed %41 through: decoding loses it', 'x%3D%41', 'x=A'],
    ['a literal % not followed by hex stays', '100%', '100%'],
    ['a literal %zz stays', '%zz%20ok', '%zz ok'],
    ['a lone UTF-8 lead byte stays escaped, the rest decodes', '%C3x%20y', '%C3x y'],
    ['an invalid sequence between valid ones', '%C3%A9%FF%C3%A9', 'é%FFé'],
    ['lower-case hex decodes too', '%c3%a9', 'é'],
    ['a truncated escape at the end', 'abc%4', 'abc%4'],
  ])('%s: %j -> %j', (_name, input, expected) => {
    expect(urlDecode(input)).toBe(expected);
  });
});
