// The demo campaign's calling windows (open now in the campaign's zone, on the demo's simulated clock) and
// its retry policy (simulated minutes, which pass in seconds at the demo's speed).

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const SHORT = { sunday: 'Sun', monday: 'Mon', tuesday: 'Tue', wednesday: 'Wed', thursday: 'Thu', friday: 'Fri', saturday: 'Sat' };

function localParts(atMs, zone) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(atMs));
  const get = (type) => parts.find((part) => part.type === type)?.value ?? '';
  return { day: get('weekday').toLowerCase(), hour: Number(get('hour')), minute: get('minute') };
}

const hh = (hour) => `${String(hour).padStart(2, '0')}:00`;

/**
 * Weekdays 09:00–20:00 as a real campaign would have, and, so that the demo calls whenever it runs, today
 * from the hour before now to midnight and tomorrow until 08:00 (the run lasts about an hour of simulated time).
 */
export function openNowSchedule(nowMs, zone) {
  const { day, hour, minute } = localParts(nowMs, zone);
  const today = DAYS.indexOf(day);
  const tomorrow = DAYS[(today + 1) % 7];
  const schedule = { holidays: [], startDate: '', endDate: '' };
  for (const name of DAYS) {
    const weekday = name !== 'saturday' && name !== 'sunday';
    schedule[name] = { windows: weekday ? [{ start: '09:00', end: '20:00' }] : [] };
  }
  schedule[day] = { windows: [{ start: hh(Math.max(0, hour - 1)), end: '24:00' }] };
  schedule[tomorrow] = { windows: [{ start: '00:00', end: '08:00' }, ...(schedule[tomorrow].windows.length > 0 ? [{ start: '09:00', end: '20:00' }] : [])] };
  const describe = DAYS.filter((name) => schedule[name].windows.length > 0)
    .map((name) => `${SHORT[name]} ${schedule[name].windows.map((w) => `${w.start}–${w.end}`).join(', ')}`)
    .join('; ');
  return { schedule, describe, localNow: `${SHORT[day]} ${String(hour).padStart(2, '0')}:${minute}` };
}

/** Busy: again after 10 min; no answer: 15 min; network failure: 5 min; heard without a key: 10 min; 3 attempts. */
export const RETRY_POLICY = {
  busy: { retry: true, delayMinutes: 10, maxAttempts: 0 },
  noAnswer: { retry: true, delayMinutes: 15, maxAttempts: 0 },
  networkFailure: { retry: true, delayMinutes: 5, maxAttempts: 0 },
  answeredNotConfirmed: { retry: true, delayMinutes: 10, maxAttempts: 0 },
  rejected: { retry: false, delayMinutes: 0, maxAttempts: 0 },
  machine: { retry: false, delayMinutes: 0, maxAttempts: 0 },
  maxAttemptsTotal: 3,
};

export const RETRY_POLICY_TEXT = 'busy → again after 10 min, no answer → 15 min, network failure → 5 min, heard without a key → 10 min; declined → never; at most 3 attempts';
