// Bytes of a CSV/TXT file → text, chunk by chunk. The encoding is the one the BOM names (a BOM beats a
// declaration, as in the WHATWG Encoding Standard), else the declared one, else detected: ASCII passes
// through untouched until the first byte ≥ 0x80, where the next 64 KiB decide UTF-8 (valid) or GB18030.
import iconv from 'iconv-lite';
import { ValidationError } from '@ringpace/errors';
import { TextEncodingLabel } from './import-header.js';

/** How far past the first non-ASCII byte detection looks; UTF-8 that is valid this long is UTF-8. */
export const SNIFF_WINDOW_BYTES = 64 * 1024;
/** Undecodable bytes become U+FFFD; the row holding one is rejected as malformed. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

export interface EncodingChoice {
  readonly encoding: TextEncodingLabel;
  readonly how: 'bom' | 'declared' | 'detected';
}

interface Decoder {
  write(bytes: Buffer): string;
  end(): string;
}

function decoderFor(encoding: TextEncodingLabel): Decoder {
  if (encoding === TextEncodingLabel.Utf8) {
    // Node's own decoder: the common case, and several times faster than a JS one.
    const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
    return { write: (bytes) => utf8.decode(bytes, { stream: true }), end: () => utf8.decode() };
  }
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
  return { write: (bytes) => decoder.write(bytes), end: () => decoder.end() ?? '' };
}

function bomOf(bytes: Buffer): { encoding: TextEncodingLabel; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: TextEncodingLabel.Utf8, length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: TextEncodingLabel.Utf16le, length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: TextEncodingLabel.Utf16be, length: 2 };
  return undefined;
}

/** Refuses what is obviously not a text file, naming the header field that chose the wrong reader. */
function assertText(start: Buffer): void {
  if (start[0] === 0x50 && start[1] === 0x4b && start[2] === 0x03 && start[3] === 0x04) {
    throw new ValidationError([{ field: 'header.format', message: 'the file is a zip archive (an XLSX workbook?), not CSV or TXT text' }]);
  }
  if (start[0] === 0xd0 && start[1] === 0xcf && start[2] === 0x11 && start[3] === 0xe0) {
    throw new ValidationError([{ field: 'header.format', message: 'the file is a legacy Excel (.xls) workbook; save it as XLSX or CSV' }]);
  }
}

/**
 * Whether `bytes` is UTF-8: 'valid', 'invalid', or 'truncated' when only the last sequence is cut
 * (the window ended inside it). Overlong forms and surrogates are invalid, as for a strict decoder.
 */
export function utf8Validity(bytes: Uint8Array, start = 0): 'valid' | 'invalid' | 'truncated' {
  let i = start;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return 'invalid';
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k += 1) {
      if (i + k >= bytes.length) return 'truncated';
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) return 'invalid';
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 'invalid';
    i += need + 1;
  }
  return 'valid';
}

function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i += 1) if (bytes[i]! >= 0x80) return i;
  return -1;
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Decodes the file's chunks into text chunks. `onEncoding` learns the choice once it is made (for the
 * import's log); a file that never leaves ASCII reports UTF-8.
 */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array>,
  declared: TextEncodingLabel | undefined,
  onEncoding: (choice: EncodingChoice) => void = () => undefined,
): AsyncGenerator<string, void, undefined> {
  const iterator = chunks[Symbol.asyncIterator]();
  const pull = async (): Promise<Buffer | undefined> => {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return undefined;
      if (next.value.byteLength > 0) return asBuffer(next.value);
    }
  };

  // Enough bytes to see a BOM or a zip signature.
  let head: Buffer = Buffer.alloc(0);
  let ended = false;
  while (head.length < 4 && !ended) {
    const chunk = await pull();
    if (chunk === undefined) ended = true;
    else head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
  }
  assertText(head);

  let decoder: Decoder | undefined;
  let chosen: TextEncodingLabel | undefined;
  const choose = (choice: EncodingChoice) => {
    decoder = decoderFor(choice.encoding);
    chosen = choice.encoding;
    onEncoding(choice);
  };
  const bom = bomOf(head);
  if (bom !== undefined) {
    choose({ encoding: bom.encoding, how: 'bom' });
    head = head.subarray(bom.length);
  } else if (declared !== undefined) {
    choose({ encoding: declared, how: 'declared' });
  }

  // NUL never occurs in 8-bit text: this is binary, or UTF-16 that came without its BOM.
  if (chosen !== TextEncodingLabel.Utf16le && chosen !== TextEncodingLabel.Utf16be && head.includes(0)) {
    throw new ValidationError([{ field: 'header.encoding', message: 'the file holds NUL bytes: binary, or UTF-16 without a byte order mark (declare UTF16LE or UTF16BE)' }]);
  }

  let pending: Buffer | undefined = head;
  for (;;) {
    const chunk: Buffer | undefined = pending ?? (ended ? undefined : await pull());
    pending = undefined;
    if (chunk === undefined) break;
    if (decoder !== undefined) {
      const text = decoder.write(chunk);
      if (text !== '') yield text;
      continue;
    }
    // Undecided: ASCII reads the same in UTF-8 and GB18030, so it passes through as is.
    const at = firstNonAscii(chunk);
    if (at < 0) {
      if (chunk.length > 0) yield chunk.toString('latin1');
      continue;
    }
    if (at > 0) yield chunk.toString('latin1', 0, at);
    let window: Buffer = chunk.subarray(at);
    while (window.length < SNIFF_WINDOW_BYTES && !ended) {
      const more = await pull();
      if (more === undefined) ended = true;
      else window = Buffer.concat([window, more]);
    }
    const validity = utf8Validity(window);
    choose({ encoding: validity === 'invalid' || (validity === 'truncated' && ended) ? TextEncodingLabel.Gb18030 : TextEncodingLabel.Utf8, how: 'detected' });
    pending = window;
  }
  if (decoder === undefined) {
    onEncoding({ encoding: TextEncodingLabel.Utf8, how: 'detected' });
    return;
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}
