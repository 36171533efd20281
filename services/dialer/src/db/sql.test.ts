import { describe, expect, it } from 'vitest';
import { integerLiteral, timestampLiteral, uuidLiteral } from './sql.js';

describe('statement literals', () => {
  it('literals › a uuid, an instant and a whole number are written as typed literals', () => {
    expect(uuidLiteral('campaign id', '0b9c7a52-3f0e-4c38-9d2a-6f1e2b3c4d5e')).toBe("'0b9c7a52-3f0e-4c38-9d2a-6f1e2b3c4d5e'::uuid");
    expect(timestampLiteral('claim time', new Date('2026-05-04T09:30:00.123Z'))).toBe("'2026-05-04T09:30:00.123Z'::timestamptz");
    expect(integerLiteral('claim limit', 20)).toBe('20');
  });

  it.each([
    ["0b9c7a52-3f0e-4c38-9d2a-6f1e2b3c4d5e'; DROP TABLE contacts; --"],
    ['0b9c7a52-3f0e-4c38-9d2a-6f1e2b3c4d5'],
    [''],
  ])('literals › %j is refused as a uuid, naming the field', (value) => {
    expect(() => uuidLiteral('campaign id', value)).toThrow(/^campaign id must be a uuid/);
  });

  it('literals › an invalid date and a number that is not whole are refused', () => {
    expect(() => timestampLiteral('claim time', new Date(Number.NaN))).toThrow('claim time must be a valid date');
    expect(() => integerLiteral('claim limit', 1.5)).toThrow('claim limit must be a whole number');
    expect(() => integerLiteral('claim limit', Number.POSITIVE_INFINITY)).toThrow('claim limit must be a whole number');
  });
});
