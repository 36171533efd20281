import { describe, expect, it } from 'vitest';
import { firstInstantAtOrAfterLocal, instantsAtLocal, isValidZone, offsetChangeBetween, wallTimeAt } from './wall-time.js';

const at = (iso: string): number => Date.parse(iso);
const local = (iso: string): number => Date.parse(`${iso}Z`);

describe('wall time', () => {
  it.each([
    ['Asia/Shanghai', true],
    ['America/New_York', true],
    ['Asia/Calcutta', true],
    ['UTC', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['+08:00', false],
    ['EST5EDT', false],
  ])('isValidZone › %j is %s', (zone, valid) => {
    expect(isValidZone(zone)).toBe(valid);
  });

  it.each([
    // [zone, local reading, instants at which the clock shows it]
    ['America/New_York', '2026-03-08T02:30:00', []],
    ['America/New_York', '2026-03-08T01:59:00', ['2026-03-08T06:59:00.000Z']],
    ['America/New_York', '2026-11-01T01:30:00', ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']],
    ['Europe/London', '2026-03-29T01:30:00', []],
    ['Europe/London', '2026-10-25T01:30:00', ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']],
    ['Asia/Shanghai', '2026-03-08T02:30:00', ['2026-03-07T18:30:00.000Z']],
    // Lord Howe falls back half an hour: +11 to +10:30 at 02:00.
    ['Australia/Lord_Howe', '2026-04-05T01:45:00', ['2026-04-04T14:45:00.000Z', '2026-04-04T15:15:00.000Z']],
  ])('instantsAtLocal › in %s the clock reads %s at %j', (zone, reading, expected) => {
    expect(instantsAtLocal(zone, local(reading)).map((ms) => new Date(ms).toISOString())).toEqual(expected);
  });

  it.each([
    ['a skipped reading maps to the jump', 'America/New_York', '2026-03-08T02:30:00', '2026-03-08T07:00:00.000Z'],
    ['a skipped reading maps to the jump (London)', 'Europe/London', '2026-03-29T01:00:00', '2026-03-29T01:00:00.000Z'],
    ['a repeated reading maps to its first occurrence', 'America/New_York', '2026-11-01T01:00:00', '2026-11-01T05:00:00.000Z'],
    ['a midnight that does not exist maps to 01:00', 'America/Havana', '2026-03-08T00:00:00', '2026-03-08T05:00:00.000Z'],
  ])('firstInstantAtOrAfterLocal › %s', (_rule, zone, reading, expected) => {
    expect(new Date(firstInstantAtOrAfterLocal(zone, local(reading))).toISOString()).toBe(expected);
  });

  it('offsetChangeBetween › finds the fall-back instant and nothing on a plain day', () => {
    expect(offsetChangeBetween('America/New_York', at('2026-11-01T00:00:00Z'), at('2026-11-01T12:00:00Z'))).toBe(at('2026-11-01T06:00:00Z'));
    expect(offsetChangeBetween('America/New_York', at('2026-11-02T00:00:00Z'), at('2026-11-02T12:00:00Z'))).toBeUndefined();
  });

  it('wallTimeAt › keeps milliseconds and reports the offset', () => {
    expect(wallTimeAt('Asia/Shanghai', at('2026-01-01T16:00:00.005Z'))).toEqual({
      dayNumber: Date.UTC(2026, 0, 2) / 86_400_000,
      msOfDay: 5,
      offsetMs: 8 * 3_600_000,
    });
    expect(wallTimeAt('America/New_York', at('2026-11-01T06:30:00Z')).offsetMs).toBe(-5 * 3_600_000);
  });
});
