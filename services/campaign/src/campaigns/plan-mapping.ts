// Schedules and retry policies between their wire forms (proto) and their stored forms (jsonb rows of
// `schedules` and `retry_policies`, in the shape packages/policy reads).
import type { DayWindows, OutcomeRetryRule, RetryPolicy, Schedule } from '@ringpace/proto';

export const weekdayFields = [
  ['mon', 'monday'],
  ['tue', 'tuesday'],
  ['wed', 'wednesday'],
  ['thu', 'thursday'],
  ['fri', 'friday'],
  ['sat', 'saturday'],
  ['sun', 'sunday'],
] as const;

export type StoredWeekday = (typeof weekdayFields)[number][0];

export type StoredWindow = { readonly start: string; readonly end: string };

export interface StoredSchedule {
  readonly windows: Record<StoredWeekday, StoredWindow[]>;
  readonly holidays: { date: string; name: string }[];
  readonly startDate: string | null;
  readonly endDate: string | null;
}

export function scheduleToStored(schedule: Schedule): StoredSchedule {
  const windows = Object.fromEntries(
    weekdayFields.map(([short, long]) => [short, (schedule[long]?.windows ?? []).map((w) => ({ start: w.start, end: w.end }))]),
  ) as Record<StoredWeekday, StoredWindow[]>;
  return {
    windows,
    holidays: schedule.holidays.map((h) => ({ date: h.date, name: h.name })),
    startDate: schedule.startDate === '' ? null : schedule.startDate,
    endDate: schedule.endDate === '' ? null : schedule.endDate,
  };
}

export function scheduleFromStored(stored: StoredSchedule): Schedule {
  const day = (short: StoredWeekday): DayWindows => ({ windows: (stored.windows[short] ?? []).map((w) => ({ start: w.start, end: w.end })) });
  return {
    monday: day('mon'),
    tuesday: day('tue'),
    wednesday: day('wed'),
    thursday: day('thu'),
    friday: day('fri'),
    saturday: day('sat'),
    sunday: day('sun'),
    holidays: stored.holidays.map((h) => ({ date: h.date, name: h.name })),
    startDate: stored.startDate ?? '',
    endDate: stored.endDate ?? '',
  };
}

export const retryOutcomeFields = ['busy', 'noAnswer', 'networkFailure', 'answeredNotConfirmed', 'rejected', 'machine'] as const;
export type RetryOutcomeField = (typeof retryOutcomeFields)[number];

export type StoredRetryRule = { readonly retry: boolean; readonly delayMinutes: number; readonly maxAttempts: number };

export interface StoredRetryPolicy {
  readonly maxAttemptsTotal: number;
  readonly rules: Record<RetryOutcomeField, StoredRetryRule>;
}

const noRetry: OutcomeRetryRule = { retry: false, delayMinutes: 0, maxAttempts: 0 };

export function retryPolicyToStored(policy: RetryPolicy): StoredRetryPolicy {
  const rules = Object.fromEntries(
    retryOutcomeFields.map((field) => {
      const rule = policy[field] ?? noRetry;
      return [field, { retry: rule.retry, delayMinutes: rule.delayMinutes, maxAttempts: rule.maxAttempts }];
    }),
  ) as Record<RetryOutcomeField, StoredRetryRule>;
  return { maxAttemptsTotal: policy.maxAttemptsTotal, rules };
}

export function retryPolicyFromStored(stored: StoredRetryPolicy): RetryPolicy {
  const rule = (field: RetryOutcomeField): OutcomeRetryRule => {
    const r = stored.rules[field];
    return r === undefined ? { ...noRetry } : { retry: r.retry, delayMinutes: r.delayMinutes, maxAttempts: r.maxAttempts };
  };
  return {
    busy: rule('busy'),
    noAnswer: rule('noAnswer'),
    networkFailure: rule('networkFailure'),
    answeredNotConfirmed: rule('answeredNotConfirmed'),
    rejected: rule('rejected'),
    machine: rule('machine'),
    maxAttemptsTotal: stored.maxAttemptsTotal,
  };
}

/** The policy a campaign gets when its creator sends none: the vendor boxes' usual defaults. */
export function defaultRetryPolicy(): RetryPolicy {
  return {
    busy: { retry: true, delayMinutes: 10, maxAttempts: 3 },
    noAnswer: { retry: true, delayMinutes: 30, maxAttempts: 3 },
    networkFailure: { retry: true, delayMinutes: 5, maxAttempts: 3 },
    answeredNotConfirmed: { retry: false, delayMinutes: 60, maxAttempts: 0 },
    rejected: { retry: false, delayMinutes: 0, maxAttempts: 0 },
    machine: { retry: true, delayMinutes: 60, maxAttempts: 2 },
    maxAttemptsTotal: 3,
  };
}
