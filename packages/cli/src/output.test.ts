import { describe, expect, it } from 'vitest';
import { Campaign, CampaignProgress, CampaignState, DialMode, TrunkGroup } from '@ringpace/proto';
import type { RingpaceClient } from './client.js';
import { CAMPAIGN_EXAMPLE as fullExample } from './campaign-example.js';
import { ExitCode } from './exit-codes.js';
import { displayWidth, formatFields, formatTable } from './output.js';
import { runWith, stream } from './testing.js';

const CAMPAIGN_ID = '0b7c2f1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';
const campaign = Campaign.fromPartial({
  id: CAMPAIGN_ID,
  tenantId: 't-1',
  name: '十一月 reminder',
  state: CampaignState.DRAFT,
  defaultRegion: 'CN',
  timezone: 'Asia/Shanghai',
  dialMode: DialMode.NOTIFICATION,
  callerIds: ['+861012345678'],
  createdAt: new Date('2026-11-24T09:00:00Z'),
  schedule: { monday: { windows: [{ start: '09:00', end: '12:00' }] }, holidays: [{ date: '2026-12-25', name: 'Xmas' }] },
  retryPolicy: { maxAttemptsTotal: 3, busy: { retry: true, delayMinutes: 30, maxAttempts: 2 } },
});

describe('--json › every command prints exactly one valid JSON document', () => {
  const progress = CampaignProgress.fromPartial({ campaignId: CAMPAIGN_ID, state: CampaignState.RUNNING, total: 10, pending: 4, confirmed: 6 });
  it.each<[string, string[], Partial<RingpaceClient>, string]>([
    ['tenants create', ['tenants', 'create', 'Acme'], { createTenant: () => Promise.resolve({ tenant: { id: 't-1', name: 'Acme', createdAt: new Date(0) } }) }, 'tenant'],
    ['keys create', ['keys', 'create', '--tenant', 't-1', '--name', 'crm'], { createApiKey: () => Promise.resolve({ apiKey: undefined, secret: 'rpk_x' }) }, 'secret'],
    ['campaigns create', ['campaigns', 'create', '-f', 'campaign.yaml'], { createCampaign: () => Promise.resolve({ campaign }), listTrunkGroups: () => Promise.resolve({ trunkGroups: [TrunkGroup.fromPartial({ id: 'tg-1', name: 'carriers' })] }) }, 'campaign'],
    ['trunks list', ['trunks', 'list'], { listTrunkGroups: () => Promise.resolve({ trunkGroups: [TrunkGroup.fromPartial({ id: 'tg-1', name: 'carriers' })] }) }, 'trunkGroups'],
    ['trunks create', ['trunks', 'create', '--tenant', 't-1', '--name', 'carriers', '--trunk', 'fs1:gw:10:1'], { createTrunkGroup: () => Promise.resolve({ trunkGroup: TrunkGroup.fromPartial({ id: 'tg-1', name: 'carriers' }) }) }, 'trunkGroup'],
    ['trunks disable', ['trunks', 'disable', 'tr-1'], { setTrunkDisabled: () => Promise.resolve({ trunk: { id: 'tr-1', nodeId: 'fs1', gateway: 'gw', channels: 10, callsPerSecond: 1, disabled: true } }) }, 'trunk'],
    ['campaigns list', ['campaigns', 'list'], { listCampaigns: () => Promise.resolve({ campaigns: [campaign], nextPageToken: '' }) }, 'campaigns'],
    ['campaigns get', ['campaigns', 'get', CAMPAIGN_ID], { getCampaign: () => Promise.resolve({ campaign }) }, 'campaign'],
    ['campaigns watch', ['campaigns', 'watch', CAMPAIGN_ID], { watchCampaign: () => stream({ progress }, { progress: { ...progress, pending: 0, confirmed: 10, state: CampaignState.COMPLETED } }) }, 'progress'],
    ['contacts list', ['contacts', 'list', '--campaign', CAMPAIGN_ID], { listContacts: () => Promise.resolve({ contacts: [], nextPageToken: '' }) }, 'contacts'],
    ['blacklist list', ['blacklist', 'list'], { listBlacklist: () => Promise.resolve({ entries: [], nextPageToken: '' }) }, 'entries'],
    ['holidays get', ['holidays', 'get'], { getTenantHolidays: () => Promise.resolve({ holidays: [{ date: '2026-10-01', name: 'National Day' }] }) }, 'holidays'],
    ['flows validate', ['flows', 'validate', 'flow.yaml'], { validateFlow: () => Promise.resolve({ valid: true, problems: [] }) }, 'valid'],
  ])('%s', async (_name, argv, methods, key) => {
    const { code, out } = await runWith([...argv, '--json'], methods, { files: { 'campaign.yaml': fullExample, 'flow.yaml': 'nodes: []\n' }, tty: true });
    expect(code).toBe(ExitCode.Ok);
    const document = JSON.parse(out) as Record<string, unknown>;
    expect(document).toHaveProperty(key);
  });

  it('watch --json on a terminal draws no bar: stdout holds the last progress only', async () => {
    const progress = CampaignProgress.fromPartial({ campaignId: CAMPAIGN_ID, state: CampaignState.COMPLETED, total: 2, confirmed: 2, at: new Date('2026-11-24T10:00:00Z') });
    const { out } = await runWith(['campaigns', 'watch', CAMPAIGN_ID, '--json'], { watchCampaign: () => stream({ progress }) }, { tty: true });
    expect(out).not.toContain('\r');
    expect(JSON.parse(out)).toEqual({ progress: { ...progress, at: '2026-11-24T10:00:00.000Z' } });
  });
});


describe('tables', () => {
  it.each([
    ['abc', 3],
    ['李雷', 4],
    ['Ｆｕｌｌ', 8],
    ['한국', 4],
    ['', 0],
  ])('displayWidth(%j) is %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it('formatTable › pads by display width, right-aligns numbers, trims line ends', () => {
    expect(formatTable([{ header: 'NAME' }, { header: 'N', right: true }, { header: 'NOTE' }], [['李雷', 5, ''], ['Li', 120, 'x']])).toBe('NAME    N  NOTE\n李雷    5\nLi    120  x\n');
  });

  it('formatFields › aligns values after the longest key', () => {
    expect(formatFields([['id', 'c-1'], ['max attempts', 3], ['flow', undefined]])).toBe('id:           c-1\nmax attempts: 3\nflow:\n');
  });
});
