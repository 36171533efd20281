import { describe, expect, it } from 'vitest';
import { ValidationError } from '@ringpace/errors';
import type { AddBlacklistEntriesRequest } from '@ringpace/proto';
import type { RingpaceClient } from '../client.js';
import { ExitCode } from '../exit-codes.js';
import { runWith } from '../testing.js';

describe('blacklist and holidays', () => {
  it('add › numbers, reason, region and expiry reach the server', async () => {
    const requests: AddBlacklistEntriesRequest[] = [];
    const { out } = await runWith(['blacklist', 'add', '+8613800138000', '13900139000', '--reason', 'asked', '--region', 'CN', '--expires', '2027-01-01'], {
      addBlacklistEntries: (request) => (requests.push(request), Promise.resolve({ added: 1, updated: 1 })),
    });
    expect(requests[0]).toEqual({
      defaultRegion: 'CN',
      entries: [
        { phone: '+8613800138000', reason: 'asked', expiresAt: new Date('2027-01-01T00:00:00Z'), createdAt: undefined },
        { phone: '13900139000', reason: 'asked', expiresAt: new Date('2027-01-01T00:00:00Z'), createdAt: undefined },
      ],
    });
    expect(out).toBe('added 1, updated 1\n');
  });

  it('import › batches of 1000; a server violation names the line of the file', async () => {
    const lines = ['# do not call', '', ...Array.from({ length: 1_500 }, (_, index) => `+86138${String(index).padStart(8, '0')}${index === 1_200 ? ',\tcomplained' : ''}`)];
    const batches: AddBlacklistEntriesRequest[] = [];
    const { code, err } = await runWith(['blacklist', 'import', 'dnc.txt', '--reason', 'register'], {
      addBlacklistEntries: (request) => {
        batches.push(request);
        if (batches.length === 2) return Promise.reject(new ValidationError([{ field: 'entries[201].phone', message: 'is not a phone number' }]));
        return Promise.resolve({ added: request.entries.length, updated: 0 });
      },
    }, { files: { 'dnc.txt': lines.join('\n') } });
    expect(batches.map((batch) => batch.entries.length)).toEqual([1_000, 500]);
    expect(batches[1]!.entries[200]!.reason).toBe('complained');
    expect(batches[1]!.entries[201]!.reason).toBe('register');
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(err).toContain('the first 1000 entries were stored (added 1000, updated 0)');
    expect(err).toContain('  dnc.txt:1204: phone: is not a phone number');
  });

  it('holidays set › a bare list or a holidays: mapping; server problems on their lines', async () => {
    const setTenantHolidays: RingpaceClient['setTenantHolidays'] = (request) =>
      request.holidays.length === 2 ? Promise.resolve({ holidays: request.holidays }) : Promise.reject(new ValidationError([{ field: 'holidays[0].date', message: 'is in the past' }]));
    const ok = await runWith(['holidays', 'set', 'h.yaml'], { setTenantHolidays }, { files: { 'h.yaml': '- 2026-10-01\n- date: 2026-10-02\n  name: National Day\n' } });
    expect(ok.out).toBe('DATE        NAME\n2026-10-01\n2026-10-02  National Day\n');
    const wrapped = await runWith(['holidays', 'set', 'h.yaml'], { setTenantHolidays }, { files: { 'h.yaml': 'holidays:\n  - 1999-01-01\n' } });
    expect(wrapped.err).toContain('  h.yaml:2: holidays[0].date: is in the past');
    const bare = await runWith(['holidays', 'set', 'h.yaml'], { setTenantHolidays }, { files: { 'h.yaml': '# list\n- 1999-01-01\n' } });
    expect(bare.err).toContain('  h.yaml:2: [0].date: is in the past');
    const local = await runWith(['holidays', 'set', 'h.yaml'], {}, { files: { 'h.yaml': '- 2026-02-30x\n' } });
    expect(local.err).toContain('  h.yaml:1: [0]: "2026-02-30x" is not YYYY-MM-DD');
  });
});
