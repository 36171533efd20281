// Where a calling window of one local date lies on the real time line, daylight-saving days included.
//
// The rule: an instant is inside the window "start–end" of local date D when the callee's clock reads a
// time of D in [start, end) AND the clock has not yet reached `end` on D before. Consequences:
// - spring forward: a start the clock skips opens the window at the jump (the first valid instant after);
//   an end the clock skips closes it at the jump; a window lying wholly in the skipped hour does not open;
// - fall back: the repeated hour counts once for the end: a window ending at 01:30 closes at the first
//   01:30 and does not reopen when the clock reads 01:00 again; a window spanning the repeat lasts an hour
//   longer in real time, and one starting inside it pauses while the clock reads times before its start.
import { firstInstantAtOrAfterLocal, localMsAt, MS_PER_DAY, offsetChangeBetween } from './wall-time.js';

const MS_PER_MINUTE = 60_000;

/** Half-open spans [fromMs, toMs) of real time, ascending and disjoint. */
export type Interval = readonly [fromMs: number, toMs: number];

export function windowIntervals(zone: string, dayNumber: number, startMinute: number, endMinute: number): Interval[] {
  const startLocal = dayNumber * MS_PER_DAY + startMinute * MS_PER_MINUTE;
  const endLocal = dayNumber * MS_PER_DAY + endMinute * MS_PER_MINUTE;
  const opensMs = firstInstantAtOrAfterLocal(zone, startLocal);
  const closesMs = firstInstantAtOrAfterLocal(zone, endLocal);
  if (opensMs >= closesMs) return [];
  // A spring-forward jump inside (opens, closes) keeps the clock in the window: had it jumped past the end,
  // `closesMs` would be the jump. Only a fall-back can take the clock below the start again.
  const changeMs = offsetChangeBetween(zone, opensMs, closesMs);
  if (changeMs === undefined) return [[opensMs, closesMs]];
  const clockAtChange = localMsAt(zone, changeMs);
  if (clockAtChange >= startLocal) return [[opensMs, closesMs]];
  const resumesMs = changeMs + (startLocal - clockAtChange);
  return resumesMs < closesMs ? [[opensMs, changeMs], [resumesMs, closesMs]] : [[opensMs, changeMs]];
}
