// Header values of plain and XML events are URL-encoded by switch_url_encode() (src/switch_utils.c).
// Its encoding is lossy: a `%` already followed by two hex digits is passed through, so the value
// `x=%41` arrives as `x%3D%41` and decodes to `x=A` [captures README point 6, h_controller_misc].
// Nothing can undo that; what we guarantee is that decoding never throws and never drops bytes.

/** Decodes %XX escapes; a `%` that does not start a valid escape, or bytes that are not UTF-8, stay as they were. */
export function urlDecode(value: string): string {
  if (value.indexOf('%') === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return tolerantDecode(value);
  }
}

/** Slow path for values decodeURIComponent rejects (a literal `%` passed through, or `%C3` alone). */
function tolerantDecode(value: string): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const percent = value.indexOf('%', i);
    if (percent === -1) {
      out += value.slice(i);
      break;
    }
    out += value.slice(i, percent);
    // Collect a run of %XX escapes and decode it as UTF-8 bytes, keeping invalid sequences literal.
    let end = percent;
    const bytes: number[] = [];
    while (end + 2 < value.length && value.charCodeAt(end) === 0x25 && isHex(value.charCodeAt(end + 1)) && isHex(value.charCodeAt(end + 2))) {
      bytes.push(parseInt(value.slice(end + 1, end + 3), 16));
      end += 3;
    }
    if (bytes.length === 0) {
      out += '%';
      i = percent + 1;
      continue;
    }
    out += decodeBytesKeepingInvalid(bytes, value.slice(percent, end));
    i = end;
  }
  return out;
}

function decodeBytesKeepingInvalid(bytes: number[], escaped: string): string {
  const decoded = Buffer.from(bytes).toString('utf8');
  if (!decoded.includes('\uFFFD')) return decoded;
  // Decode escape by escape: valid UTF-8 sequences become characters, the rest keep their %XX form.
  let out = '';
  let index = 0;
  while (index < bytes.length) {
    const length = sequenceLength(bytes, index);
    if (length === 0) {
      out += escaped.slice(index * 3, index * 3 + 3);
      index += 1;
      continue;
    }
    out += Buffer.from(bytes.slice(index, index + length)).toString('utf8');
    index += length;
  }
  return out;
}

/** Length of the valid UTF-8 sequence starting at `index`, or 0 if it is not one. */
function sequenceLength(bytes: number[], index: number): number {
  const first = bytes[index] ?? 0xff;
  const expected = first < 0x80 ? 1 : first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
  if (expected === 0 || index + expected > bytes.length) return 0;
  const candidate = Buffer.from(bytes.slice(index, index + expected));
  return candidate.toString('utf8').includes('\uFFFD') ? 0 : expected;
}

function isHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}
