import { describe, expect, it } from 'vitest';
import { ValidationError } from '@ringpace/errors';
import { ContactState, ImportStatus, RejectReason, type ContactImport, type RejectedRow } from '@ringpace/proto';
import type { RingpaceClient } from '../client.js';
import { ExitCode } from '../exit-codes.js';
import { runWith } from '../testing.js';

const CAMPAIGN_ID = '0b7c2f1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';

const importResult = (rejected: number, status = ImportStatus.COMPLETED): ContactImport => ({
  id: 'i-1',
  campaignId: CAMPAIGN_ID,
  listId: 'l-1',
  status,
  counts: { read: 10 + rejected, accepted: 10, rejected, rejectedByReason: rejected > 0 ? { REJECT_REASON_INVALID_NUMBER: rejected } : {} },
  committedRows: 10,
  error: '',
  createdAt: undefined,
  updatedAt: undefined,
});

const rejectedRows: RejectedRow[] = Array.from({ length: 5 }, (_, index) => ({ line: index + 2, reason: RejectReason.INVALID_NUMBER, rawMasked: `+8613****0${index}`, detail: 'not a possible number' }));

function pagedRejections(rows: RejectedRow[]): RingpaceClient['listImportRejections'] {
  return ({ pageSize, pageToken }) => {
    const start = pageToken === '' ? 0 : Number(pageToken);
    const end = Math.min(rows.length, start + pageSize);
    return Promise.resolve({ rows: rows.slice(start, end), nextPageToken: end < rows.length ? String(end) : '' });
  };
}

describe('contacts import', () => {
  const files = { 'debtors.csv': 'phone,name\n' + '13800138000,Li\n'.repeat(40_000) };

  it('sends a header naming the columns, then the file; prints summary and rejected rows; exit 7 when rows were rejected', async () => {
    let received = 0;
    const { code, out, err } = await runWith(
      ['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID, '--phone', 'phone', '--name', 'name', '--field', 'amount=Amount Due', '--tz', 'zone', '--delimiter', 'tab', '--encoding', 'GB18030', '--import-id', 'i-1', '--show', '2'],
      {
        importContacts: async (header, chunks) => {
          expect(header).toEqual({
            campaignId: CAMPAIGN_ID,
            importId: 'i-1',
            format: 'IMPORT_FORMAT_CSV',
            encoding: 'TEXT_ENCODING_GB18030',
            delimiter: '\t',
            hasHeader: true,
            columns: { phone: 'phone', name: 'name', timezone: 'zone', fields: { amount: 'Amount Due' } },
            listName: 'debtors.csv',
            sheet: '',
            sizeBytes: files['debtors.csv'].length,
          });
          for await (const chunk of chunks) received += chunk.byteLength;
          return { import: importResult(5) };
        },
        listImportRejections: pagedRejections(rejectedRows),
      },
      { files },
    );
    expect(received).toBe(files['debtors.csv'].length);
    expect(code).toBe(ExitCode.ImportRejectedRows);
    expect(out).toMatch(/\nstatus: +completed\n/);
    expect(out).toMatch(/\nrejected: +5\n {2}invalid-number: 5\n/);
    expect(out).toContain('rejected rows (first 2 of 5):\nLINE  REASON          VALUE        DETAIL\n   2  invalid-number  +8613****00  not a possible number\n   3  invalid-number  +8613****01  not a possible number\n');
    expect(err).toContain('importing debtors.csv (585.9 KiB) as import i-1');
    expect(err).toContain('add --report FILE to write all 5 rejected rows as CSV');
    expect(out).not.toContain('\r');
  });

  it('--report writes every rejected row as CSV, paging through the report', async () => {
    const many = Array.from({ length: 1_203 }, (_, index) => ({ line: index + 2, reason: RejectReason.DUPLICATE_IN_FILE, rawMasked: '+8613****00', detail: index === 0 ? 'same as line 1, "first"' : '' }));
    const { code, io, err } = await runWith(['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID, '--report', 'rejected.csv', '--show', '0'], {
      importContacts: () => Promise.resolve({ import: importResult(many.length) }),
      listImportRejections: pagedRejections(many),
    }, { files });
    expect(code).toBe(ExitCode.ImportRejectedRows);
    const report = io.written.get('rejected.csv')!.split('\r\n');
    expect(report[0]).toBe('line,reason,value,detail');
    expect(report[1]).toBe('2,duplicate-in-file,+8613****00,"same as line 1, ""first"""');
    expect(report).toHaveLength(many.length + 2);
    expect(err).toContain('wrote 1203 rejected rows to rejected.csv');
  });

  it('no rejected rows is exit 0; an interrupted import says how to resume and exits 6; a failed one exits 2', async () => {
    const ok = await runWith(['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID], { importContacts: () => Promise.resolve({ import: importResult(0) }) }, { files });
    expect(ok.code).toBe(ExitCode.Ok);
    const interrupted = await runWith(['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID], { importContacts: () => Promise.resolve({ import: importResult(0, ImportStatus.INTERRUPTED) }) }, { files });
    expect(interrupted.code).toBe(ExitCode.Unavailable);
    expect(interrupted.err).toContain('resume with: --import-id i-1');
    const failed = await runWith(['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID], { importContacts: () => Promise.resolve({ import: { ...importResult(0, ImportStatus.FAILED), error: 'no column "mobile"' } }) }, { files });
    expect(failed.code).toBe(ExitCode.InvalidArgument);
    expect(failed.out).toContain('error: no column "mobile"');
  });

  it('on a terminal a bar follows the bytes sent, chunk by chunk', async () => {
    const { out } = await runWith(['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID], {
      importContacts: async (_header, chunks, options) => {
        let sent = 0;
        for await (const chunk of chunks) options.onSent?.((sent += chunk.byteLength));
        return { import: importResult(0) };
      },
    }, { files, tty: true });
    const frames = out.split('\n')[0]!.split('\r').filter((frame) => frame !== '');
    expect(frames[0]).toContain('[------------------------------]   0%  0 B / 585.9 KiB');
    expect(frames.some((frame) => frame.includes(' 43%  256.0 KiB / 585.9 KiB'))).toBe(true);
    expect(frames.at(-1)).toContain('[##############################] 100%  585.9 KiB / 585.9 KiB');
  });

  it('header violations name the option that sets the field', async () => {
    const { code, err } = await runWith(['contacts', 'import', 'debtors.csv', '--campaign', CAMPAIGN_ID, '--field', 'amount=x'], {
      importContacts: () => Promise.reject(new ValidationError([{ field: 'columns.phone', message: 'is required' }, { field: 'columns.fields.amount', message: 'no column "x"' }])),
    }, { files });
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(err).toContain('error: invalid argument\n  --phone: is required\n  --field amount: no column "x"\n');
  });

  it('contacts list › state and query reach the server; rows show state words', async () => {
    const { out } = await runWith(['contacts', 'list', '--campaign', CAMPAIGN_ID, '--state', 'refused', '--query', '1380'], {
      listContacts: (request) => {
        expect(request).toMatchObject({ campaignId: CAMPAIGN_ID, state: ContactState.REFUSED, query: '1380' });
        return Promise.resolve({ contacts: [{ id: 'x', campaignId: CAMPAIGN_ID, phone: '+8613800138000', name: 'Li', fields: {}, timezone: '', state: ContactState.REFUSED, attemptCount: 2, nextAttemptAt: undefined, sourceLine: 7 }], nextPageToken: '' });
      },
    });
    expect(out).toBe('PHONE           NAME  STATE    ATTEMPTS  NEXT ATTEMPT  LINE\n+8613800138000  Li    refused         2                   7\n');
  });
});

