import { describe, expect, it } from 'vitest';
import { RejectReason } from '@ringpace/proto';
import { RowClassifier, maskRaw, maskRow, type Candidate, type Rejection } from './row-classifier.js';
import type { SourceRecord } from './source-record.js';

function classifier(excluded: string[] = ['PREMIUM_RATE']): RowClassifier {
  return new RowClassifier({
    region: 'CN',
    excludedTypes: new Set(excluded),
    columns: { phone: 0, name: 1, timezone: 2, fields: [['amount', 3]], phoneLabel: '"tel"' },
  });
}

const row = (line: number, ...cells: string[]): SourceRecord => ({ kind: 'row', line, cells });

describe('row classifier', () => {
  it('a valid row becomes a contact in E.164 with its name, zone and fields', () => {
    expect(classifier().classify(row(2, ' 138 1234 5678 ', ' Zhang San ', 'asia/shanghai', '120.50'))).toEqual({
      kind: 'candidate',
      line: 2,
      phoneE164: '+8613812345678',
      name: 'Zhang San',
      fieldsJson: '{"amount":"120.50"}',
      timezone: 'Asia/Shanghai',
      raw: '138 1234 5678',
    } satisfies Candidate);
  });

  it.each([
    ['an empty phone cell', row(3, '  ', 'Li'), RejectReason.MISSING_NUMBER, 'the phone column "tel" is empty', '   '],
    ['letters', row(3, 'call me', 'Li'), RejectReason.INVALID_NUMBER, 'not a valid phone number for region CN', 'c***'],
    ['too few digits', row(3, '12345', 'Li'), RejectReason.INVALID_NUMBER, 'not a valid phone number for region CN', '1***'],
    ['a premium-rate number', row(3, '+1 900 555 1234', 'Li'), RejectReason.EXCLUDED_TYPE, 'PREMIUM_RATE numbers are excluded by the campaign', '+1900*****34'],
    ['a zone that does not exist', row(3, '13812345678', 'Li', 'Asia/Shangai'), RejectReason.INVALID_TIMEZONE, '"Asia/Shangai" is not an IANA time zone', '1381*****78'],
    ['a UTC offset instead of a zone', row(3, '13812345678', 'Li', '+08:00'), RejectReason.INVALID_TIMEZONE, '"+08:00" is not an IANA time zone', '1381*****78'],
    ['an unreadable row', { kind: 'malformed', line: 3, raw: '13812345678,"Li', detail: 'no closing quote' } as const, RejectReason.MALFORMED_ROW, 'no closing quote', '1381*****78,"***'],
  ])('%s is rejected with its reason, a detail and the raw value masked', (_name, record, reason, detail, masked) => {
    const outcome = classifier().classify(record);
    expect(outcome).toEqual({ kind: 'rejection', line: 3, reason, detail, rawMasked: masked.trim() } satisfies Rejection);
  });

  it('the same number written two ways is a duplicate of the first line; rows refused for other reasons do not claim it', () => {
    const rows = classifier();
    expect(rows.classify(row(2, '13812345678', 'Li', 'Mars/Base')).kind).toBe('rejection');
    expect(rows.classify(row(3, '+86 138-1234-5678', 'Li')).kind).toBe('candidate');
    expect(rows.classify(row(4, '008613812345678', 'Wang'))).toMatchObject({ reason: RejectReason.DUPLICATE_IN_FILE, detail: 'same number as line 3' });
    expect(rows.distinctNumbers).toBe(1);
  });

  it('a premium-rate number is accepted when the campaign excludes nothing', () => {
    expect(classifier([]).classify(row(2, '+19005551234', 'Li')).kind).toBe('candidate');
  });

  it('masking › numbers keep their first four and last two digits; other text its first character', () => {
    expect(maskRaw('+8613812345678')).toBe('+8613*******78');
    expect(maskRaw('abc')).toBe('a***');
    expect(maskRow('13812345678;Zhang San;120')).toBe('1381*****78;Z***;1***');
  });
});
