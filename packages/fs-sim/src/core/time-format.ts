// Time formats FreeSWITCH writes: "%Y-%m-%d %T" (Event-Date-Local, *_stamp variables, show channels) and
// switch_rfc822_date() (Event-Date-GMT). fs-sim runs in UTC, so local time and GMT agree, as they did on the
// machine that recorded the captures.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number): string => String(n).padStart(2, '0');

export function localStamp(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function rfc822(epochMs: number): string {
  const d = new Date(epochMs);
  return `${DAYS[d.getUTCDay()]!}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]!} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`;
}

/** The log line prefix of switch_log.c: local time with microseconds. */
export function logStamp(epochMicros: number): string {
  return `${localStamp(Math.floor(epochMicros / 1000))}.${String(epochMicros % 1_000_000).padStart(6, '0')}`;
}
