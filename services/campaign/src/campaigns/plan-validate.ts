// Checks of the schedule and retry policy parts of campaign requests, every problem named by its proto path.
import type { FieldViolation } from '@ringpace/errors';
import type { RetryPolicy, Schedule } from '@ringpace/proto';
import { validateRetryPolicy as validatePolicyRetry, validateSchedule as validatePolicySchedule } from '@ringpace/policy';
import { retryOutcomeFields, retryPolicyToStored, scheduleToStored, weekdayFields } from './plan-mapping.js';

const longWeekday = Object.fromEntries(weekdayFields) as Record<string, string>;

function snake(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** packages/policy path of the stored schedule → the proto path of the request. */
function schedulePath(path: string): string {
  const window = /^windows\.(mon|tue|wed|thu|fri|sat|sun)(.*)$/.exec(path);
  if (window) return `${longWeekday[window[1]!] ?? window[1]!}.windows${window[2] ?? ''}`;
  return path.replace(/^startDate/, 'start_date').replace(/^endDate/, 'end_date');
}

/** The schedule rules are packages/policy's (the dialer evaluates the same stored form). */
export function validateSchedule(schedule: Schedule, prefix: string): FieldViolation[] {
  const stored = scheduleToStored(schedule);
  const result = validatePolicySchedule({
    windows: stored.windows,
    holidays: stored.holidays.map((h) => (h.name === '' ? { date: h.date } : h)),
    ...(stored.startDate === null ? {} : { startDate: stored.startDate }),
    ...(stored.endDate === null ? {} : { endDate: stored.endDate }),
  });
  const problems = result.ok ? [] : result.violations.map((v) => ({ field: v.field === '' ? prefix : `${prefix}.${schedulePath(v.field)}`, message: v.message }));
  const anyWindow = weekdayFields.some(([, day]) => (schedule[day]?.windows.length ?? 0) > 0);
  if (!anyWindow) problems.push({ field: prefix, message: 'has no calling window on any day' });
  return problems;
}

const protoOutcome = Object.fromEntries(retryOutcomeFields.map(([field, outcome]) => [outcome, snake(field)])) as Record<string, string>;

function retryPath(path: string): string {
  const rule = /^rules\.([a-z_]+)(?:\.(\w+))?(.*)$/.exec(path);
  if (rule) return `${protoOutcome[rule[1]!] ?? rule[1]!}${rule[2] === undefined ? '' : `.${snake(rule[2])}`}${rule[3] ?? ''}`;
  return snake(path);
}

export function validateRetryPolicy(policy: RetryPolicy, prefix: string): FieldViolation[] {
  const result = validatePolicyRetry(retryPolicyToStored(policy));
  const problems = result.ok ? [] : result.violations.map((v) => ({ field: v.field === '' ? prefix : `${prefix}.${retryPath(v.field)}`, message: v.message }));
  for (const [field] of retryOutcomeFields) {
    const rule = policy[field];
    if (rule !== undefined && rule.maxAttempts > policy.maxAttemptsTotal) problems.push({ field: `${prefix}.${snake(field)}.max_attempts`, message: `exceeds max_attempts_total (${policy.maxAttemptsTotal})` });
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
