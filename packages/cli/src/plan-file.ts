// The schedule, retry policy and holiday parts of campaign.yaml (and of holiday files), read into their
// proto forms. Days are written as lists of windows: `monday: ["09:00-12:00", {start: "14:00", end: "18:00"}]`.
import type { DayWindows, Holiday, OutcomeRetryRule, RetryPolicy, Schedule, TimeWindow } from '@ringpace/proto';
import type { ShapeReader } from './shape.js';
import type { PathSegment } from './yaml-source.js';

export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof weekdays)[number];

/** Shorthands for several days; a day written out by name wins over them. */
// Applied broadest first, so weekdays and weekend override every_day.
const dayGroups = { every_day: weekdays, weekdays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], weekend: ['saturday', 'sunday'] } as const satisfies Record<string, readonly Weekday[]>;
type DayGroup = keyof typeof dayGroups;
const dayGroupNames = Object.keys(dayGroups) as DayGroup[];

const scheduleKeys = [...weekdays, ...dayGroupNames, 'holidays', 'start_date', 'end_date'];

export const retryOutcomes = {
  busy: 'busy',
  no_answer: 'noAnswer',
  network_failure: 'networkFailure',
  answered_not_confirmed: 'answeredNotConfirmed',
  rejected: 'rejected',
  machine: 'machine',
} as const satisfies Record<string, keyof RetryPolicy>;
const retryKeys = ['max_attempts_total', ...Object.keys(retryOutcomes)];

// The same shapes the server accepts; the server also checks order and overlaps.
const clockTime = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const isoDate = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Where each day's windows were written, to place the server's "schedule.monday.windows[0]" in the file. */
export type DayOrigin = Partial<Record<Weekday, Weekday | DayGroup>>;

function readTime(reader: ShapeReader, value: unknown, path: PathSegment[], end: boolean): string {
  const text = reader.string(value, path);
  if (text === undefined) {
    if (value === undefined || value === null) reader.problem(path, 'is required ("HH:MM")');
    return '';
  }
  if (!clockTime.test(text) || (!end && text === '24:00')) reader.problem(path, `"${text}" is not HH:MM (${end ? '00:00–24:00' : '00:00–23:59'})`);
  return text;
}

function readWindow(reader: ShapeReader, value: unknown, path: PathSegment[]): TimeWindow | undefined {
  if (typeof value === 'string') {
    const match = /^\s*(\S+)\s*-\s*(\S+)\s*$/.exec(value);
    if (match === null) {
      reader.problem(path, `"${value}" is not a window such as "09:00-12:00"`);
      return undefined;
    }
    return { start: readTime(reader, match[1], path, false), end: readTime(reader, match[2], path, true) };
  }
  const map = reader.map(value, path, ['start', 'end']);
  if (map === undefined) return undefined;
  return { start: readTime(reader, map.start, [...path, 'start'], false), end: readTime(reader, map.end, [...path, 'end'], true) };
}

function readDay(reader: ShapeReader, value: unknown, path: PathSegment[]): DayWindows | undefined {
  const items = reader.list(value, path);
  if (items === undefined) return value === null ? { windows: [] } : undefined;
  return { windows: items.flatMap((item, index) => readWindow(reader, item, [...path, index]) ?? []) };
}

function readDate(reader: ShapeReader, value: unknown, path: PathSegment[]): string {
  const text = reader.string(value, path);
  if (text === undefined) return '';
  if (!isoDate.test(text)) reader.problem(path, `"${text}" is not YYYY-MM-DD`);
  return text;
}

/** A holiday: "2026-10-01" or {date: 2026-10-01, name: National Day}. */
export function readHolidays(reader: ShapeReader, value: unknown, path: PathSegment[]): Holiday[] {
  const items = reader.list(value, path) ?? [];
  return items.flatMap((item, index): Holiday[] => {
    const itemPath = [...path, index];
    if (typeof item === 'string') return [{ date: readDate(reader, item, itemPath), name: '' }];
    const map = reader.map(item, itemPath, ['date', 'name']);
    if (map === undefined) return [];
    if (map.date === undefined) reader.problem([...itemPath, 'date'], 'is required (YYYY-MM-DD)');
    return [{ date: readDate(reader, map.date, [...itemPath, 'date']), name: reader.string(map.name, [...itemPath, 'name']) ?? '' }];
  });
}

export function readSchedule(reader: ShapeReader, value: unknown, path: PathSegment[]): { schedule: Schedule; origin: DayOrigin } | undefined {
  const map = reader.map(value, path, scheduleKeys);
  if (map === undefined) return undefined;
  const schedule: Schedule = { monday: undefined, tuesday: undefined, wednesday: undefined, thursday: undefined, friday: undefined, saturday: undefined, sunday: undefined, holidays: [], startDate: '', endDate: '' };
  const origin: DayOrigin = {};
  for (const group of dayGroupNames) {
    if (!(group in map)) continue;
    const windows = readDay(reader, map[group], [...path, group]);
    for (const day of dayGroups[group]) {
      if (day in map || windows === undefined) continue;
      schedule[day] = { windows: windows.windows.map((window) => ({ ...window })) };
      origin[day] = group;
    }
  }
  for (const day of weekdays) {
    if (!(day in map)) continue;
    schedule[day] = readDay(reader, map[day], [...path, day]);
    origin[day] = day;
  }
  schedule.holidays = readHolidays(reader, map.holidays, [...path, 'holidays']);
  schedule.startDate = readDate(reader, map.start_date, [...path, 'start_date']);
  schedule.endDate = readDate(reader, map.end_date, [...path, 'end_date']);
  return { schedule, origin };
}

function readRule(reader: ShapeReader, value: unknown, path: PathSegment[]): OutcomeRetryRule | undefined {
  if (value === undefined) return undefined;
  // `busy: false` is the short way to say "never retried".
  if (value === false) return { retry: false, delayMinutes: 0, maxAttempts: 0 };
  const map = reader.map(value, path, ['retry', 'delay_minutes', 'max_attempts']);
  if (map === undefined) return undefined;
  return {
    retry: reader.bool(map.retry, [...path, 'retry']) ?? true,
    delayMinutes: reader.uint(map.delay_minutes, [...path, 'delay_minutes']) ?? 0,
    maxAttempts: reader.uint(map.max_attempts, [...path, 'max_attempts']) ?? 0,
  };
}

export function readRetryPolicy(reader: ShapeReader, value: unknown, path: PathSegment[]): RetryPolicy | undefined {
  const map = reader.map(value, path, retryKeys);
  if (map === undefined) return undefined;
  const policy: RetryPolicy = { busy: undefined, noAnswer: undefined, networkFailure: undefined, answeredNotConfirmed: undefined, rejected: undefined, machine: undefined, maxAttemptsTotal: 0 };
  for (const [key, field] of Object.entries(retryOutcomes)) policy[field] = readRule(reader, map[key], [...path, key]);
  policy.maxAttemptsTotal = reader.uint(map.max_attempts_total, [...path, 'max_attempts_total']) ?? 0;
  if (map.max_attempts_total === undefined) reader.problem([...path, 'max_attempts_total'], 'is required (attempts per contact, at least 1)');
  return policy;
}

/** The server's "schedule.monday.windows[0].end" as written in the file ("schedule.weekdays[0].end"). */
export function scheduleFilePath(field: string, origin: DayOrigin): string {
  return field.replace(/^schedule\.(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\.windows(?=\[|$)/, (_match, day: Weekday) => `schedule.${origin[day] ?? day}`);
}
