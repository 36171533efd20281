import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@ringpace/testing';
import { arrayLiteral, inTransactionOpenedBy, integerLiteral, orNull, textLiteral, timestampLiteral, uuidLiteral } from './sql.js';

describe('statement literals', () => {
  it('literals › a uuid, an instant and a whole number are written as typed literals', () => {
    expect(uuidLiteral('campaign id', '0b9c7a52-3f0e-4c38-9d2a-6f1e2b3c4d5e')).toBe("'0b9c7a52-3f0e-4c38-9d2a-6f1e2b3c4d5e'::uuid");
    expect(timestampLiteral('claim time', new Date('2026-05-04T09:30:00.123Z'))).toBe("'2026-05-04T09:30:00.123Z'::timestamptz");
    expect(integerLiteral('claim limit', 20)).toBe('20');
    expect(orNull(null, (value: number) => integerLiteral('round', value))).toBe('NULL');
    expect(arrayLiteral('int', ['1', '2'])).toBe('ARRAY[1, 2]::int[]');
    expect(arrayLiteral('uuid', [])).toBe('ARRAY[]::uuid[]');
  });

  it.each([
    ["0b9c7a52-3f0e-4c38-9d2a-6f1e2b3c4d5e'; DROP TABLE contacts; --"],
    ['0b9c7a52-3f0e-4c38-9d2a-6f1e2b3c4d5'],
    [''],
  ])('literals › %j is refused as a uuid, naming the field', (value) => {
    expect(() => uuidLiteral('campaign id', value)).toThrow(/^campaign id must be a uuid/);
  });

  it('literals › an invalid date, a number that is not whole and text with a NUL are refused', () => {
    expect(() => timestampLiteral('claim time', new Date(Number.NaN))).toThrow('claim time must be a valid date');
    expect(() => integerLiteral('claim limit', 1.5)).toThrow('claim limit must be a whole number');
    expect(() => integerLiteral('claim limit', Number.POSITIVE_INFINITY)).toThrow('claim limit must be a whole number');
    expect(() => textLiteral('gateway', 'gw\u0000')).toThrow('gateway must not contain a NUL character');
  });

  it('literals › quotes are doubled, and backslashes doubled inside an E string', () => {
    expect(textLiteral('gateway', "o'brien")).toBe("'o''brien'");
    expect(textLiteral('gateway', 'a\\b')).toBe("E'a\\\\b'");
  });
});

describe('statement literals against PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ poolMax: 2 });
  });
  afterAll(async () => {
    await database.drop();
  });

  it('literals › text of any shape reads back exactly as written, in a transaction opened and closed in one round trip each', async () => {
    const texts = ["it's", "'); DROP TABLE contacts; --", 'back\\slash\\', "\\'", 'E\'x\'', '$$ $1 $tag$', 'ünïcødé ☎'];
    const read = await inTransactionOpenedBy(database.db.pool, [`SELECT ${arrayLiteral('text', texts.map((text) => textLiteral('text', text)))} AS texts`], (_sql, opened) =>
      Promise.resolve({
        statements: [`SELECT ${timestampLiteral('at', new Date('2026-05-04T09:30:00.123Z'))} AS at, ${orNull(null, (v: string) => textLiteral('v', v))}::text AS missing`],
        finish: ([closed]) => ({ texts: opened[0]?.rows[0]?.['texts'], at: closed?.rows[0]?.['at'], missing: closed?.rows[0]?.['missing'] }),
      }),
    );
    expect(read).toEqual({ texts, at: new Date('2026-05-04T09:30:00.123Z'), missing: null });
  });
});
