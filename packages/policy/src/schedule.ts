// The calling schedule as operators write it (weekly windows in the callee's local time, holidays, start
// and end dates), its validation with a field path per problem, and the merge of tenant holidays.
import { ValidationError, type FieldViolation } from '@ringpace/errors';
import { z } from 'zod';
import { toFieldViolations } from './field-violations.js';
import { parseClockTime, parseLocalDate, WEEKDAYS } from './local-date.js';

const MAX_WINDOWS_PER_DAY = 24;
const MAX_HOLIDAYS = 2_000;
const MAX_NAME_LENGTH = 200;

const localDate = z
  .string({ error: 'must be a date "YYYY-MM-DD"' })
  .refine((text) => parseLocalDate(text) !== undefined, { error: 'must be a calendar date "YYYY-MM-DD"' });

const startTime = z
  .string({ error: 'must be a time "HH:MM"' })
  .refine((text) => parseClockTime(text) !== undefined, { error: 'must be a time "HH:MM" from 00:00 to 23:59' });

const endTime = z
  .string({ error: 'must be a time "HH:MM"' })
  .refine((text) => parseClockTime(text, true) !== undefined, { error: 'must be a time "HH:MM" from 00:01 to 24:00' });

/** A window is [start, end): the end minute is not callable. It never crosses midnight: end at "24:00". */
const callingWindowSchema = z
  .strictObject({ start: startTime, end: endTime })
  .superRefine((window, ctx) => {
    const start = parseClockTime(window.start);
    const end = parseClockTime(window.end, true);
    // Malformed times already have their own issue; comparing them would only add noise.
    if (start !== undefined && end !== undefined && end <= start) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `must be after start ${window.start}; a window cannot cross midnight (split it into one ending at 24:00 and one starting at 00:00 the next day)`,
      });
    }
  });

const dayWindowsSchema = z
  .array(callingWindowSchema)
  .max(MAX_WINDOWS_PER_DAY)
  .superRefine((windows, ctx) => {
    const order = windows
      .map((window, index) => ({ index, start: parseClockTime(window.start), end: parseClockTime(window.end, true) }))
      .filter((span): span is { index: number; start: number; end: number } => span.start !== undefined && span.end !== undefined)
      .sort((a, b) => a.start - b.start || a.index - b.index);
    for (let i = 1; i < order.length; i += 1) {
      const previous = order[i - 1];
      const current = order[i];
      if (previous === undefined || current === undefined) continue;
      // Touching windows (12:00 end, 12:00 start) are fine and act as one; sharing a minute is not.
      if (current.start < previous.end) {
        const other = windows[previous.index];
        ctx.addIssue({
          code: 'custom',
          path: [current.index],
          message: `overlaps window [${previous.index}] (${other?.start ?? ''}–${other?.end ?? ''})`,
        });
      }
    }
  });

const weekdayMessage = `unknown weekday: expected one of ${WEEKDAYS.join(', ')}`;

const weeklyWindowsSchema = z.strictObject(
  {
    mon: dayWindowsSchema.optional(),
    tue: dayWindowsSchema.optional(),
    wed: dayWindowsSchema.optional(),
    thu: dayWindowsSchema.optional(),
    fri: dayWindowsSchema.optional(),
    sat: dayWindowsSchema.optional(),
    sun: dayWindowsSchema.optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? weekdayMessage : undefined) },
);

const holidayRangeSchema = z
  .strictObject({ from: localDate, to: localDate, name: z.string().max(MAX_NAME_LENGTH).optional() })
  .superRefine((range, ctx) => {
    const from = parseLocalDate(range.from);
    const to = parseLocalDate(range.to);
    if (from !== undefined && to !== undefined && to < from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from ${range.from}` });
    }
  });

const holidaySchema = z.union(
  [localDate, z.strictObject({ date: localDate, name: z.string().max(MAX_NAME_LENGTH).optional() }), holidayRangeSchema],
  { error: 'must be a date "YYYY-MM-DD", { date, name? } or { from, to, name? }' },
);

export const holidaysSchema = z.array(holidaySchema).max(MAX_HOLIDAYS);

export const scheduleSchema = z
  .strictObject({
    windows: weeklyWindowsSchema,
    holidays: holidaysSchema.default([]),
    /** First local date (inclusive) on which calls may be placed. */
    startDate: localDate.optional(),
    /** Last local date (inclusive) on which calls may be placed. */
    endDate: localDate.optional(),
  })
  .superRefine((schedule, ctx) => {
    const startDay = schedule.startDate === undefined ? undefined : parseLocalDate(schedule.startDate);
    const endDay = schedule.endDate === undefined ? undefined : parseLocalDate(schedule.endDate);
    if (startDay !== undefined && endDay !== undefined && endDay < startDay) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: `must not be before startDate ${schedule.startDate ?? ''}` });
    }
  });

export type Schedule = z.output<typeof scheduleSchema>;
export type ScheduleInput = z.input<typeof scheduleSchema>;
export type CallingWindow = z.output<typeof callingWindowSchema>;
export type Holiday = z.output<typeof holidaySchema>;

export type ScheduleValidation =
  | { readonly ok: true; readonly schedule: Schedule }
  | { readonly ok: false; readonly violations: readonly FieldViolation[] };

/** Validates a schedule; every problem comes back at once, each with its path (`windows.mon[1].end`). */
export function validateSchedule(input: unknown, fieldPrefix = ''): ScheduleValidation {
  const result = scheduleSchema.safeParse(input);
  if (result.success) return { ok: true, schedule: result.data };
  return { ok: false, violations: toFieldViolations(result.error, fieldPrefix) };
}

/** Like validateSchedule, but a bad schedule throws ValidationError (INVALID_ARGUMENT). */
export function parseSchedule(input: unknown, fieldPrefix = ''): Schedule {
  const result = validateSchedule(input, fieldPrefix);
  if (!result.ok) throw new ValidationError(result.violations);
  return result.schedule;
}

/** Validates a holiday list on its own (a tenant's holidays live apart from any schedule). */
export function parseHolidays(input: unknown, fieldPrefix = 'holidays'): Holiday[] {
  const result = holidaysSchema.safeParse(input);
  if (!result.success) throw new ValidationError(toFieldViolations(result.error, fieldPrefix));
  return result.data;
}

/**
 * The schedule with more holidays added (the tenant's beside the campaign's). Holidays only ever close
 * days, so merging is a union and the order does not matter.
 */
export function withHolidays(schedule: Schedule, extra: readonly Holiday[]): Schedule {
  if (extra.length === 0) return schedule;
  return { ...schedule, holidays: [...extra, ...schedule.holidays] };
}
