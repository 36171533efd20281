import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../test-harness.js';
import { ManualClock } from '@ringpace/clock';
import { ValidationError } from '@ringpace/errors';
import { silentLogger } from '@ringpace/log';
import { ImportStatus } from '@ringpace/proto';
import { createTestDatabase, type TestDatabase } from '@ringpace/testing';
import { chunksOf, createCampaign, createTenantWithCampaign, importHeader, runImport } from './import-test-support.js';
import { ImportInterruptedError, runContactImport } from './run-contact-import.js';

let database: TestDatabase;
const clock = new ManualClock(Date.UTC(2026, 10, 24, 9, 0, 0));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());


async function stored(campaignId: string) {
  const query = async (text: string) => (await database.db.pool.query<{ v: string }>({ text, values: [campaignId] })).rows.map((row) => row.v);
  return {
    contacts: await query(`SELECT source_line || ' ' || phone_e164 AS v FROM contacts WHERE campaign_id = $1 ORDER BY source_line`),
    rejections: await query(`SELECT r.line || ' ' || r.reason AS v FROM import_rejections r JOIN contact_imports i ON i.id = r.import_id WHERE i.campaign_id = $1 ORDER BY r.line`),
    imports: await query(`SELECT status || ' ' || committed_rows AS v FROM contact_imports WHERE campaign_id = $1`),
  };
}

/** 60 rows: five invalid numbers, and rows 40 and 50 repeat rows 15 and 25, so repeats straddle a break near the middle. */
function sampleFile(): Buffer {
  const lines = ['tel,name'];
  for (let i = 0; i < 60; i += 1) {
    if (i % 13 === 5) lines.push(`bad${i},Invalid`);
    else if (i >= 25 && i % 10 === 0) lines.push(`1380000${String(1000 + i - 25)},Repeat`);
    else lines.push(`1380000${String(1000 + i)},Row ${i}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

describe('contact import › interruption and resume', () => {
  it('a stream broken halfway leaves an interrupted import; the whole file sent again finishes it exactly as one clean run would', async () => {
    const { tenantId, campaignId } = await createTenantWithCampaign(database.db, clock.now());
    const cleanCampaignId = randomUUID();
    await createCampaign(database.db, tenantId, cleanCampaignId, clock.now());
    const file = sampleFile();

    const clean = await runImport(database.db, clock, tenantId, importHeader({ campaignId: cleanCampaignId }), chunksOf(file, 40), 4);

    const header = importHeader({ campaignId });
    const broken = await failure(runImport(database.db, clock, tenantId, header, chunksOf(file, 40, 12), 4));
    expect(broken).toBeInstanceOf(ImportInterruptedError);
    expect(broken).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    const halfway = await stored(campaignId);
    const committed = Number(halfway.imports[0]!.split(' ')[1]);
    expect(halfway.imports).toEqual([`interrupted ${committed}`]);
    expect(committed).toBeGreaterThan(0);
    expect(committed % 4).toBe(0);
    // Row 15 (data row 16) is stored, its repeat (data row 41) is not yet.
    expect(committed).toBeGreaterThanOrEqual(16);
    expect(committed).toBeLessThan(41);
    expect(halfway.contacts.length + halfway.rejections.length).toBe(committed);

    const resumed = await runImport(database.db, clock, tenantId, header, chunksOf(file, 40), 4);
    expect(resumed.status).toBe(ImportStatus.COMPLETED);
    expect(resumed.counts).toEqual(clean.counts);
    expect(resumed.counts?.rejectedByReason).toMatchObject({ REJECT_REASON_DUPLICATE_IN_FILE: 2, REJECT_REASON_INVALID_NUMBER: 5 });
    const final = await stored(campaignId);
    const reference = await stored(cleanCampaignId);
    expect(final.contacts).toEqual(reference.contacts);
    expect(final.rejections).toEqual(reference.rejections);
    expect(new Set(final.contacts.map((contact) => contact.split(' ')[1])).size).toBe(final.contacts.length);
  });

  it('a batch that fails in the database stops the import there: batches written after it in parallel are rolled back, none is stored past it', async () => {
    const { tenantId, campaignId } = await createTenantWithCampaign(database.db, clock.now());
    const cleanCampaignId = randomUUID();
    await createCampaign(database.db, tenantId, cleanCampaignId, clock.now());
    const file = sampleFile();
    const clean = await runImport(database.db, clock, tenantId, importHeader({ campaignId: cleanCampaignId }), chunksOf(file, 40), 4);
    const header = importHeader({ campaignId });
    await failure(runImport(database.db, clock, tenantId, header, chunksOf(file, 40, 1), 4));
    expect((await stored(campaignId)).imports).toEqual(['interrupted 0']);

    // Line 33 (data row 32, in the 8th batch of 4) is an invalid number: a report row already there makes that batch fail.
    const planted = { text: `INSERT INTO import_rejections (import_id, line, reason, raw_masked) VALUES ($1, 33, 'planted', '')`, values: [header.importId] };
    await database.db.pool.query(planted);
    const error = await failure(runContactImport({ pool: database.db.pool, clock, tenantId, header, chunks: chunksOf(file, 40), signal: new AbortController().signal, log: silentLogger(), batchSize: 4, writers: 3 }));
    expect(error).toBeInstanceOf(ImportInterruptedError);
    const halfway = await stored(campaignId);
    expect(halfway.imports).toEqual(['interrupted 28']);
    expect(halfway.contacts.length + halfway.rejections.length - 1).toBe(28);
    expect(Math.max(...halfway.contacts.map((contact) => Number(contact.split(' ')[0])))).toBeLessThanOrEqual(29);

    await database.db.pool.query({ text: `DELETE FROM import_rejections WHERE import_id = $1 AND reason = 'planted'`, values: [header.importId] });
    const resumed = await runImport(database.db, clock, tenantId, header, chunksOf(file, 40), 4);
    expect(resumed.counts).toEqual(clean.counts);
    expect(await stored(campaignId)).toEqual({ ...(await stored(cleanCampaignId)), imports: ['completed 60'] });
  });

  it('a client that goes away (the call is cancelled) interrupts the import the same way', async () => {
    const { tenantId, campaignId } = await createTenantWithCampaign(database.db, clock.now());
    const controller = new AbortController();
    async function* cancelling(): AsyncGenerator<Uint8Array> {
      let sent = 0;
      for await (const chunk of chunksOf(sampleFile(), 40)) {
        if (++sent === 15) controller.abort(new Error('call cancelled by the client'));
        yield chunk;
      }
    }
    const header = importHeader({ campaignId });
    const error = await failure(runContactImport({ pool: database.db.pool, clock, tenantId, header, chunks: cancelling(), signal: controller.signal, log: silentLogger(), batchSize: 4 }));
    expect(error).toBeInstanceOf(ImportInterruptedError);
    expect((await stored(campaignId)).imports[0]).toMatch(/^interrupted \d+$/);
  });

  it('a stream that ends short of header.size_bytes is cut, not complete: its last rows wait for the resume', async () => {
    const { tenantId, campaignId } = await createTenantWithCampaign(database.db, clock.now());
    const file = sampleFile();
    const header = importHeader({ campaignId }, { sizeBytes: file.length });
    const error = await failure(runImport(database.db, clock, tenantId, header, chunksOf(file.subarray(0, file.length - 30), 40), 100));
    expect(error.message).toContain('interrupted after 0 stored rows');
    expect(await stored(campaignId)).toEqual({ contacts: [], rejections: [], imports: ['interrupted 0'] });
    const resumed = await runImport(database.db, clock, tenantId, header, chunksOf(file, 40), 100);
    expect(resumed).toMatchObject({ status: ImportStatus.COMPLETED, committedRows: 60 });
  });

  it('a completed import sent again answers as before without reading the file', async () => {
    const { tenantId, campaignId } = await createTenantWithCampaign(database.db, clock.now());
    const header = importHeader({ campaignId });
    const first = await runImport(database.db, clock, tenantId, header, chunksOf(Buffer.from('tel,name\n13812345678,Li\n')));
    const unread: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => {
        throw new Error('the file of a completed import must not be read');
      },
    };
    expect(await runImport(database.db, clock, tenantId, header, unread)).toEqual(first);
  });

  it('a second stream of an import that is being received is refused while the first goes on', async () => {
    const { tenantId, campaignId } = await createTenantWithCampaign(database.db, clock.now());
    const header = importHeader({ campaignId });
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = () => {};
    const reading = new Promise<void>((resolve) => (started = resolve));
    async function* slow(): AsyncGenerator<Uint8Array> {
      started();
      yield Buffer.from('tel,name\n13812345678,Li\n');
      await gate;
    }
    const first = runImport(database.db, clock, tenantId, header, slow());
    await reading;
    const second = await failure(runImport(database.db, clock, tenantId, header, chunksOf(Buffer.from('tel,name\n'))));
    expect(second.code).toBe('FAILED_PRECONDITION');
    release();
    expect((await first).status).toBe(ImportStatus.COMPLETED);
  });
});

describe('contact import › refused files and tenancy', () => {
  it('a mapping that names a missing column fails the import, names the field, stores nothing; the same id then works', async () => {
    const { tenantId, campaignId } = await createTenantWithCampaign(database.db, clock.now());
    const file = Buffer.from('name,tel,amount\nLi,13812345678,1\n');
    const header = importHeader({ campaignId }, { listName: 'November', columns: { phone: 'mobile', name: 'name', timezone: '', fields: {} } });
    const error = await failure(runImport(database.db, clock, tenantId, header, chunksOf(file)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe('header.columns.phone: no column "mobile" in the header (found: name, tel, amount)');
    expect(await stored(campaignId)).toEqual({ contacts: [], rejections: [], imports: ['failed 0'] });

    const fixed = await runImport(database.db, clock, tenantId, { ...header, columns: { phone: 'tel', name: 'name', timezone: '', fields: {} } }, chunksOf(file));
    expect(fixed).toMatchObject({ status: ImportStatus.COMPLETED, counts: { accepted: 1 } });
    const lists = await database.db.pool.query<{ name: string }>({ text: 'SELECT name FROM contact_lists WHERE campaign_id = $1', values: [campaignId] });
    expect(lists.rows).toEqual([{ name: 'November' }]);
  });

  it.each([
    ['an XLSX workbook sent as CSV', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), 'header.format: the file is a zip archive (an XLSX workbook?), not CSV or TXT text'],
    ['an empty file', Buffer.alloc(0), 'chunk: the file holds no rows'],
    ['a header row with an unclosed quote', Buffer.from('tel,"name\n'), 'header.has_header: the header row (line 1) cannot be read: no closing quote before the end of the file'],
  ])('%s fails with nothing stored', async (_name, bytes, message) => {
    const { tenantId, campaignId } = await createTenantWithCampaign(database.db, clock.now());
    const error = await failure(runImport(database.db, clock, tenantId, importHeader({ campaignId }), chunksOf(bytes)));
    expect(error.message).toBe(message);
    expect(await stored(campaignId)).toEqual({ contacts: [], rejections: [], imports: ['failed 0'] });
  });

  it("another tenant's campaign is not found, and nothing is created", async () => {
    const owner = await createTenantWithCampaign(database.db, clock.now());
    const other = await createTenantWithCampaign(database.db, clock.now());
    const error = await failure(runImport(database.db, clock, other.tenantId, importHeader(owner), chunksOf(Buffer.from('tel,name\n13812345678,Li\n'))));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: `campaign "${owner.campaignId}" not found` });
    expect(await stored(owner.campaignId)).toEqual({ contacts: [], rejections: [], imports: [] });
  });

  it("another tenant's import id is not found, and that import is left as it was", async () => {
    const owner = await createTenantWithCampaign(database.db, clock.now());
    const other = await createTenantWithCampaign(database.db, clock.now());
    const header = importHeader(owner);
    await runImport(database.db, clock, owner.tenantId, header, chunksOf(Buffer.from('tel,name\n13812345678,Li\n')));
    const error = await failure(runImport(database.db, clock, other.tenantId, { ...header, campaignId: other.campaignId }, chunksOf(Buffer.from('tel,name\n13912345678,Wang\n'))));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: `import "${header.importId}" not found` });
    expect(await stored(owner.campaignId)).toEqual({ contacts: ['2 +8613812345678'], rejections: [], imports: ['completed 1'] });
    expect(await stored(other.campaignId)).toEqual({ contacts: [], rejections: [], imports: [] });
  });
});
