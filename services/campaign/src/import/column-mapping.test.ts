import { describe, expect, it } from 'vitest';
import { ValidationError } from '@ringpace/errors';
import { resolveColumns } from './column-mapping.js';
import type { ColumnMappingRefs } from './import-header.js';

const refs = (phone: string, extra: Partial<ColumnMappingRefs> = {}): ColumnMappingRefs => ({ phone, name: undefined, timezone: undefined, fields: [], ...extra });

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    throw error;
  }
  return '';
}

describe('column mapping', () => {
  it('header names match exactly, then ignoring case and spaces; positions still work', () => {
    const resolved = resolveColumns(refs('Tel', { name: 'NAME', timezone: '4', fields: [['amount', 'amount']] }), ['name', ' tel ', 'amount', 'zone'], 4);
    expect(resolved).toEqual({ phone: 1, name: 0, timezone: 3, fields: [['amount', 2]], phoneLabel: '"tel"' });
  });

  it('without a header, columns are 1-based positions bounded by the first row', () => {
    expect(resolveColumns(refs('2'), undefined, 3)).toMatchObject({ phone: 1, phoneLabel: 'column 2' });
    expect(message(() => resolveColumns(refs('5'), undefined, 3))).toBe('header.columns.phone: no column 5: the first row has 3 columns');
  });

  it('a missing column fails naming the header field and listing the columns found', () => {
    expect(message(() => resolveColumns(refs('mobile', { fields: [['due', 'Due date']] }), ['name', 'tel', 'amount'], 3))).toBe(
      'header.columns.phone: no column "mobile" in the header (found: name, tel, amount); header.columns.fields["due"]: no column "Due date" in the header (found: name, tel, amount)',
    );
  });
});
