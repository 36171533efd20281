// Joins a retry decision to the calling schedule: a due time outside the callee's windows moves to the
// next opening, and a retry that can never be placed ends the contact.
import { nextOpenAt } from './callable.js';
import type { RetryDecision } from './decide-next.js';
import type { Schedule } from './schedule.js';

/**
 * The decision with its due time moved to the first instant the callee is callable at or after it.
 * When none comes within the search horizon (end date passed, no windows), the contact is done in the
 * decision's `stateIfStopped`. A done decision passes through unchanged.
 */
export function scheduleRetry(decision: RetryDecision, schedule: Schedule, zone: string): RetryDecision {
  if (decision.kind === 'done') return decision;
  const dueAtMs = nextOpenAt(schedule, zone, decision.dueAtMs);
  if (dueAtMs === undefined) return { kind: 'done', state: decision.stateIfStopped };
  return dueAtMs === decision.dueAtMs ? decision : { ...decision, dueAtMs };
}
