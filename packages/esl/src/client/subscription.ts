// What the client asks FreeSWITCH to send, kept so it can be asked again after every reconnect
// (a new connection starts with no events and no filters).
import { eventCommand, filterCommand, type Command, type SubscriptionFormat } from '../commands/command-text.js';
import { EventName } from '../model/event-name.js';

export interface Subscription {
  readonly format: SubscriptionFormat;
  /** Event names; `ALL` for everything. BACKGROUND_JOB is added when missing: bgapi results need it. */
  readonly events: readonly EventName[];
  readonly customSubclasses?: readonly string[];
  /**
   * `[header, value]` pairs; once any is set FreeSWITCH delivers only events matching one of them, so
   * `Event-Name BACKGROUND_JOB` is added first when missing [k1, k2, k4 gateway captures].
   */
  readonly filters?: readonly (readonly [string, string])[];
}

/** The commands that establish the subscription on a fresh connection, in order. */
export function subscriptionCommands(subscription: Subscription): Command[] {
  const events = [...subscription.events];
  if (!events.includes(EventName.All) && !events.includes(EventName.BackgroundJob)) events.push(EventName.BackgroundJob);
  const commands = [eventCommand(subscription.format, events, subscription.customSubclasses ?? [])];
  const filters = [...(subscription.filters ?? [])];
  if (filters.length > 0 && !filters.some(([header, value]) => header === 'Event-Name' && value === EventName.BackgroundJob)) {
    filters.unshift(['Event-Name', EventName.BackgroundJob]);
  }
  for (const [header, value] of filters) commands.push(filterCommand(header, value));
  return commands;
}
