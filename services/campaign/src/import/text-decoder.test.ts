import { setImmediate as nextTurn } from 'node:timers/promises';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '@ringpace/errors';
import { TextEncodingLabel } from './import-header.js';
import { decodeText, SNIFF_WINDOW_BYTES, utf8Validity, type EncodingChoice } from './text-decoder.js';

const sample = '手机,姓名\n13812345678,张三\n13912345678,李四\n';

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) {
    await nextTurn();
    yield bytes.subarray(at, at + size);
  }
}

async function decode(bytes: Uint8Array, declared?: TextEncodingLabel, size = 4096): Promise<{ text: string; choice: EncodingChoice | undefined }> {
  let choice: EncodingChoice | undefined;
  let text = '';
  for await (const part of decodeText(chunked(bytes, size), declared, (made) => (choice = made))) text += part;
  return { text, choice };
}

const bom = { utf8: [0xef, 0xbb, 0xbf], utf16le: [0xff, 0xfe], utf16be: [0xfe, 0xff] };
const withBom = (prefix: number[], body: Buffer) => Buffer.concat([Buffer.from(prefix), body]);

describe('text decoder', () => {
  it.each([
    ['UTF-8 with BOM', withBom(bom.utf8, Buffer.from(sample, 'utf8')), undefined, { encoding: 'utf-8', how: 'bom' }],
    ['UTF-8 without BOM', Buffer.from(sample, 'utf8'), undefined, { encoding: 'utf-8', how: 'detected' }],
    ['GBK without declaration', iconv.encode(sample, 'gbk'), undefined, { encoding: 'gb18030', how: 'detected' }],
    ['GB18030 declared', iconv.encode(sample, 'gb18030'), TextEncodingLabel.Gb18030, { encoding: 'gb18030', how: 'declared' }],
    ['GBK declared', iconv.encode(sample, 'gbk'), TextEncodingLabel.Gbk, { encoding: 'gbk', how: 'declared' }],
    ['UTF-16LE with BOM', withBom(bom.utf16le, iconv.encode(sample, 'utf-16le')), undefined, { encoding: 'utf-16le', how: 'bom' }],
    ['UTF-16BE with BOM', withBom(bom.utf16be, iconv.encode(sample, 'utf-16be')), undefined, { encoding: 'utf-16be', how: 'bom' }],
    ['a BOM over a wrong declaration', withBom(bom.utf8, Buffer.from(sample, 'utf8')), TextEncodingLabel.Gbk, { encoding: 'utf-8', how: 'bom' }],
  ])('%s › decodes to the same text whatever the chunking', async (_name, bytes, declared, expected) => {
    for (const size of [1, 2, 3, 7, 4096]) {
      const { text, choice } = await decode(bytes, declared, size);
      expect(text).toBe(sample);
      expect(choice).toEqual(expected);
    }
  });

  it('detection › GBK whose first Chinese character comes after a long ASCII stretch is still GBK', async () => {
    const ascii = '13800000000,x\n'.repeat(Math.ceil((3 * SNIFF_WINDOW_BYTES) / 14));
    const text = `${ascii}13812345678,张三\n`;
    const decoded = await decode(iconv.encode(text, 'gbk'), undefined, 65_536);
    expect(decoded.choice).toEqual({ encoding: 'gb18030', how: 'detected' });
    expect(decoded.text).toBe(text);
  });

  it('detection › plain ASCII is reported as UTF-8 and passes through unchanged', async () => {
    const decoded = await decode(Buffer.from('phone\n13812345678\n'));
    expect(decoded).toEqual({ text: 'phone\n13812345678\n', choice: { encoding: 'utf-8', how: 'detected' } });
  });

  it('detection › an empty file decodes to nothing', async () => {
    expect((await decode(Buffer.alloc(0))).text).toBe('');
  });

  it('decoding › bytes invalid in the chosen encoding become U+FFFD (the row is rejected later)', async () => {
    const bytes = Buffer.concat([Buffer.from('phone\n', 'utf8'), Buffer.from([0xe5, 0xbc, 0xa0]), Buffer.from('\n'), Buffer.from([0xff, 0x41])]);
    const { text } = await decode(bytes, TextEncodingLabel.Utf8);
    expect(text).toBe('phone\n张\n\uFFFDA');
  });

  it.each([
    ['a zip archive (XLSX sent as CSV)', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'header.format'],
    ['a legacy .xls workbook', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), 'header.format'],
    ['UTF-16 without a BOM', iconv.encode('phone\n138\n', 'utf-16le'), 'header.encoding'],
  ])('refuses %s, naming the header field to fix', async (_name, bytes, field) => {
    const error = await decode(bytes).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations.map((violation) => violation.field)).toEqual([field]);
  });

  it.each([
    ['ASCII', [0x61, 0x62], 'valid'],
    ['two-byte', [0xc3, 0xa9], 'valid'],
    ['four-byte', [0xf0, 0x9f, 0x98, 0x80], 'valid'],
    ['overlong', [0xc0, 0xaf], 'invalid'],
    ['surrogate', [0xed, 0xa0, 0x80], 'invalid'],
    ['GBK "张"', [0xd5, 0xc5], 'invalid'],
    ['cut three-byte', [0x61, 0xe5, 0xbc], 'truncated'],
  ])('utf8Validity › %s is %s', (_name, bytes, expected) => {
    expect(utf8Validity(Uint8Array.from(bytes))).toBe(expected);
  });
});
