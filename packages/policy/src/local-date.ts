// Calendar dates and clock times as written in schedules ("2026-10-01", "09:30"), and weekdays,
// converted to plain numbers: day numbers since 1970-01-01 and minutes since midnight.

export const Weekday = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' } as const;
export type Weekday = (typeof Weekday)[keyof typeof Weekday];

/** Monday first, as operators write weeks. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const MS_PER_DAY = 86_400_000;
const MINUTES_PER_DAY = 1_440;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

/** Day number of a real calendar date "YYYY-MM-DD", or undefined ("2026-02-30" is not a date). */
export function parseLocalDate(text: string): number | undefined {
  const match = DATE_PATTERN.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / MS_PER_DAY;
}

export function formatLocalDate(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

export function weekdayOf(dayNumber: number): Weekday {
  // 1970-01-01 was a Thursday; index 0 of WEEKDAYS is Monday.
  const index = (((dayNumber + 3) % 7) + 7) % 7;
  return WEEKDAYS[index] ?? 'mon';
}

/**
 * Minutes since midnight of "HH:MM" (00:00–23:59), or undefined. With `allowEndOfDay`, "24:00" is also
 * accepted and means the end of the day, so a window can run to midnight.
 */
export function parseClockTime(text: string, allowEndOfDay = false): number | undefined {
  const match = TIME_PATTERN.exec(text);
  if (match === null) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59) return undefined;
  if (minutes < MINUTES_PER_DAY) return minutes;
  return allowEndOfDay && minutes === MINUTES_PER_DAY ? minutes : undefined;
}
