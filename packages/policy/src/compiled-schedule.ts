// A validated schedule turned into numbers once (minutes, day numbers), cached per schedule object so the
// dialer can ask "callable?" for every contact without re-reading strings.
import { ValidationError, type FieldViolation } from '@ringpace/errors';
import { parseClockTime, parseLocalDate, WEEKDAYS, weekdayOf } from './local-date.js';
import type { Schedule } from './schedule.js';

export interface CompiledSchedule {
  /** Per weekday (index 0 = Monday): [startMinute, endMinute) spans, sorted, touching ones merged. */
  readonly windows: readonly (readonly (readonly [number, number])[])[];
  readonly holidayDays: ReadonlySet<number>;
  readonly holidayRanges: readonly (readonly [number, number])[];
  readonly startDay: number | undefined;
  readonly endDay: number | undefined;
}

const cache = new WeakMap<Schedule, CompiledSchedule>();

/**
 * Compiles a schedule that has the Schedule type. It does not repeat every check of validateSchedule:
 * overlapping windows simply merge. Strings that are not times or dates still throw ValidationError,
 * because a hand-built object can carry them past the type checker.
 */
export function compileSchedule(schedule: Schedule): CompiledSchedule {
  const cached = cache.get(schedule);
  if (cached !== undefined) return cached;
  const violations: FieldViolation[] = [];
  const windows = WEEKDAYS.map((weekday) => {
    const spans: [number, number][] = [];
    (schedule.windows[weekday] ?? []).forEach((window, index) => {
      const start = parseClockTime(window.start);
      const end = parseClockTime(window.end, true);
      if (start === undefined || end === undefined || end <= start) {
        violations.push({ field: `windows.${weekday}[${index}]`, message: 'must be { start, end } with 00:00 ≤ start < end ≤ 24:00' });
      } else {
        spans.push([start, end]);
      }
    });
    return mergeSpans(spans);
  });
  const holidayDays = new Set<number>();
  const holidayRanges: [number, number][] = [];
  schedule.holidays.forEach((holiday, index) => {
    const field = `holidays[${index}]`;
    if (typeof holiday === 'string' || 'date' in holiday) {
      const day = parseLocalDate(typeof holiday === 'string' ? holiday : holiday.date);
      if (day === undefined) violations.push({ field, message: 'must be a calendar date "YYYY-MM-DD"' });
      else holidayDays.add(day);
    } else {
      const from = parseLocalDate(holiday.from);
      const to = parseLocalDate(holiday.to);
      if (from === undefined || to === undefined || to < from) violations.push({ field, message: 'must be a range of calendar dates with from ≤ to' });
      else holidayRanges.push([from, to]);
    }
  });
  const startDay = optionalDay(schedule.startDate, 'startDate', violations);
  const endDay = optionalDay(schedule.endDate, 'endDate', violations);
  if (violations.length > 0) throw new ValidationError(violations);
  const compiled: CompiledSchedule = { windows, holidayDays, holidayRanges, startDay, endDay };
  cache.set(schedule, compiled);
  return compiled;
}

export function isHoliday(compiled: CompiledSchedule, dayNumber: number): boolean {
  if (compiled.holidayDays.has(dayNumber)) return true;
  return compiled.holidayRanges.some(([from, to]) => dayNumber >= from && dayNumber <= to);
}

export function windowsOn(compiled: CompiledSchedule, dayNumber: number): readonly (readonly [number, number])[] {
  return compiled.windows[WEEKDAYS.indexOf(weekdayOf(dayNumber))] ?? [];
}

function mergeSpans(spans: [number, number][]): [number, number][] {
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

function optionalDay(text: string | undefined, field: string, violations: FieldViolation[]): number | undefined {
  if (text === undefined) return undefined;
  const day = parseLocalDate(text);
  if (day === undefined) violations.push({ field, message: 'must be a calendar date "YYYY-MM-DD"' });
  return day;
}
