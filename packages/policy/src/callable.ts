// "May this callee be called at this instant?" and "when next?": pure functions of a schedule, the
// callee's zone and an instant in epoch ms. Never reads the clock.
import { ValidationError } from '@ringpace/errors';
import { compileSchedule, isHoliday, windowsOn, type CompiledSchedule } from './compiled-schedule.js';
import type { Schedule } from './schedule.js';
import { isValidZone, wallTimeAt } from './wall-time.js';
import { windowIntervals } from './window-intervals.js';

/** How far nextOpenAt looks ahead before answering "never": a year, plus room for a long holiday. */
export const NEXT_OPEN_SEARCH_DAYS = 400;

const MS_PER_MINUTE = 60_000;

export const NotCallableReason = {
  OutsideWindow: 'outside_window',
  Holiday: 'holiday',
  BeforeStart: 'before_start',
  AfterEnd: 'after_end',
} as const;
export type NotCallableReason = (typeof NotCallableReason)[keyof typeof NotCallableReason];

export type Callability =
  | {
      readonly callable: true;
      /** When the current window closes (exclusive); touching windows of one day count as one. */
      readonly windowEndsAtMs: number;
    }
  | {
      readonly callable: false;
      readonly reason: NotCallableReason;
      /** The next instant the callee is callable, undefined when never within NEXT_OPEN_SEARCH_DAYS. */
      readonly nextOpenAtMs: number | undefined;
    };

/**
 * Whether the callee may be called at `atMs`. Dates (holidays, start and end) are read on the callee's
 * calendar in `zone`. When several reasons hold, the first of before_start, after_end, holiday,
 * outside_window is given.
 */
export function callableAt(schedule: Schedule, zone: string, atMs: number): Callability {
  const compiled = prepare(schedule, zone, atMs, 'atMs');
  const { dayNumber, msOfDay } = wallTimeAt(zone, atMs);
  const notCallable = (reason: NotCallableReason): Callability => ({
    callable: false,
    reason,
    nextOpenAtMs: reason === 'after_end' ? undefined : nextOpenAt(schedule, zone, atMs),
  });
  if (compiled.startDay !== undefined && dayNumber < compiled.startDay) return notCallable('before_start');
  if (compiled.endDay !== undefined && dayNumber > compiled.endDay) return notCallable('after_end');
  if (isHoliday(compiled, dayNumber)) return notCallable('holiday');
  for (const [startMinute, endMinute] of windowsOn(compiled, dayNumber)) {
    // The clock must read inside [start, end) for the instant to be in the window; the intervals then
    // settle what the DST rule adds (see window-intervals.ts).
    if (msOfDay < startMinute * MS_PER_MINUTE || msOfDay >= endMinute * MS_PER_MINUTE) continue;
    for (const [fromMs, toMs] of windowIntervals(zone, dayNumber, startMinute, endMinute)) {
      if (atMs >= fromMs && atMs < toMs) return { callable: true, windowEndsAtMs: toMs };
    }
  }
  return notCallable('outside_window');
}

/**
 * The first instant at or after `afterMs` at which callableAt says callable, or undefined when there is
 * none within NEXT_OPEN_SEARCH_DAYS local days (no windows, past the end date, holidays all the way).
 */
export function nextOpenAt(schedule: Schedule, zone: string, afterMs: number): number | undefined {
  const compiled = prepare(schedule, zone, afterMs, 'afterMs');
  const firstDay = wallTimeAt(zone, afterMs).dayNumber;
  // Start a day early: a fall-back across midnight can show the previous date again after afterMs.
  let day = Math.max(firstDay - 1, compiled.startDay ?? -Infinity);
  const lastDay = Math.min(firstDay + NEXT_OPEN_SEARCH_DAYS, compiled.endDay ?? Infinity);
  let best: number | undefined;
  let bestDay = 0;
  for (; day <= lastDay; day += 1) {
    // Once a candidate is found, only the next date could still hold an earlier instant (same fall-back).
    if (best !== undefined && day > bestDay + 1) break;
    if (isHoliday(compiled, day)) continue;
    for (const [startMinute, endMinute] of windowsOn(compiled, day)) {
      for (const [fromMs, toMs] of windowIntervals(zone, day, startMinute, endMinute)) {
        if (toMs <= afterMs) continue;
        const candidate = Math.max(fromMs, afterMs);
        if (best === undefined || candidate < best) {
          best = candidate;
          bestDay = day;
        }
      }
    }
  }
  return best;
}

function prepare(schedule: Schedule, zone: string, instantMs: number, field: string): CompiledSchedule {
  if (!isValidZone(zone)) throw new ValidationError([{ field: 'zone', message: `unknown IANA time zone "${zone}"` }]);
  if (!Number.isFinite(instantMs)) throw new ValidationError([{ field, message: 'must be a finite epoch time in ms' }]);
  return compileSchedule(schedule);
}
