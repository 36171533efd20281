import { describe, expect, it } from 'vitest';
import type { RetryPolicy} from '@ringpace/proto';
import { Schedule } from '@ringpace/proto';
import { defaultRetryPolicy } from './plan-mapping.js';
import { validateExcludedTypes, validateRetryPolicy, validateSchedule } from './plan-validate.js';

const office = (): Schedule => ({ ...Schedule.fromPartial({}), monday: { windows: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '18:00' }] } });

describe('schedule and retry policy validation', () => {
  it('schedule › a good one has no problem', () => {
    expect(validateSchedule(office(), 'schedule')).toEqual([]);
  });

  it.each<[string, (s: Schedule) => Schedule, string]>([
    ['end before start', (s) => ({ ...s, monday: { windows: [{ start: '18:00', end: '09:00' }] } }), 'schedule.monday.windows[0].end'],
    ['bad time', (s) => ({ ...s, tuesday: { windows: [{ start: '9am', end: '12:00' }] } }), 'schedule.tuesday.windows[0].start'],
    ['overlap', (s) => ({ ...s, monday: { windows: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] } }), 'schedule.monday.windows[1]'],
    ['bad holiday', (s) => ({ ...s, holidays: [{ date: '2026-02-30', name: '' }] }), 'schedule.holidays[0].date'],
    ['dates reversed', (s) => ({ ...s, startDate: '2026-12-01', endDate: '2026-11-01' }), 'schedule.end_date'],
    ['no window at all', () => Schedule.fromPartial({}), 'schedule'],
  ])('schedule › %s is named at %s', (_label, change, field) => {
    const fields = validateSchedule(change(office()), 'schedule').map((p) => p.field);
    expect(fields).toContain(field);
  });

  it('retry policy › the default is valid', () => {
    expect(validateRetryPolicy(defaultRetryPolicy(), 'retry_policy')).toEqual([]);
  });

  it.each<[string, Partial<RetryPolicy>, string]>([
    ['no attempts', { maxAttemptsTotal: 0 }, 'retry_policy.max_attempts_total'],
    ['week-long delay exceeded', { noAnswer: { retry: true, delayMinutes: 1_000_000, maxAttempts: 1 } }, 'retry_policy.no_answer.delay_minutes'],
    ['per-outcome above total', { busy: { retry: true, delayMinutes: 5, maxAttempts: 9 }, maxAttemptsTotal: 3 }, 'retry_policy.busy.max_attempts'],
  ])('retry policy › %s is named at %s', (_label, change, field) => {
    const fields = validateRetryPolicy({ ...defaultRetryPolicy(), ...change }, 'retry_policy').map((p) => p.field);
    expect(fields).toContain(field);
  });

  it('excluded types › unknown names are named by index', () => {
    expect(validateExcludedTypes(['PREMIUM_RATE', 'CHEAP'], 'excluded_number_types').map((p) => p.field)).toEqual(['excluded_number_types[1]']);
  });
});
