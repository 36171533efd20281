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
