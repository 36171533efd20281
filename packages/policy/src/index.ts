export { isValidZone } from './wall-time.js';
export { Weekday, WEEKDAYS } from './local-date.js';
export {
  scheduleSchema,
  holidaysSchema,
  validateSchedule,
  parseSchedule,
  parseHolidays,
  withHolidays,
  type Schedule,
  type ScheduleInput,
  type CallingWindow,
  type Holiday,
  type ScheduleValidation,
} from './schedule.js';
export { callableAt, nextOpenAt, NotCallableReason, NEXT_OPEN_SEARCH_DAYS, type Callability } from './callable.js';
export { resolveZone, zoneOfNumber, ZoneSource, type ResolvedZone, type ZoneInputs } from './resolve-zone.js';
export { SINGLE_ZONE_COUNTRIES } from './country-zones.js';
export { zoneOfAreaCode } from './nanp-zones.js';
