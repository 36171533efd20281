// Instants ↔ wall-clock time in an IANA zone, on the platform's Intl (full ICU): no tz library.
// "Local ms" below means the wall-clock fields read as if they were UTC (Date.UTC(y, m, d, h, mi, s)),
// which makes wall-clock arithmetic plain integer arithmetic.

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

export interface WallTime {
  /** Days since 1970-01-01 of the local calendar date. */
  readonly dayNumber: number;
  /** Milliseconds since local midnight, 0 ≤ msOfDay < 86 400 000. */
  readonly msOfDay: number;
  /** Offset from UTC in ms at this instant (local = utc + offset). */
  readonly offsetMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const zoneValidity = new Map<string, boolean>();

/** True when Intl knows the zone (IANA names and their aliases such as Asia/Calcutta). */
export function isValidZone(zone: string): boolean {
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    // A fixed offset such as "+08:00" is accepted by newer Intl but is not a place; only names count.
    valid = zone.includes('/') || zone === 'UTC' ? formatterFor(zone) !== undefined : false;
  } catch {
    valid = false;
  }
  zoneValidity.set(zone, valid);
  return valid;
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The wall-clock reading of `zone` at the instant `atMs`, as local ms. */
export function localMsAt(zone: string, atMs: number): number {
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(zone).formatToParts(atMs)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  // Intl drops sub-second precision; keep the instant's own milliseconds.
  return Date.UTC(year, month - 1, day, hour, minute, second) + mod(atMs, 1_000);
}

export function offsetMsAt(zone: string, atMs: number): number {
  return localMsAt(zone, atMs) - atMs;
}

export function wallTimeAt(zone: string, atMs: number): WallTime {
  const localMs = localMsAt(zone, atMs);
  const dayNumber = Math.floor(localMs / MS_PER_DAY);
  return { dayNumber, msOfDay: localMs - dayNumber * MS_PER_DAY, offsetMs: localMs - atMs };
}

/**
 * Every instant at which the clock of `zone` reads `localMs`, ascending: none in a spring-forward gap,
 * two in a fall-back overlap, one otherwise. Assumes at most one offset change within a day of the
 * reading, which holds for every zone in the tz database since 1970.
 */
export function instantsAtLocal(zone: string, localMs: number): number[] {
  const candidates = new Set<number>();
  // The offsets in force a day before and a day after the reading are the only ones it can have.
  for (const probeMs of [localMs - MS_PER_DAY, localMs + MS_PER_DAY]) {
    const guess = localMs - offsetMsAt(zone, probeMs);
    if (localMsAt(zone, guess) === localMs) candidates.add(guess);
  }
  return [...candidates].sort((a, b) => a - b);
}

/**
 * The first instant at which the clock of `zone` reads `localMs` or later. In an overlap that is the
 * first occurrence; in a gap (the reading never happens) it is the instant of the jump.
 */
export function firstInstantAtOrAfterLocal(zone: string, localMs: number): number {
  const exact = instantsAtLocal(zone, localMs)[0];
  if (exact !== undefined) return exact;
  // In a gap: the offset before the jump maps the reading past the jump, the offset after maps it before.
  const offsetBefore = offsetMsAt(zone, localMs - MS_PER_DAY);
  const offsetAfter = offsetMsAt(zone, localMs + MS_PER_DAY);
  let lo = localMs - offsetAfter; // clock reads earlier than localMs here
  let hi = localMs - offsetBefore; // and localMs or later here
  if (!(lo < hi)) {
    throw new RangeError(`no wall-clock gap found in ${zone} around local ${new Date(localMs).toISOString()}`);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localMsAt(zone, mid) >= localMs) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The first instant after `fromMs` (exclusive) and before `toMs` at which the offset changes, if any. */
export function offsetChangeBetween(zone: string, fromMs: number, toMs: number): number | undefined {
  const startOffset = offsetMsAt(zone, fromMs);
  if (offsetMsAt(zone, toMs - 1) === startOffset) return undefined;
  let lo = fromMs;
  let hi = toMs - 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMsAt(zone, mid) === startOffset) lo = mid;
    else hi = mid;
  }
  return hi;
}

function mod(value: number, by: number): number {
  return ((value % by) + by) % by;
}

export { MS_PER_DAY, MS_PER_HOUR };
