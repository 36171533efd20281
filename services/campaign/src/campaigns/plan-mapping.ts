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

/** Proto RetryPolicy fields and the outcome names packages/policy uses for them. */
export const retryOutcomeFields = [
  ['busy', 'busy'],
  ['noAnswer', 'no_answer'],
  ['networkFailure', 'network_failure'],
  ['answeredNotConfirmed', 'answered_no_confirm'],
  ['rejected', 'rejected'],
  ['machine', 'machine'],
] as const;
export type RetryOutcomeField = (typeof retryOutcomeFields)[number][0];
export type PolicyOutcome = (typeof retryOutcomeFields)[number][1];

export type StoredRetryRule = { readonly retry: boolean; readonly delayMinutes: number; readonly maxAttempts?: number };

/** The stored form is the input of packages/policy's retryPolicySchema, so the dialer reads it as is. */
export type StoredRetryPolicy = { readonly maxAttemptsTotal: number; readonly rules: Partial<Record<PolicyOutcome, StoredRetryRule>> };

export function retryPolicyToStored(policy: RetryPolicy): StoredRetryPolicy {
  const rules: Partial<Record<PolicyOutcome, StoredRetryRule>> = {};
  for (const [field, outcome] of retryOutcomeFields) {
    const rule = policy[field];
    if (rule === undefined) continue;
    rules[outcome] = { retry: rule.retry, delayMinutes: rule.delayMinutes, ...(rule.maxAttempts === 0 ? {} : { maxAttempts: rule.maxAttempts }) };
  }
  return { maxAttemptsTotal: policy.maxAttemptsTotal, rules };
}

export function retryPolicyFromStored(stored: StoredRetryPolicy): RetryPolicy {
  const rule = (outcome: PolicyOutcome): OutcomeRetryRule | undefined => {
    const r = stored.rules[outcome];
    return r === undefined ? undefined : { retry: r.retry, delayMinutes: r.delayMinutes, maxAttempts: r.maxAttempts ?? 0 };
  };
  return {
    busy: rule('busy'),
    noAnswer: rule('no_answer'),
    networkFailure: rule('network_failure'),
    answeredNotConfirmed: rule('answered_no_confirm'),
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
