// switch_url_encode() of FreeSWITCH 1.10 (src/switch_utils.c, switch_url_encode_opt with double_encode off):
// how every header value of a plain or XML event is written on the wire.

// src/include/switch_utils.h, SWITCH_URL_UNSAFE.
const UNSAFE = new Set(Array.from('\r\n #%&+:;<=>?@[\\]^`{|}"', (c) => c.charCodeAt(0)));
const HEX = '0123456789ABCDEF';
const UPPER_HEX = new Set(Array.from(HEX, (c) => c.charCodeAt(0)));

/**
 * Encodes the UTF-8 bytes of `value`. A `%` already followed by two upper-case hex digits is copied as is
 * (switch_url_encode_opt: `!double_encode && *p == '%' && e-p > 1`), which is why `x=%41` reaches the wire as
 * `x%3D%41` and URL-decoding such a value is lossy.
 */
export function switchUrlEncode(value: string): string {
  const bytes = Buffer.from(value, 'utf8');
  if (isPlain(bytes)) return value;
  let out = '';
  const last = bytes.length - 1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    const keep = byte === 0x25 && last - i > 1 && UPPER_HEX.has(bytes[i + 1]!) && UPPER_HEX.has(bytes[i + 2]!);
    // `*p < ' ' || *p > '~'` on a signed char: control bytes, DEL and every byte >= 0x80 are escaped.
    if (!keep && (byte < 0x20 || byte > 0x7e || UNSAFE.has(byte))) {
      out += `%${HEX[byte >> 4]!}${HEX[byte & 0x0f]!}`;
    } else {
      out += String.fromCharCode(byte);
    }
  }
  return out;
}

function isPlain(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte < 0x20 || byte > 0x7e || UNSAFE.has(byte)) return false;
  }
  return true;
}
