import { describe, expect, it } from 'vitest';
import { DialMode } from '@ringpace/proto';
import { CAMPAIGN_EXAMPLE as fullExample } from './campaign-example.js';
import { readCampaignCreate, readCampaignUpdate } from './campaign-file.js';
import { FileValidationError, formatViolation } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { run } from './run.js';
import { fakeClient, fakeFactory, memoryIo } from './testing.js';
import { YamlSource } from './yaml-source.js';

function create(text: string) {
  return readCampaignCreate(YamlSource.parse(text, 'campaign.yaml'), 'generated-id');
}

/** The error lines `ringpace` would print for the file. */
function problems(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof FileValidationError) return error.located.map((violation) => formatViolation(violation, error.file));
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('campaign.yaml › create', () => {
  it('the documented example maps onto CreateCampaignRequest field by field', () => {
    const { request } = create(fullExample);
    const office = { windows: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '18:00' }] };
    expect(request).toEqual({
      requestId: 'generated-id',
      name: 'November payment reminder',
      description: 'Reminds customers of the amount due',
      defaultRegion: 'CN',
      timezone: 'Asia/Shanghai',
      callerIds: ['+861012345678', '+861087654321'],
      dialMode: DialMode.NOTIFICATION,
      maxConcurrentCalls: 30,
      flowId: '4f6c1d2e-8a4b-4c3d-9e8f-0a1b2c3d4e5f',
      flowVersion: 3,
      schedule: {
        monday: office,
        tuesday: office,
        wednesday: office,
        thursday: office,
        friday: office,
        saturday: { windows: [{ start: '10:00', end: '12:00' }] },
        sunday: { windows: [] },
        holidays: [
          { date: '2026-10-01', name: '' },
          { date: '2026-10-02', name: 'National Day' },
        ],
        startDate: '2026-11-01',
        endDate: '2026-11-30',
      },
      retryPolicy: {
        maxAttemptsTotal: 4,
        busy: { retry: true, delayMinutes: 30, maxAttempts: 2 },
        noAnswer: { retry: true, delayMinutes: 60, maxAttempts: 0 },
        networkFailure: { retry: true, delayMinutes: 10, maxAttempts: 0 },
        answeredNotConfirmed: { retry: false, delayMinutes: 0, maxAttempts: 0 },
        rejected: { retry: false, delayMinutes: 0, maxAttempts: 0 },
        machine: { retry: false, delayMinutes: 0, maxAttempts: 0 },
      },
      excludedNumberTypes: ['PREMIUM_RATE', 'SHARED_COST'],
      trunkGroupId: '',
    });
    // The group is named, not yet resolved: the command looks the name up on the server.
    expect(create(fullExample).trunkGroup).toBe('carriers');
  });

  it('a request_id in the file wins over the generated one; days left out have no windows', () => {
    const { request } = create('name: x\nrequest_id: fixed\nschedule:\n  monday: ["08:00-09:00"]\n');
    expect(request.requestId).toBe('fixed');
    expect(request.schedule?.monday?.windows).toEqual([{ start: '08:00', end: '09:00' }]);
    expect(request.schedule?.tuesday).toBeUndefined();
    expect(request.retryPolicy).toBeUndefined();
  });

  it('a day written by name wins over weekdays and every_day', () => {
    const { request } = create('schedule:\n  every_day: ["10:00-11:00"]\n  weekdays: ["09:00-17:00"]\n  friday: ["09:00-12:00"]\n');
    expect(request.schedule?.monday?.windows).toEqual([{ start: '09:00', end: '17:00' }]);
    expect(request.schedule?.friday?.windows).toEqual([{ start: '09:00', end: '12:00' }]);
    expect(request.schedule?.sunday?.windows).toEqual([{ start: '10:00', end: '11:00' }]);
  });

  it('YAML anchors reuse a day', () => {
    const { request } = create('schedule:\n  monday: &office ["09:00-18:00"]\n  thursday: *office\n');
    expect(request.schedule?.thursday?.windows).toEqual([{ start: '09:00', end: '18:00' }]);
  });

  it.each([
    ['name: [a]\n', ['campaign.yaml:1: name: must be text, not a list']],
    ['name: x\nschedul:\n  monday: []\n', ['campaign.yaml:2: schedul: unknown field (did you mean "schedule"?)']],
    ['caller_ids: [+861012345678]\n', ['campaign.yaml:1: caller_ids[0]: write phone numbers in quotes ("+861012345678"): unquoted, YAML reads them as numbers']],
    ['dial_mode: robocall\n', ['campaign.yaml:1: dial_mode: "robocall" is not one of notification, preview, progressive, power, predictive']],
    ['max_concurrent_calls: -3\n', ['campaign.yaml:1: max_concurrent_calls: must be a whole number ≥ 0, not number -3']],
    ['flow_version: "3"\n', ['campaign.yaml:1: flow_version: must be a whole number ≥ 0, not string "3"']],
    [
      'name: x\nschedule:\n  monday:\n    - start: "09:00"\n      end: "12:00"\n  tuesday:\n    - start: "09:00"\n      end: "25:00"\n',
      ['campaign.yaml:8: schedule.tuesday[0].end: "25:00" is not HH:MM (00:00–24:00)'],
    ],
    ['schedule:\n  monday: ["9-12"]\n', ['campaign.yaml:2: schedule.monday[0]: "9" is not HH:MM (00:00–23:59)', 'campaign.yaml:2: schedule.monday[0]: "12" is not HH:MM (00:00–24:00)']],
    ['schedule:\n  monday: ["morning"]\n', ['campaign.yaml:2: schedule.monday[0]: "morning" is not a window such as "09:00-12:00"']],
    ['schedule:\n  monday:\n    - start: "24:00"\n      end: "24:00"\n', ['campaign.yaml:3: schedule.monday[0].start: "24:00" is not HH:MM (00:00–23:59)']],
    ['schedule:\n  monday:\n    - {start: "09:00"}\n', ['campaign.yaml:3: schedule.monday[0].end: is required ("HH:MM")']],
    ['schedule:\n  monday: "09:00-12:00"\n', ['campaign.yaml:2: schedule.monday: must be a list, not string "09:00-12:00"']],
    ['schedule:\n  holidays:\n    - 2026-13-01\n    - name: x\n', ['campaign.yaml:3: schedule.holidays[0]: "2026-13-01" is not YYYY-MM-DD', 'campaign.yaml:4: schedule.holidays[1].date: is required (YYYY-MM-DD)']],
    ['retry_policy:\n  busy: { delay_minutes: 5 }\n', ['campaign.yaml:1: retry_policy.max_attempts_total: is required (attempts per contact, at least 1)']],
    ['retry_policy:\n  max_attempts_total: 3\n  bussy: { delay_minutes: 5 }\n', ['campaign.yaml:3: retry_policy.bussy: unknown field (did you mean "busy"?)']],
    ['retry_policy:\n  max_attempts_total: 3\n  busy:\n    retry: yes\n', ['campaign.yaml:4: retry_policy.busy.retry: must be true or false, not string "yes"']],
    ['- name: x\n', ['campaign.yaml: must be a mapping, not a list']],
  ])('%j is refused with %j', (text, expected) => {
    expect(problems(() => create(text))).toEqual(expected);
  });

  it('every problem of the file is reported in one run', () => {
    expect(problems(() => create('name: 1\ndial_mode: x\nschedule:\n  monday: ["25:00-26:00"]\n'))).toHaveLength(4);
  });

  it.each([
    ['name: x\nname: y\n', /^campaign\.yaml:2: Map keys must be unique/],
    ['name: "x\nschedule: [\n', /^campaign\.yaml:\d+: /],
    ['schedule:\n  monday: [09:00-12:00\n', /^campaign\.yaml:\d+: /],
  ])('YAML syntax errors name their line: %j', (text, expected) => {
    const [first] = problems(() => create(text));
    expect(first).toMatch(expected);
  });

  it.each([
    ['schedule.monday.windows[1]', 'campaign.yaml:12: schedule.weekdays[1]: overlaps'],
    ['schedule.saturday.windows[0].end', 'campaign.yaml:15: schedule.saturday[0].end: overlaps'],
    ['schedule.sunday', 'campaign.yaml:16: schedule.sunday: overlaps'],
    ['schedule.holidays[1].date', 'campaign.yaml:19: schedule.holidays[1].date: overlaps'],
    ['retry_policy.busy.delay_minutes', 'campaign.yaml:25: retry_policy.busy.delay_minutes: overlaps'],
    ['caller_ids[1]', 'campaign.yaml:6: caller_ids[1]: overlaps'],
    ['default_region', 'campaign.yaml:4: default_region: overlaps'],
    ['flow_id', 'campaign.yaml:9: flow_id: overlaps'],
    ['name', 'campaign.yaml:2: name: overlaps'],
  ])('server violation %s is placed on the line that wrote it', (field, expected) => {
    const source = YamlSource.parse(fullExample, 'campaign.yaml');
    const { toFilePath } = readCampaignCreate(source, 'id');
    const error = source.fail([{ field, message: 'overlaps' }], toFilePath);
    expect(error.located.map((violation) => formatViolation(violation, 'campaign.yaml'))).toEqual([expected]);
  });

  it('a violation of a field the file does not write names no line', () => {
    const source = YamlSource.parse('name: x\n', 'campaign.yaml');
    const error = source.fail([{ field: 'timezone', message: 'is required' }], readCampaignCreate(source, 'id').toFilePath);
    expect(error.located).toEqual([{ field: 'timezone', message: 'is required', line: 1 }]);
  });
});

describe('campaign.yaml › update', () => {
  it('the update mask names exactly the keys the file writes', () => {
    const { request } = readCampaignUpdate(YamlSource.parse('name: Renamed\nschedule:\n  weekdays: ["10:00-16:00"]\n', 'change.yaml'), 'c-1');
    expect(request.updateMask).toEqual(['name', 'schedule']);
    expect(request.campaign?.id).toBe('c-1');
    expect(request.campaign?.name).toBe('Renamed');
    expect(request.campaign?.schedule?.wednesday?.windows).toEqual([{ start: '10:00', end: '16:00' }]);
  });

  it.each([
    ['timezone: Europe/Paris\n', ['change.yaml:1: timezone: cannot be changed after creation (updatable: name, description, caller_ids, max_concurrent_calls, flow_id, flow_version, schedule, retry_policy, excluded_number_types, trunk_group)']],
    ['# nothing\n', ['change.yaml: names no field to change (updatable: name, description, caller_ids, max_concurrent_calls, flow_id, flow_version, schedule, retry_policy, excluded_number_types, trunk_group)']],
  ])('%j is refused', (text, expected) => {
    expect(problems(() => readCampaignUpdate(YamlSource.parse(text, 'change.yaml'), 'c-1'))).toEqual(expected);
  });

  it('trunk_group is updated as trunk_group_id; an empty one clears it; its violations land on its line', () => {
    const source = YamlSource.parse('name: x\ntrunk_group: carriers\n', 'change.yaml');
    const { request, trunkGroup, toFilePath } = readCampaignUpdate(source, 'c-1');
    expect(request.updateMask).toEqual(['name', 'trunk_group_id']);
    expect(trunkGroup).toBe('carriers');
    const error = source.fail([{ field: 'campaign.trunk_group_id', message: 'no such group' }], toFilePath);
    expect(formatViolation(error.located[0]!, 'change.yaml')).toBe('change.yaml:2: trunk_group: no such group');
    const cleared = readCampaignUpdate(YamlSource.parse('trunk_group: ""\n', 'change.yaml'), 'c-1');
    expect(cleared.request.updateMask).toEqual(['trunk_group_id']);
    expect(cleared.trunkGroup).toBe('');
    expect(cleared.request.campaign?.trunkGroupId).toBe('');
  });

  it('server violations under campaign.* land on the file lines', () => {
    const source = YamlSource.parse('name: x\nretry_policy:\n  max_attempts_total: 2\n  busy: { delay_minutes: 0 }\n', 'change.yaml');
    const { toFilePath } = readCampaignUpdate(source, 'c-1');
    const error = source.fail([{ field: 'campaign.retry_policy.busy.delay_minutes', message: 'must be at least 1 when retry is on' }], toFilePath);
    expect(formatViolation(error.located[0]!, 'change.yaml')).toBe('change.yaml:4: retry_policy.busy.delay_minutes: must be at least 1 when retry is on');
  });
});

describe('campaigns example', () => {
  it('prints the documented example, which reads without a problem', async () => {
    const io = memoryIo();
    expect(await run(['campaigns', 'example'], io, fakeFactory(fakeClient({})))).toBe(ExitCode.Ok);
    expect(io.out()).toBe(fullExample);
    expect(() => create(io.out())).not.toThrow();
  });
});
