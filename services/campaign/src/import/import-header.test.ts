import { describe, expect, it } from 'vitest';
import { ValidationError } from '@ringpace/errors';
import { ImportFormat, ImportHeader, TextEncoding } from '@ringpace/proto';
import { validateImportHeader } from './import-header.js';

const campaignId = '0b5c7a52-8f3e-4a8e-9d7e-1c2b3a4d5e6f';
const importId = '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';

function header(overrides: Partial<ImportHeader> = {}): ImportHeader {
  return { ...ImportHeader.fromPartial({ campaignId, importId, format: ImportFormat.CSV, hasHeader: true, columns: { phone: 'tel', name: '', timezone: '', fields: {} } }), ...overrides };
}

function violations(input: ImportHeader | undefined): string[] {
  try {
    validateImportHeader(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map((violation) => `${violation.field}: ${violation.message}`);
    throw error;
  }
  return [];
}

describe('import header', () => {
  it('a CSV header with a named phone column is read as it was sent', () => {
    expect(validateImportHeader(header({ delimiter: ';', listName: ' March ', columns: { phone: ' tel ', name: 'name', timezone: 'tz', fields: { amount: 'Amount' } } }))).toEqual({
      campaignId,
      importId,
      format: 'csv',
      encoding: undefined,
      delimiter: ';',
      hasHeader: true,
      columns: { phone: 'tel', name: 'name', timezone: 'tz', fields: [['amount', 'Amount']] },
      listName: 'March',
      sheet: undefined,
      sizeBytes: undefined,
    });
  });

  it('a TXT file without a mapping reads its number from the first column', () => {
    const valid = validateImportHeader(header({ format: ImportFormat.TXT, hasHeader: false, columns: undefined, encoding: TextEncoding.GBK }));
    expect(valid.columns.phone).toBe('1');
    expect(valid.encoding).toBe('gbk');
  });

  it.each([
    ['no header message', undefined, ['header: the first message of the stream must be the header']],
    ['ids that are not UUIDs', header({ campaignId: 'c1', importId: '' }), ['header.campaign_id: must be a campaign id (UUID)', 'header.import_id: must be a UUID chosen by the client (send the same one again to resume)']],
    ['no format', header({ format: ImportFormat.UNSPECIFIED }), ['header.format: must be CSV, XLSX or TXT']],
    ['a two-character delimiter', header({ delimiter: ';;' }), ['header.delimiter: must be one character other than a quote or a line break (or empty to detect)']],
    ['a CSV without a phone column', header({ columns: undefined }), ['header.columns.phone: is required: the header text of the column']],
    [
      'names where a file without header needs positions',
      header({ hasHeader: false, columns: { phone: 'mobile', name: '2', timezone: '', fields: {} } }),
      ['header.columns.phone: "mobile" is not a column position: the file has no header row, so columns are named by 1-based position ("1", "2", ...)'],
    ],
    [
      'a field name templates cannot use',
      header({ columns: { phone: 'tel', name: '', timezone: '', fields: { 'due date': 'Due' } } }),
      ['header.columns.fields["due date"]: a field name is letters, digits, "_", "." or "-", starts with a letter or "_" and has at most 64 characters'],
    ],
  ])('refuses %s, naming every field at once', (_name, input, expected) => {
    expect(violations(input)).toEqual(expected);
  });
});
