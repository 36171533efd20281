import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@ringpace/clock';
import { createTestDatabase, type TestDatabase } from '@ringpace/testing';
import { ImportFormat, ImportStatus, RejectReason, TextEncoding } from '@ringpace/proto';
import { chunksOf, createTenantWithCampaign, importHeader, runImport, type TenantFixture } from './import-test-support.js';
import { importToProto } from './import-summary.js';
import { listImportRejections } from './import-rejections.js';

let database: TestDatabase;
const clock = new ManualClock(Date.UTC(2026, 10, 24, 9, 0, 0));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

async function fixture(): Promise<TenantFixture> {
  return createTenantWithCampaign(database.db, clock.now());
}

async function contactsOf(campaignId: string) {
  const { rows } = await database.db.pool.query<{ phone_e164: string; name: string | null; fields: Record<string, string>; timezone: string | null; source_line: number }>({
    text: 'SELECT phone_e164, name, fields, timezone, source_line FROM contacts WHERE campaign_id = $1 ORDER BY source_line',
    values: [campaignId],
  });
  return rows;
}

async function rejectionsOf(tenantId: string, importId: string): Promise<string[]> {
  const { rows } = await listImportRejections(database.db.prisma, tenantId, { importId, pageSize: 1_000, pageToken: '' });
  return rows.map((row) => `${row.line} ${row.reason.replace('REJECT_REASON_', '')} ${row.rawMasked} (${row.detail})`);
}

describe('contact import › formats and encodings', () => {
  it('a GBK CSV without a declared encoding is detected and its Chinese names kept', async () => {
    const { tenantId, campaignId } = await fixture();
    const text = '姓名,手机,金额\r\n张三,13812345678,120.50\r\n李四,139 1234 5678,80\r\n';
    const header = importHeader({ campaignId }, { columns: { phone: '手机', name: '姓名', timezone: '', fields: { amount: '金额' } } });
    const result = await runImport(database.db, clock, tenantId, header, chunksOf(iconv.encode(text, 'gbk'), 7));
    expect(result).toMatchObject({ id: header.importId, status: ImportStatus.COMPLETED, committedRows: 2, counts: { read: 2, accepted: 2, rejected: 0 } });
    expect(await contactsOf(campaignId)).toEqual([
      { phone_e164: '+8613812345678', name: '张三', fields: { amount: '120.50' }, timezone: null, source_line: 2 },
      { phone_e164: '+8613912345678', name: '李四', fields: { amount: '80' }, timezone: null, source_line: 3 },
    ]);
  });

  it('a UTF-8 CSV with a BOM: the BOM is not part of the first column name', async () => {
    const { tenantId, campaignId } = await fixture();
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('tel;name;tz\n13812345678;Zhang;Asia/Urumqi\n', 'utf8')]);
    const header = importHeader({ campaignId }, { columns: { phone: 'tel', name: 'name', timezone: 'tz', fields: {} } });
    const result = await runImport(database.db, clock, tenantId, header, chunksOf(bytes));
    expect(result.counts).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await contactsOf(campaignId)).toEqual([{ phone_e164: '+8613812345678', name: 'Zhang', fields: {}, timezone: 'Asia/Urumqi', source_line: 2 }]);
  });

  it('a UTF-16LE TXT with a BOM, one number per line, needs no mapping', async () => {
    const { tenantId, campaignId } = await fixture();
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('13812345678\r\n+86 139 1234 5678\r\n\r\n13712345678\r\n', 'utf-16le')]);
    const header = importHeader({ campaignId }, { format: ImportFormat.TXT, hasHeader: false, columns: undefined, encoding: TextEncoding.UNSPECIFIED });
    const result = await runImport(database.db, clock, tenantId, header, chunksOf(bytes, 5));
    expect(result.counts).toMatchObject({ read: 3, accepted: 3 });
    expect((await contactsOf(campaignId)).map((contact) => [contact.source_line, contact.phone_e164])).toEqual([
      [1, '+8613812345678'],
      [2, '+8613912345678'],
      [4, '+8613712345678'],
    ]);
  });

  it('an XLSX workbook: the named sheet is read, numbers stored as numbers work, lines are sheet rows', async () => {
    const { tenantId, campaignId } = await fixture();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['not this sheet']);
    const sheet = workbook.addWorksheet('Contacts');
    sheet.addRow(['Name', 'Mobile', 'Due']);
    sheet.addRow(['张三', 13812345678, new Date(Date.UTC(2026, 11, 1))]);
    sheet.addRow([]);
    sheet.addRow([{ richText: [{ text: 'Li ' }, { text: 'Si' }] }, '+86 139-1234-5678', 'soon']);
    sheet.addRow(['Wang', '', 'x']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const header = importHeader({ campaignId }, { format: ImportFormat.XLSX, sheet: 'Contacts', columns: { phone: 'mobile', name: 'Name', timezone: '', fields: { due: 'Due' } } });
    const result = await runImport(database.db, clock, tenantId, header, chunksOf(bytes, 1_000));
    expect(result.counts).toMatchObject({ read: 3, accepted: 2, rejected: 1, rejectedByReason: { REJECT_REASON_MISSING_NUMBER: 1 } });
    expect(await contactsOf(campaignId)).toEqual([
      { phone_e164: '+8613812345678', name: '张三', fields: { due: '2026-12-01' }, timezone: null, source_line: 2 },
      { phone_e164: '+8613912345678', name: 'Li Si', fields: { due: 'soon' }, timezone: null, source_line: 4 },
    ]);
    expect(await rejectionsOf(tenantId, header.importId)).toEqual(['5 MISSING_NUMBER  (the phone column "Mobile" is empty)']);
  });

  it('an XLSX without the named sheet fails, listing the sheets it has', async () => {
    const { tenantId, campaignId } = await fixture();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').addRow(['tel']);
    const header = importHeader({ campaignId }, { format: ImportFormat.XLSX, sheet: 'Contacts' });
    await expect(runImport(database.db, clock, tenantId, header, chunksOf(Buffer.from(await workbook.xlsx.writeBuffer())))).rejects.toThrow(
      'header.sheet: no sheet "Contacts" in the workbook (found: Sheet1)',
    );
  });
});

describe('contact import › the per-row report', () => {
  it('every reject reason is reported with its line, the raw value masked, and counted; valid rows around them are stored', async () => {
    const { tenantId, campaignId } = await fixture();
    const now = clock.now();
    await database.db.pool.query({
      text: `INSERT INTO blacklist_entries (tenant_id, phone_e164, reason, expires_at, created_at) VALUES
               ($1, '+8613600000001', 'asked', NULL, $2), ($1, '+8613600000002', 'complaint', $3, $2), ($1, '+8613600000003', 'old', $4, $2)`,
      values: [tenantId, now, new Date(now.getTime() + 86_400_000), new Date(now.getTime() - 1)],
    });
    const earlier = importHeader({ campaignId });
    await runImport(database.db, clock, tenantId, earlier, chunksOf(Buffer.from('tel,name\n13500000009,Already\n')));

    const lines = [
      'tel,name,tz', //                        1
      '13800000001,Ok one,', //                2
      '13800000002,"Multi', //                 3  a quoted line break: one record, lines 3-4
      'line name",Asia/Shanghai', //           4
      '13800000003,Broken,tz,extra', //        5  MALFORMED_ROW (4 columns)
      ',No number,', //                        6  MISSING_NUMBER
      'hello,Not a number,', //                7  INVALID_NUMBER
      '+19005551234,Premium,', //              8  EXCLUDED_TYPE
      '13800000004,Bad zone,Asia/Atlantis', // 9  INVALID_TIMEZONE
      '138 0000 0001,Again,', //               10 DUPLICATE_IN_FILE of line 2
      '13600000001,Blocked,', //               11 BLACKLISTED
      '13600000002,Blocked until tomorrow,', //12 BLACKLISTED (not expired yet)
      '13600000003,Expired entry,', //         13 accepted: the entry expired
      '13500000009,In campaign,', //           14 DUPLICATE_IN_CAMPAIGN
      '13800000005,"bad"quote,', //            15 MALFORMED_ROW
      '13800000006,Last,', //                  16
    ];
    const header = importHeader({ campaignId }, { columns: { phone: 'tel', name: 'name', timezone: 'tz', fields: {} } });
    const result = await runImport(database.db, clock, tenantId, header, chunksOf(Buffer.from(lines.join('\n')), 16), 3);
    expect(result).toMatchObject({ status: ImportStatus.COMPLETED, committedRows: 14, error: '' });
    expect(result.counts).toEqual({
      read: 14,
      accepted: 4,
      rejected: 10,
      rejectedByReason: {
        REJECT_REASON_MALFORMED_ROW: 2,
        REJECT_REASON_MISSING_NUMBER: 1,
        REJECT_REASON_INVALID_NUMBER: 1,
        REJECT_REASON_EXCLUDED_TYPE: 1,
        REJECT_REASON_INVALID_TIMEZONE: 1,
        REJECT_REASON_DUPLICATE_IN_FILE: 1,
        REJECT_REASON_BLACKLISTED: 2,
        REJECT_REASON_DUPLICATE_IN_CAMPAIGN: 1,
      },
    });
    expect(await rejectionsOf(tenantId, header.importId)).toEqual([
      '5 MALFORMED_ROW 1380*****03,B***,t***,e*** (expected 3 columns, found 4)',
      '6 MISSING_NUMBER  (the phone column "tel" is empty)',
      '7 INVALID_NUMBER h*** (not a valid phone number for region CN)',
      '8 EXCLUDED_TYPE +1900*****34 (PREMIUM_RATE numbers are excluded by the campaign)',
      '9 INVALID_TIMEZONE 1380*****04 ("Asia/Atlantis" is not an IANA time zone)',
      '10 DUPLICATE_IN_FILE 1380*****01 (same number as line 2)',
      "11 BLACKLISTED 1360*****01 (on the tenant's blacklist)",
      "12 BLACKLISTED 1360*****02 (on the tenant's blacklist)",
      '14 DUPLICATE_IN_CAMPAIGN 1350*****09 (the campaign already has this number)',
      '15 MALFORMED_ROW 1380*****05,"***, (unexpected character after the closing quote of column 2)',
    ]);
    expect((await contactsOf(campaignId)).map((contact) => [contact.source_line, contact.name])).toEqual([
      [2, 'Already'],
      [2, 'Ok one'],
      [3, 'Multi\nline name'],
      [13, 'Expired entry'],
      [16, 'Last'],
    ]);
  });

  it('numbers the campaign already has, met only in later batches written at once, are rejected and everything else stored', async () => {
    const { tenantId, campaignId } = await fixture();
    await runImport(database.db, clock, tenantId, importHeader({ campaignId }), chunksOf(Buffer.from('tel,name\n13700000005,Before\n13700000008,Before\n')));
    const numbers = Array.from({ length: 9 }, (_, i) => `1370000000${i + 1},Row ${i + 2}`);
    const header = importHeader({ campaignId });
    // Batches of two on three writers: lines 6 (13700000005) and 9 (13700000008) fall in batches 3 and 4,
    // after two batches went in without a conflict.
    const result = await runImport(database.db, clock, tenantId, header, chunksOf(Buffer.from(['tel,name', ...numbers].join('\n')), 32), 2);
    expect(result).toMatchObject({ status: ImportStatus.COMPLETED, committedRows: 9, counts: { read: 9, accepted: 7, rejected: 2, rejectedByReason: { REJECT_REASON_DUPLICATE_IN_CAMPAIGN: 2 } } });
    expect(await rejectionsOf(tenantId, header.importId)).toEqual([
      '6 DUPLICATE_IN_CAMPAIGN 1370*****05 (the campaign already has this number)',
      '9 DUPLICATE_IN_CAMPAIGN 1370*****08 (the campaign already has this number)',
    ]);
    const stored = await contactsOf(campaignId);
    expect(stored.filter((contact) => contact.name === 'Before').map((contact) => contact.phone_e164)).toEqual(['+8613700000005', '+8613700000008']);
    expect(stored.filter((contact) => contact.name !== 'Before').map((contact) => contact.source_line)).toEqual([2, 3, 4, 5, 7, 8, 10]);
  });

  it('the report pages in line order, and the row read through Prisma says the same as the answer', async () => {
    const { tenantId, campaignId } = await fixture();
    const header = importHeader({ campaignId });
    const text = ['tel,name', ...Array.from({ length: 7 }, (_, i) => `bad${i},x`)].join('\n');
    const result = await runImport(database.db, clock, tenantId, header, chunksOf(Buffer.from(text)));
    const first = await listImportRejections(database.db.prisma, tenantId, { importId: header.importId, pageSize: 4, pageToken: '' });
    const second = await listImportRejections(database.db.prisma, tenantId, { importId: header.importId, pageSize: 4, pageToken: first.nextPageToken });
    expect([...first.rows, ...second.rows].map((row) => row.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(second.nextPageToken).toBe('');
    expect(first.rows[0]?.reason).toBe(RejectReason.INVALID_NUMBER);
    const row = await database.db.prisma.contactImport.findUniqueOrThrow({ where: { id: header.importId } });
    expect(importToProto(row)).toEqual(result);
  });

  it("another tenant cannot read an import's report", async () => {
    const owner = await fixture();
    const other = await fixture();
    const header = importHeader(owner);
    await runImport(database.db, clock, owner.tenantId, header, chunksOf(Buffer.from('tel,name\nnope,x\n')));
    await expect(listImportRejections(database.db.prisma, other.tenantId, { importId: header.importId, pageSize: 0, pageToken: '' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listImportRejections(database.db.prisma, owner.tenantId, { importId: randomUUID(), pageSize: 0, pageToken: '' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
