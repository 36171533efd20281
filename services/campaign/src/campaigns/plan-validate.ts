// Checks of the schedule and retry policy parts of campaign requests, every problem named by its proto path.
import type { FieldViolation } from '@ringpace/errors';
import type { RetryPolicy, Schedule } from '@ringpace/proto';
import { retryOutcomeFields, weekdayFields } from './plan-mapping.js';

const MAX_ATTEMPTS_TOTAL = 20;
const MAX_DELAY_MINUTES = 7 * 24 * 60;
const clockTime = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const isoDate = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function minutes(text: string): number {
  const [hours, mins] = text.split(':').map(Number);
  return (hours ?? 0) * 60 + (mins ?? 0);
}

function snake(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function validateSchedule(schedule: Schedule, prefix: string): FieldViolation[] {
  const problems: FieldViolation[] = [];
  for (const [, day] of weekdayFields) {
    const windows = schedule[day]?.windows ?? [];
    const ranges: [number, number, number][] = [];
    windows.forEach((window, index) => {
      const path = `${prefix}.${day}.windows[${index}]`;
      const startOk = clockTime.test(window.start) && window.start !== '24:00';
      const endOk = clockTime.test(window.end);
      if (!startOk) problems.push({ field: `${path}.start`, message: `"${window.start}" is not HH:MM (00:00–23:59)` });
      if (!endOk) problems.push({ field: `${path}.end`, message: `"${window.end}" is not HH:MM (00:00–24:00)` });
      if (startOk && endOk) {
        if (minutes(window.end) <= minutes(window.start)) problems.push({ field: path, message: `ends (${window.end}) before it starts (${window.start}); windows cannot cross midnight` });
        else ranges.push([minutes(window.start), minutes(window.end), index]);
      }
    });
    ranges.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i += 1) {
      if (ranges[i]![0] < ranges[i - 1]![1]) problems.push({ field: `${prefix}.${day}.windows[${ranges[i]![2]}]`, message: `overlaps windows[${ranges[i - 1]![2]}]` });
    }
  }
  schedule.holidays.forEach((holiday, index) => {
    if (!isoDate.test(holiday.date)) problems.push({ field: `${prefix}.holidays[${index}].date`, message: `"${holiday.date}" is not YYYY-MM-DD` });
  });
  for (const field of ['startDate', 'endDate'] as const) {
    if (schedule[field] !== '' && !isoDate.test(schedule[field])) problems.push({ field: `${prefix}.${snake(field)}`, message: `"${schedule[field]}" is not YYYY-MM-DD` });
  }
  if (isoDate.test(schedule.startDate) && isoDate.test(schedule.endDate) && schedule.endDate < schedule.startDate) {
    problems.push({ field: `${prefix}.end_date`, message: `is before start_date (${schedule.startDate})` });
  }
  const anyWindow = weekdayFields.some(([, day]) => (schedule[day]?.windows.length ?? 0) > 0);
  if (!anyWindow) problems.push({ field: prefix, message: 'has no calling window on any day' });
  return problems;
}

export function validateRetryPolicy(policy: RetryPolicy, prefix: string): FieldViolation[] {
  const problems: FieldViolation[] = [];
  if (policy.maxAttemptsTotal < 1 || policy.maxAttemptsTotal > MAX_ATTEMPTS_TOTAL) {
    problems.push({ field: `${prefix}.max_attempts_total`, message: `must be between 1 and ${MAX_ATTEMPTS_TOTAL}` });
  }
  for (const field of retryOutcomeFields) {
    const rule = policy[field];
    if (rule === undefined) continue;
    const path = `${prefix}.${snake(field)}`;
    if (rule.delayMinutes > MAX_DELAY_MINUTES) problems.push({ field: `${path}.delay_minutes`, message: `must be at most ${MAX_DELAY_MINUTES} (a week)` });
    if (rule.retry && rule.delayMinutes === 0) problems.push({ field: `${path}.delay_minutes`, message: 'must be at least 1 when retry is on' });
    if (rule.maxAttempts > policy.maxAttemptsTotal) problems.push({ field: `${path}.max_attempts`, message: `exceeds max_attempts_total (${policy.maxAttemptsTotal})` });
  }
  return problems;
}

/** libphonenumber-js number types a campaign may exclude at import. */
export const excludableNumberTypes = new Set(['PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL', 'FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE']);

export function validateExcludedTypes(types: readonly string[], prefix: string): FieldViolation[] {
  return types.flatMap((type, index) =>
    excludableNumberTypes.has(type) ? [] : [{ field: `${prefix}[${index}]`, message: `"${type}" is not one of ${[...excludableNumberTypes].join(', ')}` }],
  );
}
