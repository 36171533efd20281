// One inbound event-socket connection: listener_run(), read_packet() and parse_command() of
// src/mod/event_handlers/mod_event_socket/mod_event_socket.c (1.10.12). Commands run one at a time, as on the
// listener's thread; events raised while a command runs are written after its reply.
import type { FsEvent } from '../core/fs-event.js';
import { CommandReader, type ClientCommand } from './command-reader.js';
import { executeCommand } from './esl-commands.js';
import type { EslHost } from './esl-host.js';
import { serializeEvent } from './event-serializer.js';
import { Subscription } from './subscription.js';
import * as frames from './wire-frames.js';

export interface Transport {
  write(text: string): void;
  /** Ends the connection after what was written; `destroy` drops it at once. */
  end(): void;
  destroy(): void;
  /** Bytes accepted but not yet flushed to the peer. */
  readonly bufferedBytes: number;
}

/** read_packet(listener, &event, 25) before auth: 25 s for the first command. */
const AUTH_TIMEOUT_MS = 25_000;
/**
 * FreeSWITCH queues up to MAX_QUEUE_LEN (100000) events per listener and kills a listener that keeps losing
 * events. A Node socket buffers without bound, so the simulator bounds the unsent bytes instead.
 */
const MAX_UNSENT_BYTES = 64 * 1024 * 1024;

export interface ConnectionFaults {
  /** Hold every write until this simulated time. */
  stallUntilMs: number;
  /** Delay each event by this many simulated milliseconds. */
  eventDelayMs: number;
}

export class EslConnection {
  authed = false;
  running = true;
  readonly subscription = new Subscription();
  /** listener->session: the channel a `myevents <uuid>` bound (LFLAG_SESSION may be set without one). */
  sessionUuid: string | undefined;
  sessionFlag = false;
  linger = false;
  lingerSeconds = -1;
  logLevel: number | undefined;
  private readonly reader = new CommandReader();
  private readonly inbox: ClientCommand[] = [];
  private pumping = false;
  private busy = false;
  private pendingEvents: string[] = [];
  private handledDisconnect = false;
  private closed = false;
  private readonly unsubscribes: Array<() => void> = [];
  private authTimer: (() => void) | undefined;
  private releaseSession: (() => void) | undefined;
  private sessionDown = false;
  private stalled: string[] = [];
  private delayedEventsBusyUntil = 0;

  constructor(
    private readonly host: EslHost,
    private readonly transport: Transport,
    private readonly faults: ConnectionFaults,
    private readonly onClosed: (connection: EslConnection) => void,
  ) {
    this.unsubscribes.push(host.subscribe((event) => this.offer(event)));
    this.unsubscribes.push(
      host.subscribeLog((line) => {
        if (this.logLevel === undefined || line.level > this.logLevel || this.closed) return;
        // Like events, log lines wait until the command being run has its reply.
        if (this.busy) this.pendingEvents.push(frames.logData(line));
        else this.output(frames.logData(line));
      }),
    );
    this.output(frames.authRequest());
    this.authTimer = host.after(AUTH_TIMEOUT_MS, () => {
      if (!this.closed && this.inbox.length === 0 && !this.pumping) this.close(true);
    });
  }

  receive(chunk: Buffer): void {
    if (this.closed) return;
    const result = this.reader.push(chunk);
    if (!result.ok) {
      this.close(true);
      return;
    }
    if (result.commands.length === 0) return;
    this.authTimer?.();
    this.authTimer = undefined;
    this.inbox.push(...result.commands);
    void this.pump();
  }

  /** The peer went away: nothing more is written. */
  peerClosed(): void {
    this.finish();
  }

  /** Dropped by a fault: the socket closes with no notice, like a switch that vanished. */
  drop(): void {
    if (this.closed) return;
    this.finish();
    this.transport.destroy();
  }

  /** mod_event_socket shutting down (kill_all_listeners). */
  shutdown(message: string): void {
    if (this.closed) return;
    this.transport.write(frames.disconnectNotice(message, this.sessionUuid));
    this.finish();
    this.transport.end();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.inbox.length > 0 && this.running && !this.closed) {
        const command = this.inbox.shift()!;
        this.busy = true;
        const reply = await executeCommand(this, this.host, command);
        this.busy = false;
        if (this.closed) return;
        if (reply !== undefined) this.output(reply);
        this.flushEvents();
        if (this.sessionDown) this.handleSessionDown();
      }
      if (!this.running) this.close(true);
    } finally {
      this.pumping = false;
    }
  }

  /** event_handler() + the write loop of read_packet(). */
  private offer(event: FsEvent): void {
    if (this.closed || !this.running || !this.subscription.wants(event)) return;
    const frame = frames.eventFrame(serializeEvent(event, this.subscription.format), this.subscription.format);
    if (this.busy) {
      this.pendingEvents.push(frame);
    } else {
      this.outputEvent(frame);
    }
  }

  private flushEvents(): void {
    const pending = this.pendingEvents;
    this.pendingEvents = [];
    for (const frame of pending) this.outputEvent(frame);
  }

  private outputEvent(frame: string): void {
    const delayMs = this.faults.eventDelayMs;
    if (delayMs <= 0 && this.delayedEventsBusyUntil <= this.host.nowMs()) {
      this.output(frame);
      return;
    }
    // Slow events keep their order: each waits for the one before it.
    const startMs = Math.max(this.host.nowMs(), this.delayedEventsBusyUntil) + delayMs;
    this.delayedEventsBusyUntil = startMs;
    this.host.after(startMs - this.host.nowMs(), () => {
      if (!this.closed) this.output(frame);
    });
  }

  output(text: string): void {
    if (this.closed) return;
    if (this.faults.stallUntilMs > this.host.nowMs()) {
      if (this.stalled.length === 0) {
        this.host.after(this.faults.stallUntilMs - this.host.nowMs(), () => this.releaseStall());
      }
      this.stalled.push(text);
      return;
    }
    if (this.stalled.length > 0) this.releaseStall();
    this.transport.write(text);
    if (this.transport.bufferedBytes > MAX_UNSENT_BYTES) {
      this.transport.write(frames.disconnectNotice('killed listener because of lost events\n', this.sessionUuid));
      this.finish();
      this.transport.destroy();
    }
  }

  private releaseStall(): void {
    const held = this.stalled;
    this.stalled = [];
    for (const text of held) this.transport.write(text);
  }

  /** `myevents <uuid>` found its channel: hold it, and react when it hangs up. */
  bindSession(uuid: string): void {
    this.sessionUuid = uuid;
    this.releaseSession = this.host.holdSession(uuid, () => {
      this.sessionDown = true;
      if (!this.busy) this.handleSessionDown();
    });
  }

  // read_packet(): once the controlled channel is down, a lingering listener gets a linger notice and stays
  // (closing after Linger-Time seconds unless it is -1); any other listener is disconnected.
  private handleSessionDown(): void {
    if (this.handledDisconnect || this.closed || this.sessionUuid === undefined) return;
    this.handledDisconnect = true;
    if (!this.linger) {
      this.close(true);
      return;
    }
    const channel = this.host.locateChannel(this.sessionUuid);
    this.output(frames.lingerNotice(this.sessionUuid, channel?.name ?? '', this.lingerSeconds));
    if (this.lingerSeconds !== -1) {
      this.host.after(this.lingerSeconds * 1000, () => this.close(true));
    }
  }

  /** listener_run()'s end: the goodbye notice (naming the controlled session, if any), then close. */
  close(withNotice: boolean): void {
    if (this.closed) return;
    if (withNotice) this.output(frames.disconnectNotice(frames.GOODBYE, this.sessionUuid));
    const stalledForMs = this.faults.stallUntilMs - this.host.nowMs();
    this.finish();
    if (stalledForMs > 0 && this.stalled.length > 0) {
      // A stalled switch says goodbye only when it wakes up.
      this.host.after(stalledForMs, () => {
        this.releaseStall();
        this.transport.end();
      });
      return;
    }
    this.transport.end();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.running = false;
    this.authTimer?.();
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.releaseSession?.();
    this.onClosed(this);
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
