import { describe, expect, it } from 'vitest';
import { switchUrlEncode } from './url-encode.js';

describe('switchUrlEncode › header values as switch_url_encode writes them', () => {
  it.each([
    ['plain text stays', 'CHANNEL_CREATE', 'CHANNEL_CREATE'],
    ['space, colon and hash are escaped', '2026-11-24 18:59:21', '2026-11-24%2018%3A59%3A21'],
    ['comma, slash, parentheses, dot, dash, underscore and tilde pass', 'a,b/c(d).e-f_g~h', 'a,b/c(d).e-f_g~h'],
    ['reserved characters are escaped in upper-case hex', '{x=1&y<2>}', '%7Bx%3D1%26y%3C2%3E%7D'],
    ['UTF-8 bytes are escaped one by one', 'café', 'caf%C3%A9'],
    ['a % before two upper-case hex digits passes unchanged (lossy, as in h)', 'x=%41', 'x%3D%41'],
    ['a % before lower-case hex is escaped', '%4a', '%254a'],
    ['a % with one character left is escaped', 'a%4', 'a%254'],
    ['a lone % at the end is escaped', '100%', '100%25'],
    ['control characters are escaped', 'a\nb\tc', 'a%0Ab%09c'],
    ['DEL is escaped', 'a\u007fb', 'a%7Fb'],
    ['the empty value stays empty', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(switchUrlEncode(input)).toBe(expected);
  });
});
