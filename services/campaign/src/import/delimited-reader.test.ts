import { describe, expect, it } from 'vitest';
import { DelimitedReader, MAX_LINE_CHARS, MAX_RECORD_LINES, detectDelimiter, parseQuoted, type DelimitedReaderOptions } from './delimited-reader.js';
import type { SourceRecord } from './source-record.js';

const csv: DelimitedReaderOptions = { quoting: true, delimiter: undefined };
const txt: DelimitedReaderOptions = { quoting: false, delimiter: undefined };

function read(text: string, options: DelimitedReaderOptions = csv, chunkChars = text.length || 1): SourceRecord[] {
  const reader = new DelimitedReader(options);
  const records: SourceRecord[] = [];
  for (let at = 0; at < text.length; at += chunkChars) records.push(...reader.push(text.slice(at, at + chunkChars)));
  records.push(...reader.end());
  return records;
}

function shape(records: SourceRecord[]): string[] {
  return records.map((record) => (record.kind === 'row' ? `${record.line}: ${JSON.stringify(record.cells)}` : `${record.line}: MALFORMED ${record.detail}`));
}

describe('delimited reader', () => {
  it.each([
    ['LF', 'phone,name\n138,Li\n139,Wang\n'],
    ['CRLF', 'phone,name\r\n138,Li\r\n139,Wang\r\n'],
    ['CR only (classic Mac)', 'phone,name\r138,Li\r139,Wang\r'],
    ['no final line break', 'phone,name\n138,Li\n139,Wang'],
  ])('csv › %s line endings give the same rows and lines', (_name, text) => {
    expect(shape(read(text))).toEqual(['1: ["phone","name"]', '2: ["138","Li"]', '3: ["139","Wang"]']);
  });

  it('csv › a quoted field may hold delimiters, doubled quotes and line breaks; later lines keep their numbers', () => {
    const text = 'phone,name,note\n138,"Li, Na","say ""hi""\nsecond line\nthird"\n139,Wang,x\n';
    expect(shape(read(text))).toEqual([
      '1: ["phone","name","note"]',
      '2: ["138","Li, Na","say \\"hi\\"\\nsecond line\\nthird"]',
      '5: ["139","Wang","x"]',
    ]);
  });

  it('csv › any chunking of the text yields the same records', () => {
    const text = 'phone,name\r\n138,"multi\r\nline"\r\n\r\n139,"a ""b"""\r\n140,c';
    const whole = shape(read(text));
    for (const size of [1, 2, 3, 5, 7]) expect(shape(read(text, csv, size))).toEqual(whole);
  });

  it.each([
    ['a row with a column missing', '138,Li,1\n139,Wang\n140,Zhao,3\n', '2: MALFORMED expected 3 columns, found 2'],
    ['a row with a column too many', '138,Li,1\n139,Wang,2,x\n140,Zhao,3\n', '2: MALFORMED expected 3 columns, found 4'],
    ['a character after a closing quote', '138,Li,1\n139,"Wang"x,2\n140,Zhao,3\n', '2: MALFORMED unexpected character after the closing quote of column 2'],
  ])('csv › %s is rejected alone and the next row is read', (_name, text, rejected) => {
    expect(shape(read(text))).toEqual(['1: ["138","Li","1"]', rejected, '3: ["140","Zhao","3"]']);
  });

  it('csv › a quote that never closes costs its own line only: the lines it swallowed are read again', () => {
    const text = ['phone,name,amount', '138,"Li,1', '139,Wang,2', '140,Zhao,3'].join('\n');
    expect(shape(read(text))).toEqual(['1: ["phone","name","amount"]', '2: MALFORMED no closing quote before the end of the file', '3: ["139","Wang","2"]', '4: ["140","Zhao","3"]']);
  });

  it('csv › a later stray quote that would close an open one is seen through: the broken line alone is rejected', () => {
    const text = ['phone,name,amount', '138,"Li,1', '139,Wang,2', '140,Zhao"x,3', '141,Sun,4'].join('\n');
    expect(shape(read(text))).toEqual([
      '1: ["phone","name","amount"]',
      '2: MALFORMED unexpected character after the closing quote of column 2',
      '3: ["139","Wang","2"]',
      '4: ["140","Zhao\\"x","3"]',
      '5: ["141","Sun","4"]',
    ]);
  });

  it(`csv › an open quote is given up after ${MAX_RECORD_LINES} lines`, () => {
    const rows = Array.from({ length: MAX_RECORD_LINES + 10 }, (_, i) => `${200 + i},n${i}`);
    const records = read(['phone,name', '138,"Li', ...rows].join('\n'));
    expect(shape(records).slice(0, 3)).toEqual(['1: ["phone","name"]', `2: MALFORMED no closing quote within ${MAX_RECORD_LINES} lines`, '3: ["200","n0"]']);
    expect(records.filter((record) => record.kind === 'row')).toHaveLength(rows.length + 1);
  });

  it('csv › blank lines and rows of empty cells are skipped but counted as lines; trailing empty cells are padding', () => {
    expect(shape(read('phone,name\n\n  \n,\n138,Li,,\n'))).toEqual(['1: ["phone","name"]', '5: ["138","Li"]']);
  });

  it('csv › a row with bytes the decoder could not read is malformed', () => {
    expect(shape(read('phone,name\n138,L\uFFFD\n139,Wang\n'))).toEqual(['1: ["phone","name"]', "2: MALFORMED bytes that are not text in the file's encoding", '3: ["139","Wang"]']);
  });

  it('csv › a line longer than the limit is rejected without being kept, and reading goes on', () => {
    const long = `138,${'x'.repeat(MAX_LINE_CHARS + 10)}`;
    const records = read(`phone,name\n${long}\n139,Wang\n`, csv, 64 * 1024);
    expect(shape(records)).toEqual(['1: ["phone","name"]', `2: MALFORMED line longer than ${MAX_LINE_CHARS} characters`, '3: ["139","Wang"]']);
  });

  it.each([
    ['138,Li', ','],
    ['138\tLi', '\t'],
    ['138;Li;"a,b"', ';'],
    ['138|Li', '|'],
    ['13812345678', null],
    ['"a;b";c;d,e', ';'],
  ])('delimiter › detected on %j as %j', (line, expected) => {
    expect(detectDelimiter(line, true)).toBe(expected);
  });

  it('txt › one number per line, quotes are plain characters', () => {
    expect(shape(read('13812345678\n"13912345678"\n+86 137 1234 5678\n', txt))).toEqual(['1: ["13812345678"]', '2: ["\\"13912345678\\""]', '3: ["+86 137 1234 5678"]']);
  });

  it('txt › delimited columns use the declared delimiter', () => {
    expect(shape(read('138;Li\n139;Wang\n', { quoting: false, delimiter: ';' }))).toEqual(['1: ["138","Li"]', '2: ["139","Wang"]']);
  });

  it('parseQuoted › reports an open quote and spaces after a closing quote', () => {
    expect(parseQuoted('a,"b', ',')).toEqual({ kind: 'open' });
    expect(parseQuoted('"a" ,b', ',')).toEqual({ kind: 'fields', fields: ['a', 'b'] });
    expect(parseQuoted('a,', ',')).toEqual({ kind: 'fields', fields: ['a', ''] });
  });
});
