import { ValidationError } from '@ringpace/errors';
import { describe, expect, it } from 'vitest';
import { callableAt, nextOpenAt } from './callable.js';
import { parseSchedule, withHolidays, type ScheduleInput } from './schedule.js';

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** callableAt rendered as a short string so a table row reads in one line. */
function verdict(input: ScheduleInput, zone: string, at: string): string {
  const result = callableAt(parseSchedule(input), zone, Date.parse(at));
  return result.callable ? `callable until ${iso(result.windowEndsAtMs)}` : `${result.reason}, next ${iso(result.nextOpenAtMs) ?? 'never'}`;
}

const office: ScheduleInput = {
  windows: {
    mon: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
    tue: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
    wed: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
    thu: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
    fri: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
  },
  holidays: ['2026-09-25', { from: '2026-10-01', to: '2026-10-07', name: 'National Day' }],
  startDate: '2026-09-01',
  endDate: '2026-12-31',
};

describe('callableAt', () => {
  it.each([
    // Asia/Shanghai is UTC+8 all year: 09:00 local is 01:00Z.
    ['inside the morning window', '2026-09-30T02:00:00Z', 'callable until 2026-09-30T04:00:00.000Z'],
    ['at the first instant of a window', '2026-09-30T01:00:00Z', 'callable until 2026-09-30T04:00:00.000Z'],
    ['one ms before a window', '2026-09-30T00:59:59.999Z', 'outside_window, next 2026-09-30T01:00:00.000Z'],
    ['at a window end (exclusive)', '2026-09-30T04:00:00Z', 'outside_window, next 2026-09-30T05:00:00.000Z'],
    ['one ms before a window end', '2026-09-30T03:59:59.999Z', 'callable until 2026-09-30T04:00:00.000Z'],
    ['after the last window of a day before a holiday week', '2026-09-30T10:00:00Z', 'outside_window, next 2026-10-08T01:00:00.000Z'],
    ['on a holiday range, inside window hours', '2026-10-03T02:00:00Z', 'holiday, next 2026-10-08T01:00:00.000Z'],
    ['on a single-date holiday', '2026-09-25T02:00:00Z', 'holiday, next 2026-09-28T01:00:00.000Z'],
    ['on a weekend', '2026-09-26T02:00:00Z', 'outside_window, next 2026-09-28T01:00:00.000Z'],
    ['before the start date (local 23:59 the day before)', '2026-08-31T15:59:00Z', 'before_start, next 2026-09-01T01:00:00.000Z'],
    ['on the start date before its window', '2026-08-31T16:00:00Z', 'outside_window, next 2026-09-01T01:00:00.000Z'],
    ['on the end date after its last window', '2026-12-31T10:00:00Z', 'outside_window, next never'],
    ['after the end date (local midnight)', '2026-12-31T16:00:00Z', 'after_end, next never'],
  ])('office hours in Asia/Shanghai › %s', (_case, at, expected) => {
    expect(verdict(office, 'Asia/Shanghai', at)).toBe(expected);
  });

  it.each([
    // The same office in New York: a holiday is a date on the callee's calendar, 05:00Z to 05:00Z in EST.
    ['the holiday starts at local midnight', '2026-09-25T04:00:00Z', 'holiday, next 2026-09-28T13:00:00.000Z'],
    ['the day before is not a holiday (local 23:00 on the 24th)', '2026-09-25T03:00:00Z', 'outside_window, next 2026-09-28T13:00:00.000Z'],
  ])('office hours in America/New_York › %s', (_case, at, expected) => {
    expect(verdict(office, 'America/New_York', at)).toBe(expected);
  });

  it.each([
    // 2026-03-08, spring forward: 02:00 EST (07:00Z) becomes 03:00 EDT.
    ['a start the clock skips opens at the jump', { sun: [{ start: '02:30', end: '05:00' }] }, '2026-03-08T07:00:00Z', 'callable until 2026-03-08T09:00:00.000Z'],
    ['before the jump it is still closed', { sun: [{ start: '02:30', end: '05:00' }] }, '2026-03-08T06:59:59Z', 'outside_window, next 2026-03-08T07:00:00.000Z'],
    ['an end the clock skips closes at the jump', { sun: [{ start: '01:00', end: '02:30' }] }, '2026-03-08T06:30:00Z', 'callable until 2026-03-08T07:00:00.000Z'],
    ['a window wholly in the skipped hour does not open', { sun: [{ start: '02:00', end: '02:45' }] }, '2026-03-08T06:00:00Z', 'outside_window, next 2026-03-15T06:00:00.000Z'],
    ['a window spanning the jump lasts an hour less', { sun: [{ start: '01:00', end: '04:00' }] }, '2026-03-08T06:00:00Z', 'callable until 2026-03-08T08:00:00.000Z'],
    // 2026-11-01, fall back: 02:00 EDT (06:00Z) becomes 01:00 EST; 01:00–02:00 happens twice.
    ['an end in the repeated hour closes at its first occurrence', { sun: [{ start: '00:00', end: '01:30' }] }, '2026-11-01T05:15:00Z', 'callable until 2026-11-01T05:30:00.000Z'],
    ['the repeated hour does not reopen an ended window', { sun: [{ start: '00:00', end: '01:30' }] }, '2026-11-01T06:15:00Z', 'outside_window, next 2026-11-08T05:00:00.000Z'],
    ['a window spanning the repeat lasts an hour more', { sun: [{ start: '00:00', end: '03:00' }] }, '2026-11-01T06:30:00Z', 'callable until 2026-11-01T08:00:00.000Z'],
    ['a start in the repeated hour opens at its first occurrence', { sun: [{ start: '01:30', end: '03:00' }] }, '2026-11-01T05:30:00Z', 'callable until 2026-11-01T06:00:00.000Z'],
    ['and pauses while the clock reads before the start again', { sun: [{ start: '01:30', end: '03:00' }] }, '2026-11-01T06:10:00Z', 'outside_window, next 2026-11-01T06:30:00.000Z'],
    ['then resumes at the second 01:30', { sun: [{ start: '01:30', end: '03:00' }] }, '2026-11-01T06:30:00Z', 'callable until 2026-11-01T08:00:00.000Z'],
    ['office hours the week after run on EST', { mon: [{ start: '09:00', end: '17:00' }] }, '2026-11-02T14:00:00Z', 'callable until 2026-11-02T22:00:00.000Z'],
    ['office hours the week before ran on EDT', { fri: [{ start: '09:00', end: '17:00' }] }, '2026-10-30T13:00:00Z', 'callable until 2026-10-30T21:00:00.000Z'],
  ])('DST in America/New_York › %s', (_case, windows, at, expected) => {
    expect(verdict({ windows }, 'America/New_York', at)).toBe(expected);
  });

  it.each([
    // 2026-03-29, spring forward: 01:00 GMT (01:00Z) becomes 02:00 BST.
    ['a start the clock skips opens at the jump', { sun: [{ start: '01:30', end: '04:00' }] }, '2026-03-29T01:00:00Z', 'callable until 2026-03-29T03:00:00.000Z'],
    ['before the jump it is still closed', { sun: [{ start: '01:30', end: '04:00' }] }, '2026-03-29T00:59:00Z', 'outside_window, next 2026-03-29T01:00:00.000Z'],
    // 2026-10-25, fall back: 02:00 BST (01:00Z) becomes 01:00 GMT.
    ['an end in the repeated hour closes at its first occurrence', { sun: [{ start: '00:00', end: '01:30' }] }, '2026-10-25T00:15:00Z', 'callable until 2026-10-25T00:30:00.000Z'],
    ['the repeated hour does not reopen an ended window', { sun: [{ start: '00:00', end: '01:30' }] }, '2026-10-25T01:15:00Z', 'outside_window, next 2026-11-01T00:00:00.000Z'],
    ['office hours after the change run on GMT', { mon: [{ start: '09:00', end: '17:00' }] }, '2026-10-26T09:00:00Z', 'callable until 2026-10-26T17:00:00.000Z'],
    ['office hours before the change ran on BST', { fri: [{ start: '09:00', end: '17:00' }] }, '2026-10-23T08:00:00Z', 'callable until 2026-10-23T16:00:00.000Z'],
  ])('DST in Europe/London › %s', (_case, windows, at, expected) => {
    expect(verdict({ windows }, 'Europe/London', at)).toBe(expected);
  });

  it.each([
    ['on the US spring-forward date nothing moves', '2026-03-08T01:00:00Z', 'callable until 2026-03-08T04:00:00.000Z'],
    ['on the US fall-back date nothing moves', '2026-11-01T01:00:00Z', 'callable until 2026-11-01T04:00:00.000Z'],
    ['on the UK fall-back date nothing moves', '2026-10-25T03:59:59Z', 'callable until 2026-10-25T04:00:00.000Z'],
  ])('no DST in Asia/Shanghai › %s', (_case, at, expected) => {
    expect(verdict({ windows: { sun: [{ start: '09:00', end: '12:00' }] } }, 'Asia/Shanghai', at)).toBe(expected);
  });

  it.each([
    ['touching windows act as one', { mon: [{ start: '09:00', end: '12:00' }, { start: '12:00', end: '14:00' }] }, '2026-09-28T02:00:00Z', 'callable until 2026-09-28T06:00:00.000Z'],
    ['a window may run to 24:00', { sat: [{ start: '20:00', end: '24:00' }] }, '2026-09-26T15:59:59Z', 'callable until 2026-09-26T16:00:00.000Z'],
    ['and the next day opens on its own windows', { sat: [{ start: '20:00', end: '24:00' }], sun: [{ start: '00:00', end: '02:00' }] }, '2026-09-26T16:00:00Z', 'callable until 2026-09-26T18:00:00.000Z'],
    ['no windows at all means never', {}, '2026-09-26T16:00:00Z', 'outside_window, next never'],
  ])('window shapes › %s', (_case, windows, at, expected) => {
    expect(verdict({ windows }, 'Asia/Shanghai', at)).toBe(expected);
  });

  it('tenant holidays › close a day the campaign schedule leaves open', () => {
    const campaign = parseSchedule(office);
    const at = Date.parse('2026-09-30T02:00:00Z');
    expect(callableAt(campaign, 'Asia/Shanghai', at).callable).toBe(true);
    const merged = withHolidays(campaign, [{ date: '2026-09-30', name: 'Company day' }]);
    expect(callableAt(merged, 'Asia/Shanghai', at)).toEqual({ callable: false, reason: 'holiday', nextOpenAtMs: Date.parse('2026-10-08T01:00:00Z') });
  });

  it('callableAt › an unknown zone or a non-finite time throws ValidationError', () => {
    const schedule = parseSchedule(office);
    expect(() => callableAt(schedule, 'Asia/Atlantis', 0)).toThrow(ValidationError);
    expect(() => callableAt(schedule, 'Asia/Shanghai', Number.NaN)).toThrow(ValidationError);
  });

  it('callableAt › a hand-built schedule with a bad time is refused, not misread', () => {
    const handBuilt = { windows: { mon: [{ start: '9:00', end: '10:00' }] }, holidays: [] };
    expect(() => callableAt(handBuilt, 'Asia/Shanghai', 0)).toThrow('windows.mon[0]');
  });
});

describe('nextOpenAt', () => {
  const weekdays = parseSchedule({ windows: { mon: [{ start: '09:00', end: '17:00' }], fri: [{ start: '09:00', end: '17:00' }] } });

  it('nextOpenAt › returns the instant itself when it is callable', () => {
    const at = Date.parse('2026-09-28T02:00:00Z');
    expect(nextOpenAt(weekdays, 'Asia/Shanghai', at)).toBe(at);
  });

  it('nextOpenAt › looks at most a bounded number of days ahead', () => {
    const closedTwoYears = withHolidays(weekdays, [{ from: '2026-01-01', to: '2027-12-31' }]);
    expect(nextOpenAt(closedTwoYears, 'Asia/Shanghai', Date.parse('2026-01-01T00:00:00Z'))).toBeUndefined();
    // From December 2027 the first Monday after the closure is within reach: 2028-01-03.
    expect(iso(nextOpenAt(closedTwoYears, 'Asia/Shanghai', Date.parse('2027-12-01T00:00:00Z')))).toBe('2028-01-03T01:00:00.000Z');
  });

  it('nextOpenAt › waits for the start date and stops at the end date', () => {
    const bounded = parseSchedule({ windows: { mon: [{ start: '09:00', end: '17:00' }] }, startDate: '2026-10-12', endDate: '2026-10-19' });
    expect(iso(nextOpenAt(bounded, 'Asia/Shanghai', Date.parse('2026-09-01T00:00:00Z')))).toBe('2026-10-12T01:00:00.000Z');
    expect(iso(nextOpenAt(bounded, 'Asia/Shanghai', Date.parse('2026-10-19T09:00:00Z')))).toBeUndefined();
  });
});
