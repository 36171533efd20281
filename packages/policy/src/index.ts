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
export {
  AttemptOutcome,
  ATTEMPT_OUTCOMES,
  TerminalOutcome,
  RetryableOutcome,
  isAttemptOutcome,
  ruleOf,
} from './attempt-outcome.js';
export {
  retryPolicySchema,
  validateRetryPolicy,
  parseRetryPolicy,
  DEFAULT_RETRY_POLICY,
  DEFAULT_RULES,
  DEFAULT_MAX_ATTEMPTS_TOTAL,
  type RetryPolicy,
  type RetryPolicyInput,
  type RetryRule,
  type RetryPolicyValidation,
} from './retry-policy.js';
export { decideNext, FinalState, type AttemptRecord, type RetryDecision } from './decide-next.js';
export { scheduleRetry } from './schedule-retry.js';
