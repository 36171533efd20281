import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '@ringpace/errors';
import { CallerIdMode, TrunkGroup, type CreateCampaignRequest, type CreateTrunkGroupRequest, type UpdateCampaignRequest } from '@ringpace/proto';
import type { RingpaceClient } from '../client.js';
import { ExitCode } from '../exit-codes.js';
import { runWith } from '../testing.js';

const GROUP_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const group = TrunkGroup.fromPartial({
  id: GROUP_ID,
  tenantId: 't-1',
  name: 'carriers',
  callerIdMode: CallerIdMode.REGION,
  createdAt: new Date('2026-11-24T09:00:00Z'),
  trunks: [
    { id: 'tr-1', nodeId: 'fs1', gateway: 'carrier-a', channels: 120, callsPerSecond: 10, disabled: false },
    { id: 'tr-2', nodeId: 'fs2', gateway: 'carrier.b', channels: 30, callsPerSecond: 2, disabled: true },
  ],
});
const listTrunkGroups: RingpaceClient['listTrunkGroups'] = () => Promise.resolve({ trunkGroups: [group] });

describe('trunks', () => {
  it('create › tenant, name, caller-ID mode and every --trunk reach the server with the admin token', async () => {
    const requests: CreateTrunkGroupRequest[] = [];
    const { code, out, io } = await runWith(
      ['trunks', 'create', '--tenant', 't-1', '--name', 'carriers', '--caller-id-mode', 'region', '--trunk', 'fs1:carrier-a:120:10', '--trunk', 'fs2:carrier.b:30:2', '--admin-token', 'admin', '--key', 'rpk_x'],
      { createTrunkGroup: (request) => (requests.push(request), Promise.resolve({ trunkGroup: group })) },
    );
    expect(code).toBe(ExitCode.Ok);
    expect(io.err()).toBe('');
    expect(requests).toEqual([{
      tenantId: 't-1',
      name: 'carriers',
      callerIdMode: CallerIdMode.REGION,
      trunks: [
        { nodeId: 'fs1', gateway: 'carrier-a', channels: 120, callsPerSecond: 10 },
        { nodeId: 'fs2', gateway: 'carrier.b', channels: 30, callsPerSecond: 2 },
      ],
    }]);
    expect(out).toBe([
      `id:        ${GROUP_ID}`,
      'tenant:    t-1',
      'name:      carriers',
      'caller id: region',
      'created:   2026-11-24T09:00:00Z',
      '',
      'TRUNK  NODE  GATEWAY    CHANNELS  CPS  STATE',
      'tr-1   fs1   carrier-a       120   10  enabled',
      'tr-2   fs2   carrier.b        30    2  disabled',
      '',
    ].join('\n'));
  });

  it('create › the caller-ID mode defaults to rotate', async () => {
    const requests: CreateTrunkGroupRequest[] = [];
    await runWith(['trunks', 'create', '--tenant', 't-1', '--name', 'c', '--trunk', 'fs1:gw:1:1'], { createTrunkGroup: (request) => (requests.push(request), Promise.resolve({ trunkGroup: group })) });
    expect(requests[0]!.callerIdMode).toBe(CallerIdMode.ROTATE);
  });

  it.each([
    [['--name', 'c', '--trunk', 'fs1:gw:1:1'], '--tenant is required'],
    [['--tenant', 't-1', '--name', 'c'], '--trunk NODE:GATEWAY:CHANNELS:CPS is required'],
    [['--tenant', 't-1', '--name', 'c', '--trunk', 'fs1:gw:10'], '--trunk takes NODE:GATEWAY:CHANNELS:CPS'],
    [['--tenant', 't-1', '--name', 'c', '--trunk', 'fs1:gw:ten:1'], 'CHANNELS must be a whole number (got "ten")'],
    [['--tenant', 't-1', '--name', 'c', '--trunk', 'fs1:gw:1:1', '--caller-id-mode', 'random'], '--caller-id-mode must be one of rotate, region'],
  ])('create › %j is a usage error before any call', async (options, message) => {
    const { code, err } = await runWith(['trunks', 'create', ...options], {});
    expect(code).toBe(ExitCode.Usage);
    expect(err).toContain(message);
  });

  it('create › the server naming trunks[1].channels is shown as it is, exit 2', async () => {
    const { code, err } = await runWith(['trunks', 'create', '--tenant', 't-1', '--name', 'c', '--trunk', 'fs1:gw:1:1', '--trunk', 'fs1:gw2:0:1'], {
      createTrunkGroup: () => Promise.reject(new ValidationError([{ field: 'trunks[1].channels', message: 'must be between 1 and 100000' }])),
    });
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(err).toContain('trunks[1].channels: must be between 1 and 100000');
  });

  it('list › one row per trunk, the group written on its first; --tenant reaches the server', async () => {
    const tenants: string[] = [];
    const { out } = await runWith(['trunks', 'list', '--tenant', 't-1'], { listTrunkGroups: (request) => (tenants.push(request.tenantId), listTrunkGroups(request)) });
    expect(tenants).toEqual(['t-1']);
    expect(out).toBe([
      'GROUP                                 NAME      CALLER ID  TRUNK  NODE  GATEWAY    CHANNELS  CPS  STATE',
      `${GROUP_ID}  carriers  region     tr-1   fs1   carrier-a       120   10  enabled`,
      '                                                           tr-2   fs2   carrier.b        30    2  disabled',
      '',
    ].join('\n'));
    expect((await runWith(['trunks', 'list'], { listTrunkGroups: () => Promise.resolve({ trunkGroups: [] }) })).out).toBe('no trunk groups\n');
  });

  it('disable and enable › send the trunk id and the wanted state; an unknown trunk exits 3', async () => {
    const calls: [string, boolean][] = [];
    const setTrunkDisabled: RingpaceClient['setTrunkDisabled'] = (request) => {
      calls.push([request.trunkId, request.disabled]);
      return Promise.resolve({ trunk: { ...group.trunks[0]!, disabled: request.disabled } });
    };
    expect((await runWith(['trunks', 'disable', 'tr-1'], { setTrunkDisabled })).out).toContain('state:    disabled');
    expect((await runWith(['trunks', 'enable', 'tr-1'], { setTrunkDisabled })).out).toContain('state:    enabled');
    expect(calls).toEqual([['tr-1', true], ['tr-1', false]]);
    const missing = await runWith(['trunks', 'disable', 'nope'], { setTrunkDisabled: () => Promise.reject(new NotFoundError('trunk', 'nope')) });
    expect(missing.code).toBe(ExitCode.NotFound);
  });
});

describe('campaign.yaml › trunk_group', () => {
  it('create › a name is resolved through ListTrunkGroups into trunk_group_id', async () => {
    const requests: CreateCampaignRequest[] = [];
    const { code } = await runWith(['campaigns', 'create', '-f', 'c.yaml'], { listTrunkGroups, createCampaign: (request) => (requests.push(request), Promise.resolve({ campaign: undefined })) }, { files: { 'c.yaml': 'name: x\ntrunk_group: carriers\n' } });
    expect(code).toBe(ExitCode.Ok);
    expect(requests[0]!.trunkGroupId).toBe(GROUP_ID);
  });

  it('create › an id is accepted as written, in any case', async () => {
    const requests: CreateCampaignRequest[] = [];
    await runWith(['campaigns', 'create', '-f', 'c.yaml'], { listTrunkGroups, createCampaign: (request) => (requests.push(request), Promise.resolve({ campaign: undefined })) }, { files: { 'c.yaml': `name: x\ntrunk_group: ${GROUP_ID.toUpperCase()}\n` } });
    expect(requests[0]!.trunkGroupId).toBe(GROUP_ID);
  });

  it('create › an unknown name is refused on its line with the known names, and no campaign is created', async () => {
    const { code, err } = await runWith(['campaigns', 'create', '-f', 'c.yaml'], { listTrunkGroups }, { files: { 'c.yaml': 'name: x\ntimezone: Asia/Shanghai\ntrunk_group: carrier\n' } });
    expect(code).toBe(ExitCode.InvalidArgument);
    expect(err).toContain('  c.yaml:3: trunk_group: no trunk group with id or name "carrier" (known: "carriers")');
  });

  it('create › the server refusing the group (another tenant\'s) exits 3', async () => {
    const { code, err } = await runWith(['campaigns', 'create', '-f', 'c.yaml'], {
      listTrunkGroups,
      createCampaign: () => Promise.reject(new NotFoundError('trunk_group_id: trunk group', GROUP_ID)),
    }, { files: { 'c.yaml': 'name: x\ntrunk_group: carriers\n' } });
    expect(code).toBe(ExitCode.NotFound);
    expect(err).toContain('trunk_group_id');
  });

  it('update › a name is resolved and sent with the mask path trunk_group_id', async () => {
    const requests: UpdateCampaignRequest[] = [];
    const { code } = await runWith(['campaigns', 'update', 'c-1', '-f', 'u.yaml'], { listTrunkGroups, updateCampaign: (request) => (requests.push(request), Promise.resolve({ campaign: undefined })) }, { files: { 'u.yaml': 'trunk_group: carriers\n' } });
    expect(code).toBe(ExitCode.Ok);
    expect(requests[0]!.updateMask).toEqual(['trunk_group_id']);
    expect(requests[0]!.campaign!.trunkGroupId).toBe(GROUP_ID);
  });
});
