// A channel's life on the simulated switch, transition by transition, with the events each one fires:
// switch_channel.c (mark_ring_ready, mark_pre_answered, mark_answered, set_callstate, set_running_state,
// perform_hangup, flip_cid) and switch_core_state_machine.c (hangup and reporting states, destroy).
import type { ClientCommand } from '../protocol/command-reader.js';
import { Site } from './calling-site.js';
import type { Channel } from './channel.js';
import { CallState, ChannelState, callStateNumber } from './channel-state.js';
import type { EventName } from './event-names.js';
import type { CallingSite } from './calling-site.js';
import { causeName, causeQ850 } from './hangup-cause.js';
import type { SwitchCore } from './switch-core.js';
import { setTimestamps } from './cdr-variables.js';

export interface Dtmf {
  readonly digit: string;
  /** DTMF-Duration, in samples. */
  readonly duration: number;
  readonly source: string;
}

/** What the endpoint module (mod_sofia and friends) adds to the generic life of a channel. */
export interface EndpointHooks {
  /** The endpoint's on_hangup and media teardown, run in the hangup state after the CDR variables. */
  onHangupState(session: Session): void;
}

/** Who asked for the hangup decides how soon the session thread notices it (see hangup()). */
export type HangupOrigin = 'session' | 'remote';

type HeaderList = ReadonlyArray<readonly [string, string]>;

export class Session {
  /** Read locks: the originate job until it returns, a myevents listener until it goes (destroy waits). */
  private holds = 0;
  private tornDown = false;
  private destroyed = false;
  private readonly downWatchers: Array<() => void> = [];
  private readonly privateEvents: ClientCommand[] = [];
  private readonly dtmfQueue: Dtmf[] = [];
  private wakeWaiter: (() => void) | undefined;
  /** Aborted when the session thread notices the hangup. */
  readonly hangupSignal = new AbortController();
  /** Replaced on each uuid_break: aborting it stops the current playback. */
  breakSignal = new AbortController();
  /** True while the session thread runs applications (after CS_EXECUTE); teardown then waits for it. */
  threadRunning = false;
  parked = false;
  /** uuid_transfer / the transfer app: where the session goes once its current application unwinds. */
  pendingTransfer: { destination: string; dialplan: string; context: string } | undefined;
  /** uuid_bridge: the peer this session leaves its current application for. */
  pendingBridge: { peer: Session; originator: boolean } | undefined;
  bridgedTo: Session | undefined;
  /** Media bugs (uuid_record, uuid_displace), removed first thing in the hangup state. */
  readonly mediaBugs = new Map<string, { stop(): void }>();

  constructor(
    readonly core: SwitchCore,
    readonly channel: Channel,
    readonly sessionId: number,
    readonly hooks: EndpointHooks,
  ) {}

  fire(name: EventName, site: CallingSite, extra: { before?: HeaderList; after?: HeaderList } = {}): void {
    this.core.fire(this.core.channelEvent(this.channel, name, site, extra));
  }

  /** switch_channel_perform_set_running_state(): Channel-State catches up and CHANNEL_STATE is fired. */
  setRunningState(state: ChannelState): void {
    this.channel.runningState = state;
    this.fire('CHANNEL_STATE', Site.runningState);
  }

  /** switch_channel_perform_set_callstate(): nothing changes once the call state is HANGUP. */
  setCallState(state: CallState): void {
    const original = this.channel.callState;
    if (original === state || original === CallState.Hangup) return;
    this.channel.callState = state;
    this.fire('CHANNEL_CALLSTATE', Site.callState, {
      before: [['Original-Channel-Call-State', original], ['Channel-Call-State-Number', String(callStateNumber(state))]],
    });
  }

  /** switch_channel_perform_mark_ring_ready_value(): CHANNEL_PROGRESS, then the call state RINGING. */
  markRingReady(): void {
    const ch = this.channel;
    if (ch.ringReady || ch.answered || ch.isDown) return;
    ch.ringReady = true;
    if (ch.profile.times.progress === 0) ch.profile.times.progress = this.core.nowMicros();
    this.fire('CHANNEL_PROGRESS', Site.ringReady);
    this.setCallState(CallState.Ringing);
  }

  /** switch_channel_perform_mark_pre_answered(): CHANNEL_PROGRESS_MEDIA, then EARLY. */
  markPreAnswered(): void {
    const ch = this.channel;
    if (ch.earlyMedia || ch.answered || ch.isDown) return;
    ch.earlyMedia = true;
    if (ch.profile.times.progressMedia === 0) ch.profile.times.progressMedia = this.core.nowMicros();
    this.fire('CHANNEL_PROGRESS_MEDIA', Site.preAnswered);
    this.setCallState(CallState.Early);
  }

  /** switch_channel_perform_mark_answered(): CHANNEL_ANSWER, endpoint_disposition, then ACTIVE. */
  markAnswered(): boolean {
    const ch = this.channel;
    if (ch.isDown) return false;
    if (ch.answered) return true;
    ch.profile.times.answered = this.core.nowMicros();
    ch.answered = true;
    this.fire('CHANNEL_ANSWER', Site.answered);
    ch.setVar('endpoint_disposition', 'ANSWER');
    this.setCallState(CallState.Active);
    return true;
  }

  /** switch_channel_sort_cid(): an answered outbound leg gets CF_DIALPLAN, then its caller id is flipped. */
  sortCid(): void {
    if (this.channel.direction !== 'outbound' || this.channel.dialplanHit) return;
    this.channel.dialplanHit = true;
    this.flipCid();
  }

  /** switch_channel_flip_cid(): the outbound leg shows the called party as caller once it answered. */
  flipCid(): void {
    const p = this.channel.profile;
    const callerName = p.callerIdName;
    this.channel.setVar('pre_transfer_caller_id_name', callerName);
    p.callerIdName = p.calleeIdName;
    p.calleeIdName = callerName;
    const callerNumber = p.callerIdNumber;
    this.channel.setVar('pre_transfer_caller_id_number', callerNumber);
    p.callerIdNumber = p.calleeIdNumber;
    p.calleeIdNumber = callerNumber;
    this.channel.setVar('channel_cid_flipped', 'yes');
    this.fire('CALL_UPDATE', Site.flipCid, { before: [['Direction', 'RECV']] });
  }

  /**
   * switch_channel_perform_hangup(): one hangup per channel; CHANNEL_HANGUP fires at once in the caller's thread.
   * The session thread notices it later — on the simulated switch 20 ms later when another thread (api, the
   * network) hung up, the way the session thread wakes from its 20 ms media loop — and then tears the channel
   * down in the hangup and reporting states.
   */
  hangup(cause: number, noticeAfterMs = 20): void {
    const ch = this.channel;
    if (ch.isDown) return;
    ch.state = ChannelState.Hangup;
    ch.hangupCause = cause;
    this.fire('CHANNEL_HANGUP', Site.hangup);
    for (const watcher of this.downWatchers.splice(0)) watcher();
    this.wake();
    const notice = (): void => {
      this.hangupSignal.abort();
      this.wake();
      if (!this.threadRunning) this.teardown();
    };
    // A hangup from the session's own thread (or a message it is handling) is noticed once the caller returns.
    if (noticeAfterMs <= 0) queueMicrotask(notice);
    else this.core.timers.after(noticeAfterMs, notice);
  }

  /** switch_core_session_hangup_state() then switch_core_session_reporting_state(). */
  teardown(): void {
    if (this.tornDown) return;
    this.tornDown = true;
    const ch = this.channel;
    this.setRunningState(ChannelState.Hangup);
    ch.profile.times.hungup = this.core.nowMicros();
    // switch_core_media_bug_remove_all(): a running uuid_record ends here with its RECORD_STOP.
    for (const bug of [...this.mediaBugs.values()]) bug.stop();
    this.mediaBugs.clear();
    ch.setVar('hangup_cause', causeName(ch.hangupCause ?? 16));
    ch.setVar('hangup_cause_q850', causeQ850(ch.hangupCause ?? 16));
    setTimestamps(ch);
    this.setCallState(CallState.Hangup);
    this.hooks.onHangupState(this);
    ch.state = ChannelState.Reporting;
    this.setRunningState(ChannelState.Reporting);
    this.fire('CHANNEL_HANGUP_COMPLETE', Site.hangupComplete, {
      before: [['Hangup-Cause', causeName(ch.hangupCause ?? 16)]],
    });
    this.maybeDestroy();
  }

  hold(): void {
    this.holds++;
  }

  release(): void {
    this.holds = Math.max(0, this.holds - 1);
    this.maybeDestroy();
  }

  /** switch_core_session_perform_destroy(): once torn down and nobody holds a read lock. */
  private maybeDestroy(): void {
    if (!this.tornDown || this.holds > 0 || this.destroyed) return;
    this.destroyed = true;
    this.channel.state = ChannelState.Destroy;
    this.fire('CHANNEL_DESTROY', Site.destroy);
    this.core.removeChannel(this.channel);
    this.setRunningState(ChannelState.Destroy);
  }

  get isTornDown(): boolean {
    return this.tornDown;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  onDown(watcher: () => void): () => void {
    if (this.channel.isDown) {
      watcher();
      return () => undefined;
    }
    this.downWatchers.push(watcher);
    return () => {
      const index = this.downWatchers.indexOf(watcher);
      if (index >= 0) this.downWatchers.splice(index, 1);
    };
  }

  // ---- the session thread's inputs: private events (sendmsg) and DTMF -------------------------------------

  queuePrivateEvent(command: ClientCommand): void {
    this.privateEvents.push(command);
    this.wake();
  }

  takePrivateEvent(): ClientCommand | undefined {
    return this.privateEvents.shift();
  }

  get hasPrivateEvents(): boolean {
    return this.privateEvents.length > 0;
  }

  /** switch_channel_queue_dtmf(): kept until something reads it; the DTMF event fires when it is dequeued. */
  queueDtmf(dtmf: Dtmf): void {
    this.dtmfQueue.push(dtmf);
    this.wake();
  }

  /** switch_channel_dequeue_dtmf(): logs the digit for digits_dialed and fires DTMF. */
  dequeueDtmf(): Dtmf | undefined {
    const dtmf = this.dtmfQueue.shift();
    if (dtmf === undefined) return undefined;
    this.channel.dtmfLog += dtmf.digit;
    this.fire('DTMF', Site.dtmf, {
      after: [['DTMF-Digit', dtmf.digit], ['DTMF-Duration', String(dtmf.duration)], ['DTMF-Source', dtmf.source]],
    });
    return dtmf;
  }

  get hasDtmf(): boolean {
    return this.dtmfQueue.length > 0;
  }

  /** Resolves when something arrives for the session thread (DTMF, a private event, hangup) or after `ms`. */
  waitForInput(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let cancelTimer: (() => void) | undefined;
      const done = (): void => {
        cancelTimer?.();
        signal?.removeEventListener('abort', done);
        if (this.wakeWaiter === done) this.wakeWaiter = undefined;
        resolve();
      };
      if (this.hangupSignal.signal.aborted || signal?.aborted) {
        resolve();
        return;
      }
      this.wakeWaiter = done;
      signal?.addEventListener('abort', done, { once: true });
      if (Number.isFinite(ms)) cancelTimer = this.core.timers.after(ms, done);
    });
  }

  private wake(): void {
    this.wakeWaiter?.();
  }

  get hungUp(): boolean {
    return this.hangupSignal.signal.aborted;
  }

  /**
   * Waits `ms` of simulated time; stops early on hangup (once noticed), on uuid_break, or when `untilInput`
   * and input arrives. Says which happened.
   */
  sleep(ms: number, untilInput = false): Promise<'elapsed' | 'hangup' | 'break' | 'input'> {
    return new Promise((resolve) => {
      const hangup = this.hangupSignal.signal;
      const brk = this.breakSignal.signal;
      if (hangup.aborted) return resolve('hangup');
      if (brk.aborted) return resolve('break');
      let cancelTimer: (() => void) | undefined;
      const finish = (how: 'elapsed' | 'hangup' | 'break' | 'input'): void => {
        cancelTimer?.();
        hangup.removeEventListener('abort', onHangup);
        brk.removeEventListener('abort', onBreak);
        if (this.wakeWaiter === onInput) this.wakeWaiter = undefined;
        resolve(how);
      };
      const onHangup = (): void => finish('hangup');
      const onBreak = (): void => finish('break');
      const onInput = (): void => {
        if (this.hangupSignal.signal.aborted) finish('hangup');
        else if (untilInput) finish('input');
      };
      hangup.addEventListener('abort', onHangup, { once: true });
      brk.addEventListener('abort', onBreak, { once: true });
      if (untilInput) this.wakeWaiter = onInput;
      if (Number.isFinite(ms)) cancelTimer = this.core.timers.after(ms, () => finish('elapsed'));
    });
  }

  /** Resolves once the session thread has noticed the hangup. */
  waitHangupNoticed(): Promise<void> {
    if (this.hungUp) return Promise.resolve();
    return new Promise((resolve) => this.hangupSignal.signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  /** Wakes whatever the session thread waits on (a transfer or a break arrived). */
  interrupt(): void {
    this.wake();
  }
}
