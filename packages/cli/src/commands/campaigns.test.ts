import { describe, expect, it } from 'vitest';
import { FailedPreconditionError, UnavailableError, ValidationError } from '@ringpace/errors';
import { Campaign, CampaignProgress, CampaignState, DialMode, TrunkGroup, type StopCampaignRequest } from '@ringpace/proto';
import { CAMPAIGN_EXAMPLE as fullExample } from '../campaign-example.js';
import { ExitCode } from '../exit-codes.js';
import { runWith, stream } from '../testing.js';

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

describe('campaigns', () => {
  it('get › fields, schedule and retry policy, aligned', async () => {
    const { out } = await runWith(['campaigns', 'get', CAMPAIGN_ID], { getCampaign: () => Promise.resolve({ campaign }) });
    // Values start in one column, after the longest label ("  answered not confirmed:").
    const column = '  answered not confirmed: '.length;
    for (const line of ['state: draft', 'name: 十一月 reminder', '  monday: 09:00-12:00', '  tuesday: —', '  holidays: 2026-12-25 (Xmas)', '  busy: after 30 min, at most 2 times', '  no answer: default rule']) {
      const [label, value] = [line.slice(0, line.indexOf(': ') + 1), line.slice(line.indexOf(': ') + 2)];
      expect(out).toContain(`\n${label.padEnd(column)}${value}\n`);
    }
  });

  it('list › a table whose columns line up under wide characters', async () => {
    const other = { ...campaign, id: 'short', name: 'ab', state: CampaignState.RUNNING };
    const { out } = await runWith(['campaigns', 'list'], { listCampaigns: () => Promise.resolve({ campaigns: [campaign, other], nextPageToken: '' }) });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATE\s+MODE\s+FLOW\s+CREATED$/);
    // "十一月 reminder" is 15 columns wide: the STATE column starts at the same place on every line.
    const stateColumn = (line: string, state: string) => [...line.slice(0, line.indexOf(state))].reduce((width, char) => width + (/[\u4e00-\u9fff]/.test(char) ? 2 : 1), 0);
    expect(stateColumn(lines[1]!, 'draft')).toBe(stateColumn(lines[2]!, 'running'));
  });

  it('list › walks pages up to --limit and says when more exist', async () => {
    const sizes: number[] = [];
    const { out, err } = await runWith(['campaigns', 'list', '--limit', '3', '--state', 'running'], {
      listCampaigns: ({ pageSize, pageToken, state }) => {
        expect(state).toBe(CampaignState.RUNNING);
        sizes.push(pageSize);
        return Promise.resolve({ campaigns: Array.from({ length: Math.min(pageSize, 2) }, () => campaign), nextPageToken: `${pageToken}x` });
      },
    });
    expect(sizes).toEqual([3, 1]);
    expect(out.trimEnd().split('\n')).toHaveLength(4);
    expect(err).toContain('raise --limit');
  });

  it('start › a draft is prepared, then started', async () => {
    const calls: string[] = [];
    const { code, out } = await runWith(['campaigns', 'start', CAMPAIGN_ID], {
      getCampaign: () => (calls.push('get'), Promise.resolve({ campaign })),
      prepareCampaign: () => (calls.push('prepare'), Promise.resolve({ campaign: { ...campaign, state: CampaignState.READY } })),
      startCampaign: () => (calls.push('start'), Promise.resolve({ campaign: { ...campaign, state: CampaignState.RUNNING } })),
    });
    expect(code).toBe(ExitCode.Ok);
    expect(calls).toEqual(['get', 'prepare', 'start']);
    expect(out).toMatch(/\nstate: +running\n/);
  });

  it('start › a paused campaign is not prepared; the server’s refusal is exit 5', async () => {
    const calls: string[] = [];
    const { code, err } = await runWith(['campaigns', 'start', CAMPAIGN_ID], {
      getCampaign: () => (calls.push('get'), Promise.resolve({ campaign: { ...campaign, state: CampaignState.PAUSED } })),
      startCampaign: () => (calls.push('start'), Promise.reject(new FailedPreconditionError('campaign is PAUSED: resume it instead'))),
    });
    expect(calls).toEqual(['get', 'start']);
    expect(code).toBe(ExitCode.FailedPrecondition);
    expect(err).toBe('error: campaign is PAUSED: resume it instead\n');
  });

  it('stop --hang-up asks the server to hang up calls', async () => {
    const requests: StopCampaignRequest[] = [];
    await runWith(['campaigns', 'stop', CAMPAIGN_ID, '--hang-up'], { stopCampaign: (request) => (requests.push(request), Promise.resolve({ campaign })) });
    await runWith(['campaigns', 'stop', CAMPAIGN_ID], { stopCampaign: (request) => (requests.push(request), Promise.resolve({ campaign })) });
    expect(requests).toEqual([
      { id: CAMPAIGN_ID, hangUpCalls: true },
      { id: CAMPAIGN_ID, hangUpCalls: false },
    ]);
  });

  it('create › server violations are printed on the lines of campaign.yaml, exit 2', async () => {
    const { code, err } = await runWith(['campaigns', 'create', '-f', 'campaign.yaml'], {
      createCampaign: () => Promise.reject(new ValidationError([{ field: 'schedule.tuesday.windows[1]', message: 'overlaps windows[0]' }, { field: 'retry_policy.machine.delay_minutes', message: 'must be at least 1 when retry is on' }])),
      listTrunkGroups: () => Promise.resolve({ trunkGroups: [TrunkGroup.fromPartial({ id: 'tg-1', name: 'carriers' })] }),
    }, { files: { 'campaign.yaml': fullExample } });
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(err).toBe('error: campaign.yaml: invalid\n  campaign.yaml:12: schedule.weekdays[1]: overlaps windows[0]\n  campaign.yaml:30: retry_policy.machine.delay_minutes: must be at least 1 when retry is on\n');
  });

  it('create › local problems are reported before any call', async () => {
    const { code, err } = await runWith(['campaigns', 'create', '-f', 'c.yaml'], {}, { files: { 'c.yaml': 'name: x\nschedule:\n  monday: ["09:00-25:00"]\n' } });
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(err).toContain('  c.yaml:3: schedule.monday[0]: "25:00" is not HH:MM (00:00–24:00)');
  });

  it('watch › on a terminal the bar is redrawn in place and ends with a summary', async () => {
    const base = CampaignProgress.fromPartial({ campaignId: CAMPAIGN_ID, state: CampaignState.RUNNING, total: 10, pending: 10 });
    const { out } = await runWith(['campaigns', 'watch', CAMPAIGN_ID], {
      watchCampaign: () =>
        stream(
          { progress: base },
          { progress: { ...base, pending: 5, dialing: 1, confirmed: 3, refused: 1 } },
          { progress: { ...base, state: CampaignState.COMPLETED, pending: 0, confirmed: 7, refused: 1, invalid: 1, exhausted: 1, attempts: 14 } },
        ),
    }, { tty: true });
    const frames = out.split('\r').filter((frame) => frame !== '');
    expect(frames).toHaveLength(3);
    expect(frames[0]).toBe(`[------------------------------]   0%  confirmed 0  notified 0  refused 0  failed 0  pending 10  dialing 0  · running\x1b[K`);
    expect(frames[1]).toContain('[############------------------]  40%  confirmed 3');
    expect(frames[2]).toBe(
      `[##############################] 100%  confirmed 7  notified 0  refused 1  failed 2  pending 0  dialing 0  · completed\x1b[K\ncampaign completed: 10 contacts, confirmed 7  notified 0  refused 1  failed 2  pending 0  dialing 0, 14 attempts\n`,
    );
  });

  it('watch › a stream that fails after an update ends the bar line before the error, exit 6', async () => {
    const progress = CampaignProgress.fromPartial({ state: CampaignState.RUNNING, total: 1, pending: 1 });
    const { code, out, err } = await runWith(['campaigns', 'watch', CAMPAIGN_ID], {
      watchCampaign: async function* () {
        yield* stream({ progress });
        throw new UnavailableError('ringpace server 127.0.0.1:50051', 'Connection dropped');
      },
    }, { tty: true });
    expect(code).toBe(ExitCode.Unavailable);
    expect(out.endsWith('\x1b[K\n')).toBe(true);
    expect(err).toBe('error: ringpace server 127.0.0.1:50051: Connection dropped\n');
  });

  it('watch › off a terminal each update is one plain line', async () => {
    const at = new Date('2026-11-24T09:00:00Z');
    const { out } = await runWith(['campaigns', 'watch', CAMPAIGN_ID, '--once'], {
      watchCampaign: async function* () {
        yield* stream({ progress: CampaignProgress.fromPartial({ state: CampaignState.RUNNING, total: 4, pending: 1, confirmed: 3, attempts: 5, at }) });
        throw new Error('--once must stop after the first update');
      },
    });
    expect(out).toBe('2026-11-24T09:00:00Z running done 3/4  confirmed 3  notified 0  refused 0  failed 0  pending 1  dialing 0  attempts 5\n');
  });
});

