// The simulated switch: identity, event creation and delivery (switch_event.c), the session table and its
// limits (switch_core_session.c, switch_time.c), and the core scheduler's heartbeat (switch_core.c).
import type { CallingSite } from './calling-site.js';
import { Site } from './calling-site.js';
import type { Channel } from './channel.js';
import type { EventName } from './event-names.js';
import { FsEvent } from './fs-event.js';
import type { Rng } from './rng.js';
import type { SimClock } from './sim-clock.js';
import { SimScheduler } from './sim-scheduler.js';
import { localStamp, rfc822 } from './time-format.js';

export interface SwitchIdentity {
  readonly hostname: string;
  readonly switchname: string;
  readonly ipv4: string;
  readonly ipv6: string;
}

export interface SessionLimits {
  /** switch_core_session_limit(); `max-sessions` of switch.conf, 1000 by default. */
  readonly maxSessions: number;
  /** `sessions-per-second` of switch.conf, 30 by default. */
  readonly sessionsPerSecond: number;
}

export type EventSink = (event: FsEvent) => void;

export type SessionRequest =
  | { ok: true; uuid: string; sessionId: number }
  | { ok: false; reason: 'duplicate-uuid' | 'throttle' | 'session-limit' };

export class SwitchCore {
  readonly channels = new Map<string, Channel>();
  /** Every timer of the switch, in simulated-time order; `clock` is the same scheduler. */
  readonly timers: SimScheduler;
  readonly clock: SimScheduler;
  coreUuid: string;
  startedAtMs: number;
  private sequence = 0;
  private sessionIdCounter = 1;
  private readonly sinks = new Set<EventSink>();
  private spsRemaining: number;
  private spsWindowSecond = -1;
  private spsLast = 0;
  private spsPeak = 0;
  private sessionsPeak = 0;
  private heartbeatTimer: (() => void) | undefined;
  private heartbeats = 0;

  constructor(
    baseClock: SimClock,
    readonly rng: Rng,
    readonly identity: SwitchIdentity,
    readonly limits: SessionLimits,
  ) {
    this.timers = new SimScheduler(baseClock);
    this.clock = this.timers;
    this.coreUuid = rng.uuid();
    this.startedAtMs = this.clock.nowMs();
    this.spsRemaining = limits.sessionsPerSecond;
  }

  nowMicros(): number {
    return this.clock.nowMs() * 1000;
  }

  /**
   * switch_event_create() + switch_event_prep_for_delivery_detailed(): the core headers, sequence number and
   * date are fixed when the event is created, and a CUSTOM subclass follows them.
   */
  createEvent(name: EventName, site: CallingSite, subclass?: string): FsEvent {
    const event = new FsEvent(name, subclass);
    this.stamp(event, site);
    if (subclass !== undefined) event.add('Event-Subclass', subclass);
    return event;
  }

  /** The headers prep_for_delivery appends; sendevent applies it to an event built from the client's headers. */
  stamp(event: FsEvent, site: CallingSite): void {
    const nowMs = this.clock.nowMs();
    event
      .add('Event-Name', event.name)
      .add('Core-UUID', this.coreUuid)
      .add('FreeSWITCH-Hostname', this.identity.hostname)
      .add('FreeSWITCH-Switchname', this.identity.switchname)
      .add('FreeSWITCH-IPv4', this.identity.ipv4)
      .add('FreeSWITCH-IPv6', this.identity.ipv6)
      .add('Event-Date-Local', localStamp(nowMs))
      .add('Event-Date-GMT', rfc822(nowMs))
      .add('Event-Date-Timestamp', nowMs * 1000)
      .add('Event-Calling-File', site.file)
      .add('Event-Calling-Function', site.func)
      .add('Event-Calling-Line-Number', site.line)
      .add('Event-Sequence', ++this.sequence);
  }

  /** A channel event: core headers, `before` headers, the channel's data, then `after` headers. */
  channelEvent(
    channel: Channel,
    name: EventName,
    site: CallingSite,
    extra: { before?: ReadonlyArray<readonly [string, string]>; after?: ReadonlyArray<readonly [string, string]> } = {},
  ): FsEvent {
    const event = this.createEvent(name, site);
    for (const [key, value] of extra.before ?? []) event.add(key, value);
    channel.eventData(event);
    for (const [key, value] of extra.after ?? []) event.add(key, value);
    return event;
  }

  fire(event: FsEvent): void {
    for (const sink of this.sinks) sink(event);
  }

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /**
   * switch_core_session_request_uuid(): a duplicate uuid is refused first, then the per-second budget
   * (`sps = --runtime.sps; if (sps <= 0)`: `sessions-per-second` N admits N - 1 sessions a second) and the
   * session limit. The budget is refilled at each second by the timer thread (switch_time.c).
   */
  requestSession(useUuid: string | undefined): SessionRequest {
    if (useUuid !== undefined && this.channels.has(useUuid)) return { ok: false, reason: 'duplicate-uuid' };
    this.refillSps();
    const sps = --this.spsRemaining;
    if (sps <= 0) return { ok: false, reason: 'throttle' };
    if (this.channels.size + 1 > this.limits.maxSessions) return { ok: false, reason: 'session-limit' };
    return { ok: true, uuid: useUuid ?? this.rng.uuid(), sessionId: this.sessionIdCounter++ };
  }

  addChannel(channel: Channel): void {
    this.channels.set(channel.uuid, channel);
    this.sessionsPeak = Math.max(this.sessionsPeak, this.channels.size);
  }

  removeChannel(channel: Channel): void {
    this.channels.delete(channel.uuid);
  }

  private refillSps(): void {
    const second = Math.floor(this.clock.nowMs() / 1000);
    if (second === this.spsWindowSecond) return;
    if (this.spsWindowSecond >= 0) {
      this.spsLast = second === this.spsWindowSecond + 1 ? this.limits.sessionsPerSecond - this.spsRemaining : 0;
      this.spsPeak = Math.max(this.spsPeak, this.spsLast);
    }
    this.spsWindowSecond = second;
    this.spsRemaining = this.limits.sessionsPerSecond;
  }

  stats(): CoreStats {
    this.refillSps();
    return {
      uptimeMs: this.clock.nowMs() - this.startedAtMs,
      sessionCount: this.channels.size,
      sessionsSinceStartup: this.sessionIdCounter - 1,
      sessionsPeak: this.sessionsPeak,
      spsRemaining: this.spsRemaining,
      spsLast: this.spsLast,
      spsPeak: this.spsPeak,
      maxSessions: this.limits.maxSessions,
      sessionsPerSecond: this.limits.sessionsPerSecond,
    };
  }

  /** heartbeat_callback and check_ip (switch_core.c) every 20 s and 60 s of uptime, each followed by RE_SCHEDULE. */
  startHeartbeat(): void {
    const intervalMs = 20_000;
    const tick = (): void => {
      this.heartbeats++;
      const nowS = Math.floor(this.clock.nowMs() / 1000);
      this.fire(heartbeatEvent(this));
      this.fire(reSchedule(this, 1, 'heartbeat', nowS + 20));
      if (this.heartbeats % 3 === 0) this.fire(reSchedule(this, 2, 'check_ip', nowS + 60));
      this.heartbeatTimer = this.timers.after(intervalMs, tick);
    };
    this.heartbeatTimer = this.timers.after(intervalMs, tick);
  }

  /** A restart: every channel vanishes without an event, counters and the Core-UUID start again. */
  reset(): void {
    this.heartbeatTimer?.();
    this.timers.cancelAll();
    this.channels.clear();
    this.coreUuid = this.rng.uuid();
    this.startedAtMs = this.clock.nowMs();
    this.sequence = 0;
    this.sessionIdCounter = 1;
    this.sessionsPeak = 0;
    this.spsPeak = 0;
    this.spsLast = 0;
    this.heartbeats = 0;
  }

  stop(): void {
    this.heartbeatTimer?.();
    this.timers.cancelAll();
  }
}

export interface CoreStats {
  readonly uptimeMs: number;
  readonly sessionCount: number;
  readonly sessionsSinceStartup: number;
  readonly sessionsPeak: number;
  readonly spsRemaining: number;
  readonly spsLast: number;
  readonly spsPeak: number;
  readonly maxSessions: number;
  readonly sessionsPerSecond: number;
}

/** switch_core_measure_time() as send_heartbeat and `status` print it. */
export function upTimeText(uptimeMs: number): string {
  const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const totalSeconds = Math.floor(uptimeMs / 1000);
  const years = Math.floor(totalSeconds / (365 * 86400));
  const days = Math.floor((totalSeconds % (365 * 86400)) / 86400);
  const hours = Math.floor((totalSeconds % 86400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const ms = Math.floor(uptimeMs % 1000);
  return [
    plural(years, 'year'), plural(days, 'day'), plural(hours, 'hour'), plural(minutes, 'minute'),
    plural(seconds, 'second'), plural(ms, 'millisecond'), plural(0, 'microsecond'),
  ].join(', ');
}

export const FREESWITCH_VERSION = '1.10.12-release+git~20240802T210227Z~a88d069d6f~64bit';

function heartbeatEvent(core: SwitchCore): FsEvent {
  const stats = core.stats();
  return core
    .createEvent('HEARTBEAT', Site.heartbeat)
    .add('Event-Info', 'System Ready')
    .add('Up-Time', upTimeText(stats.uptimeMs))
    .add('FreeSWITCH-Version', FREESWITCH_VERSION)
    .add('Uptime-msec', stats.uptimeMs)
    .add('Session-Count', stats.sessionCount)
    .add('Max-Sessions', stats.maxSessions)
    .add('Session-Per-Sec', stats.spsRemaining)
    .add('Session-Per-Sec-Last', stats.spsLast)
    .add('Session-Per-Sec-Max', stats.spsPeak)
    .add('Session-Per-Sec-FiveMin', stats.spsPeak)
    .add('Session-Since-Startup', stats.sessionsSinceStartup)
    .add('Session-Peak-Max', stats.sessionsPeak)
    .add('Session-Peak-FiveMin', stats.sessionsPeak)
    .add('Idle-CPU', '99.000000');
}

function reSchedule(core: SwitchCore, taskId: number, desc: string, runtimeS: number): FsEvent {
  return core
    .createEvent('RE_SCHEDULE', Site.reSchedule)
    .add('Task-ID', taskId)
    .add('Task-Desc', desc)
    .add('Task-Group', 'core')
    .add('Task-Runtime', runtimeS);
}
