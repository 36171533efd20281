import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callableAt, nextOpenAt } from './callable.js';
import { formatLocalDate, WEEKDAYS } from './local-date.js';
import { parseSchedule, type Schedule } from './schedule.js';
import { offsetChangeBetween, offsetMsAt, wallTimeAt } from './wall-time.js';

// Zones chosen for their clocks: plain DST, none, half-hour DST (Lord Howe), DST at midnight (Havana,
// Santiago), southern hemisphere, a 45-minute offset, and a half-hour offset without DST.
const ZONES = [
  'America/New_York',
  'Europe/London',
  'Asia/Shanghai',
  'Australia/Lord_Howe',
  'America/Havana',
  'America/Santiago',
  'Pacific/Chatham',
  'Asia/Kolkata',
  'America/St_Johns',
];
const FROM_MS = Date.parse('2026-01-01T00:00:00Z');
const TO_MS = Date.parse('2027-01-01T00:00:00Z');
const DAY_MS = 86_400_000;

const clock = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Up to three disjoint windows a day, on 15-minute steps so DST hours are hit often. */
const dayWindows = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 })
  .map((marks) => {
    const sorted = [...marks].sort((a, b) => a - b);
    const windows: { start: string; end: string }[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      windows.push({ start: clock((sorted[i] ?? 0) * 15), end: clock((sorted[i + 1] ?? 0) * 15) });
    }
    return windows;
  });

const day = fc.integer({ min: FROM_MS / DAY_MS, max: TO_MS / DAY_MS - 1 });

const schedule: fc.Arbitrary<Schedule> = fc
  .record({
    windows: fc.tuple(...WEEKDAYS.map(() => dayWindows)),
    holidays: fc.array(fc.oneof(day.map(formatLocalDate), fc.tuple(day, fc.integer({ min: 0, max: 20 })).map(([from, length]) => ({ from: formatLocalDate(from), to: formatLocalDate(from + length) }))), { maxLength: 6 }),
    bounds: fc.option(fc.tuple(day, fc.integer({ min: 0, max: 200 }))),
  })
  .map(({ windows, holidays, bounds }) =>
    parseSchedule({
      windows: Object.fromEntries(WEEKDAYS.map((weekday, index) => [weekday, windows[index] ?? []])),
      holidays,
      ...(bounds === null ? {} : { startDate: formatLocalDate(bounds[0]), endDate: formatLocalDate(bounds[0] + bounds[1]) }),
    }),
  );

/** Every offset change of the test zones in 2026, so that half the instants fall within a day of one. */
const TRANSITIONS_MS = ZONES.flatMap((zone) => {
  const found: number[] = [];
  for (let dayMs = FROM_MS; dayMs < TO_MS; dayMs += DAY_MS) {
    const change = offsetChangeBetween(zone, dayMs, dayMs + DAY_MS);
    if (change !== undefined) found.push(change);
  }
  return found;
});

const instant = fc.oneof(
  fc.integer({ min: FROM_MS, max: TO_MS }),
  fc.tuple(fc.constantFrom(...TRANSITIONS_MS), fc.integer({ min: -DAY_MS, max: DAY_MS })).map(([change, delta]) => change + delta),
);

describe('callable properties', () => {
  it('the test zones change offset in 2026 (else the DST half of the samples proves nothing)', () => {
    expect(TRANSITIONS_MS.length).toBeGreaterThanOrEqual(12);
  });

  it('nextOpenAt › its answer is callable, and nothing sampled between the query and it is', () => {
    fc.assert(
      fc.property(schedule, fc.constantFrom(...ZONES), instant, fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 20, maxLength: 20 }), (s, zone, afterMs, fractions) => {
        const next = nextOpenAt(s, zone, afterMs);
        if (next === undefined) {
          // "Never" must hold for the samples too, over the first month.
          for (const f of fractions) expect(callableAt(s, zone, afterMs + Math.floor(f * 30 * DAY_MS)).callable).toBe(false);
          return;
        }
        expect(next).toBeGreaterThanOrEqual(afterMs);
        expect(callableAt(s, zone, next).callable).toBe(true);
        const samples = [...fractions.map((f) => afterMs + Math.floor(f * (next - afterMs))), next - 1].filter((t) => t >= afterMs && t < next);
        for (const t of samples) expect(callableAt(s, zone, t).callable).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('callableAt › a callable instant stays callable up to its window end, and a closed one names the next opening', () => {
    fc.assert(
      fc.property(schedule, fc.constantFrom(...ZONES), instant, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (s, zone, atMs, f) => {
        const result = callableAt(s, zone, atMs);
        if (result.callable) {
          expect(result.windowEndsAtMs).toBeGreaterThan(atMs);
          expect(callableAt(s, zone, result.windowEndsAtMs - 1).callable).toBe(true);
          expect(callableAt(s, zone, atMs + Math.floor(f * (result.windowEndsAtMs - atMs))).callable).toBe(true);
        } else {
          expect(result.nextOpenAtMs).toBe(nextOpenAt(s, zone, atMs));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('callableAt › agrees with the plain wall-clock reading on every day without an offset change', () => {
    fc.assert(
      fc.property(schedule, fc.constantFrom(...ZONES), instant, (s, zone, atMs) => {
        const { dayNumber, msOfDay, offsetMs } = wallTimeAt(zone, atMs);
        const midnightMs = atMs - msOfDay;
        const steadyDay = offsetMsAt(zone, midnightMs - offsetMs - DAY_MS) === offsetMs && offsetMsAt(zone, midnightMs - offsetMs + 2 * DAY_MS) === offsetMs;
        const date = formatLocalDate(dayNumber);
        const minute = msOfDay / 60_000;
        const weekday = WEEKDAYS[(((dayNumber + 3) % 7) + 7) % 7] ?? 'mon';
        const inWindow = (s.windows[weekday] ?? []).some((w) => minute >= toMinute(w.start) && minute < toMinute(w.end));
        const holiday = s.holidays.some((h) => (typeof h === 'string' ? h === date : 'date' in h ? h.date === date : h.from <= date && date <= h.to));
        const inDates = (s.startDate === undefined || s.startDate <= date) && (s.endDate === undefined || date <= s.endDate);
        const plain = inWindow && !holiday && inDates;
        const actual = callableAt(s, zone, atMs).callable;
        // Callable always implies the clock reads inside a window; on steady days the converse holds too.
        if (actual) expect(plain).toBe(true);
        if (steadyDay) expect(actual).toBe(plain);
      }),
      { numRuns: 500 },
    );
  });
});

function toMinute(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}
