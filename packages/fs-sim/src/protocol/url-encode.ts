// switch_url_encode() of FreeSWITCH 1.10 (src/switch_utils.c, switch_url_encode_opt with double_encode off):
// how every header value of a plain or XML event is written on the wire.

// src/include/switch_utils.h, SWITCH_URL_UNSAFE, plus what switch_url_encode_opt escapes besides: bytes below
// a space and above `~` (a signed char compare, so every byte >= 0x80).
const ESCAPED = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) ESCAPED[byte] = byte < 0x20 || byte > 0x7e ? 1 : 0;
for (const char of '\r\n #%&+:;<=>?@[\\]^`{|}"') ESCAPED[char.charCodeAt(0)] = 1;
const HEX = '0123456789ABCDEF';
/** Any character that needs work; most values (uuids, names, numbers) have none and are returned as they are. */
const NEEDS_WORK = /[^A-Za-z0-9!$'()*,\-./_~]/;

function isUpperHex(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46));
}

/**
 * Encodes the UTF-8 bytes of `value`. A `%` already followed by two upper-case hex digits is copied as is
 * (switch_url_encode_opt: `!double_encode && *p == '%' && e-p > 1`), which is why `x=%41` reaches the wire as
 * `x%3D%41` and URL-decoding such a value is lossy.
 */
export function switchUrlEncode(value: string): string {
  if (!NEEDS_WORK.test(value)) return value;
  const bytes = Buffer.from(value, 'utf8');
  let out = '';
  const last = bytes.length - 1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    const keep = byte === 0x25 && last - i > 1 && isUpperHex(bytes[i + 1]) && isUpperHex(bytes[i + 2]);
    if (!keep && ESCAPED[byte] === 1) {
      out += `%${HEX[byte >> 4]!}${HEX[byte & 0x0f]!}`;
    } else {
      out += String.fromCharCode(byte);
    }
  }
  return out;
}
