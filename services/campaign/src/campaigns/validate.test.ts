import { describe, expect, it } from 'vitest';
import { ValidationError } from '@ringpace/errors';
import { CampaignState, CreateCampaignRequest, DialMode, ListCampaignsRequest } from '@ringpace/proto';
import { validateCampaignId, validateCreateCampaign, validateListCampaigns } from './validate.js';

const good: CreateCampaignRequest = {
  ...CreateCampaignRequest.fromPartial({}),
  name: ' Admission notices ',
  defaultRegion: 'cn',
  timezone: 'Asia/Shanghai',
  callerIds: ['+8610 6552 9988'.replace(/ /g, '')],
};

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map((v) => v.field);
    throw error;
  }
  return [];
}

describe('campaign validation', () => {
  it('validateCreateCampaign › normalises a good request', () => {
    const valid = validateCreateCampaign(good);
    expect(valid).toMatchObject({ name: 'Admission notices', defaultRegion: 'CN', dialMode: DialMode.NOTIFICATION, requestId: undefined, flowId: undefined });
    expect(valid.callerIds).toEqual(['+861065529988']);
  });

  it.each<[string, Partial<CreateCampaignRequest>, string[]]>([
    ['empty name', { name: '   ' }, ['name']],
    ['long name', { name: 'x'.repeat(201) }, ['name']],
    ['unknown region', { defaultRegion: 'XX' }, ['default_region']],
    ['missing region and zone', { defaultRegion: '', timezone: '' }, ['default_region', 'timezone']],
    ['bad zone', { timezone: 'Mars/Olympus' }, ['timezone']],
    ['national caller id', { callerIds: ['+861065529988', '01065529988'] }, ['caller_ids[1]']],
    ['unknown dial mode', { dialMode: DialMode.UNRECOGNIZED }, ['dial_mode']],
    ['flow id not a uuid', { flowId: 'flow-1' }, ['flow_id']],
    ['version without flow', { flowVersion: 3 }, ['flow_version']],
    ['too many calls', { maxConcurrentCalls: 100_001 }, ['max_concurrent_calls']],
    ['long request id', { requestId: 'r'.repeat(129) }, ['request_id']],
  ])('validateCreateCampaign › %s is named', (_label, change, fields) => {
    expect(fieldsOf(() => validateCreateCampaign({ ...good, ...change }))).toEqual(fields);
  });

  it('validateCampaignId › names the field and lowercases', () => {
    expect(fieldsOf(() => validateCampaignId('nope'))).toEqual(['id']);
    expect(validateCampaignId('0B6F1C0E-6A3B-4D7A-9F51-0D2D1C3F4A5B')).toBe('0b6f1c0e-6a3b-4d7a-9f51-0d2d1c3f4a5b');
  });

  it.each<[Partial<ListCampaignsRequest>, string[]]>([
    [{ pageSize: -1 }, ['page_size']],
    [{ pageSize: 501 }, ['page_size']],
    [{ state: CampaignState.UNRECOGNIZED }, ['state']],
    [{ pageSize: 0 }, []],
  ])('validateListCampaigns › %o → %o', (change, fields) => {
    expect(fieldsOf(() => validateListCampaigns({ ...ListCampaignsRequest.fromPartial({}), ...change }))).toEqual(fields);
  });

  it('validateListCampaigns › defaults the page size', () => {
    expect(validateListCampaigns(ListCampaignsRequest.fromPartial({})).pageSize).toBe(50);
  });
});
