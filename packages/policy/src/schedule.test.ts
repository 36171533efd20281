import { ValidationError } from '@ringpace/errors';
import { describe, expect, it } from 'vitest';
import { parseHolidays, parseSchedule, validateSchedule, withHolidays } from './schedule.js';

const weekdays = { mon: [{ start: '09:00', end: '12:00' }] };

describe('schedule validation', () => {
  it('validateSchedule › a full schedule is accepted as written, holidays defaulting to none', () => {
    const input = {
      windows: { mon: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '24:00' }], sun: [{ start: '00:00', end: '00:01' }] },
      startDate: '2026-09-01',
      endDate: '2026-09-01',
    };
    expect(validateSchedule(input)).toEqual({ ok: true, schedule: { ...input, holidays: [] } });
  });

  it('validateSchedule › every holiday form is accepted', () => {
    const holidays = ['2026-10-01', { date: '2026-12-25', name: 'Christmas' }, { from: '2026-10-01', to: '2026-10-07', name: 'National Day' }];
    expect(validateSchedule({ windows: weekdays, holidays })).toEqual({ ok: true, schedule: { windows: weekdays, holidays } });
  });

  it.each([
    ['bad HH:MM', { windows: { mon: [{ start: '9:00', end: '12:00' }] } }, 'windows.mon[0].start', 'HH:MM'],
    ['minutes past 59', { windows: { tue: [{ start: '09:60', end: '12:00' }] } }, 'windows.tue[0].start', 'HH:MM'],
    ['a start of 24:00', { windows: { wed: [{ start: '24:00', end: '24:00' }] } }, 'windows.wed[0].start', '00:00 to 23:59'],
    ['an end past 24:00', { windows: { thu: [{ start: '09:00', end: '24:01' }] } }, 'windows.thu[0].end', '00:01 to 24:00'],
    ['end equal to start', { windows: { fri: [{ start: '09:00', end: '09:00' }] } }, 'windows.fri[0].end', 'must be after start 09:00'],
    ['a window crossing midnight', { windows: { sat: [{ start: '22:00', end: '02:00' }] } }, 'windows.sat[0].end', 'cannot cross midnight'],
    [
      'overlapping windows',
      { windows: { mon: [{ start: '13:00', end: '18:00' }, { start: '09:00', end: '13:01' }] } },
      'windows.mon[0]',
      'overlaps window [1] (09:00–13:01)',
    ],
    ['an unknown weekday', { windows: { monday: [] } }, 'windows.monday', 'unknown weekday'],
    ['an unknown window field', { windows: { mon: [{ start: '09:00', end: '10:00', tz: 'UTC' }] } }, 'windows.mon[0].tz', 'Unrecognized key'],
    ['missing windows', { holidays: [] }, 'windows', 'expected object'],
    ['a date that does not exist', { windows: weekdays, holidays: ['2026-02-30'] }, 'holidays[0]', 'calendar date'],
    ['a holiday of another shape', { windows: weekdays, holidays: [20261001] }, 'holidays[0]', '{ from, to, name? }'],
    ['a holiday range reversed', { windows: weekdays, holidays: [{ from: '2026-10-07', to: '2026-10-01' }] }, 'holidays[0].to', 'not be before from 2026-10-07'],
    ['start and end dates reversed', { windows: weekdays, startDate: '2026-09-02', endDate: '2026-09-01' }, 'endDate', 'not be before startDate'],
    ['a bad start date', { windows: weekdays, startDate: '2026/09/01' }, 'startDate', 'calendar date'],
  ])('validateSchedule › refuses %s, naming the field', (_case, input, field, message) => {
    const result = validateSchedule(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violations).toContainEqual({ field, message: expect.stringContaining(message) as string });
  });

  it('validateSchedule › reports every problem at once, under the caller prefix', () => {
    const result = validateSchedule({ windows: { mon: [{ start: 'x', end: '10:00' }], tue: [{ start: '10:00', end: 'y' }] }, holidays: ['nope'] }, 'schedule');
    expect(result.ok ? [] : result.violations.map((v) => v.field)).toEqual(['schedule.windows.mon[0].start', 'schedule.windows.tue[0].end', 'schedule.holidays[0]']);
  });

  it('parseSchedule › throws ValidationError (INVALID_ARGUMENT) with the violations', () => {
    expect(() => parseSchedule({ windows: { xyz: [] } })).toThrow(ValidationError);
    try {
      parseSchedule({ windows: { xyz: [] } });
    } catch (error) {
      expect((error as ValidationError).code).toBe('INVALID_ARGUMENT');
      expect((error as ValidationError).violations[0]?.field).toBe('windows.xyz');
    }
  });

  it('withHolidays › tenant holidays join the campaign holidays', () => {
    const schedule = parseSchedule({ windows: weekdays, holidays: ['2026-10-01'] });
    const tenant = parseHolidays([{ date: '2026-12-25', name: 'Christmas' }]);
    expect(withHolidays(schedule, tenant).holidays).toEqual([{ date: '2026-12-25', name: 'Christmas' }, '2026-10-01']);
    expect(withHolidays(schedule, [])).toBe(schedule);
  });

  it('parseHolidays › names the bad entry', () => {
    expect(() => parseHolidays(['2026-13-01'], 'tenant.holidays')).toThrow('tenant.holidays[0]: must be a calendar date');
  });
});
