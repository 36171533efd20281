export { type Clock, SystemClock, ScaledClock, ManualClock, systemClock, type ScaledClockOptions } from './clock.js';
