import { describe, expect, it } from 'vitest';
import type { RetryDecision } from './decide-next.js';
import { parseSchedule } from './schedule.js';
import { scheduleRetry } from './schedule-retry.js';

// Shanghai office hours, weekdays 09:00–12:00 and 13:00–18:00 (01:00–04:00Z and 05:00–10:00Z).
const office = parseSchedule({
  windows: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }]])),
  holidays: [{ from: '2026-10-01', to: '2026-10-07' }],
  endDate: '2026-12-31',
});

const retryAt = (iso: string, stateIfStopped: 'notified' | 'exhausted' = 'exhausted'): RetryDecision => ({
  kind: 'retry',
  dueAtMs: Date.parse(iso),
  attempt: 2,
  rule: 'busy',
  stateIfStopped,
});

describe('scheduleRetry', () => {
  it.each<[string, RetryDecision, RetryDecision]>([
    ['a due time inside a window stays', retryAt('2026-09-28T02:00:00Z'), retryAt('2026-09-28T02:00:00Z')],
    ['a due time at lunch moves to the afternoon window', retryAt('2026-09-28T04:30:00Z'), retryAt('2026-09-28T05:00:00Z')],
    ['a due time in the evening moves to the next morning', retryAt('2026-09-28T11:00:00Z'), retryAt('2026-09-29T01:00:00Z')],
    ['a due time on a holiday moves past the holidays', retryAt('2026-10-02T02:00:00Z'), retryAt('2026-10-08T01:00:00Z')],
    ['a due time after the end date ends the contact', retryAt('2027-01-04T02:00:00Z'), { kind: 'done', state: 'exhausted' }],
    ['and keeps notified when the callee had heard the message', retryAt('2027-01-04T02:00:00Z', 'notified'), { kind: 'done', state: 'notified' }],
    ['a done decision passes through', { kind: 'done', state: 'confirmed' }, { kind: 'done', state: 'confirmed' }],
  ])('scheduleRetry › %s', (_case, decision, expected) => {
    expect(scheduleRetry(decision, office, 'Asia/Shanghai')).toEqual(expected);
  });
});
