// One channel (switch_channel_t of src/switch_channel.c): its states, flags, caller profile and variables, and
// the channel headers every channel event carries (switch_channel_event_set_basic_data / _extended_data).
import { type CallerProfile, profileEventData } from './caller-profile.js';
import { CallState, ChannelState, stateNumber } from './channel-state.js';
import { carriesVariables } from './event-names.js';
import type { FsEvent } from './fs-event.js';
import { causeName } from './hangup-cause.js';

export interface Codec {
  readonly name: string;
  readonly rate: number;
  readonly bitRate: number;
}

export class Channel {
  name: string;
  /** Channel-State: the running state, moved by switch_channel_perform_set_running_state. */
  runningState: ChannelState = ChannelState.None;
  /** Channel-State-Number: the requested state (channel->state), which leads the running state. */
  state: ChannelState = ChannelState.Init;
  callState: CallState = CallState.Down;
  answered = false;
  earlyMedia = false;
  ringReady = false;
  /** CF_DIALPLAN: "Channel-HIT-Dialplan" of an outbound channel. */
  dialplanHit = false;
  hangupCause: number | undefined;
  readCodec: Codec | undefined;
  writeCodec: Codec | undefined;
  /** Insertion-ordered like channel->variables: setting a variable again moves it to the end. */
  readonly variables = new Map<string, string>();
  /** DTMF digits received, for the digits_dialed CDR variable (switch_channel_set_timestamps). */
  dtmfLog = '';
  /** The last application run (switch_core_session_get_app_log), for last_app / last_arg. */
  lastApp: { app: string; arg: string | undefined } | undefined;
  readonly createdAtMs: number;

  constructor(
    readonly uuid: string,
    name: string,
    readonly direction: 'inbound' | 'outbound',
    readonly profile: CallerProfile,
    createdAtMs: number,
  ) {
    this.name = name;
    this.createdAtMs = createdAtMs;
  }

  /**
   * switch_channel_set_variable(): an existing variable is deleted and added again at the bottom, an empty or
   * missing value deletes it (switch_event_base_add_header drops empty values).
   */
  setVar(name: string, value: string | number | undefined): void {
    this.variables.delete(name);
    if (value === undefined) return;
    const text = String(value);
    if (text !== '') this.variables.set(name, text);
  }

  getVar(name: string): string | undefined {
    return this.variables.get(name);
  }

  /** switch_channel_down_nosig(): hangup has begun. */
  get isDown(): boolean {
    return this.hangupCause !== undefined;
  }

  /** switch_channel_event_set_data(): basic channel headers, then the variables for the verbose event types. */
  eventData(event: FsEvent): void {
    event.add('Channel-State', this.runningState);
    event.add('Channel-Call-State', this.callState);
    event.add('Channel-State-Number', stateNumber(this.state));
    event.add('Channel-Name', this.name);
    event.add('Unique-ID', this.uuid);
    event.add('Call-Direction', this.direction);
    event.add('Presence-Call-Direction', this.direction);
    event.add('Channel-HIT-Dialplan', this.direction === 'inbound' || this.dialplanHit ? 'true' : 'false');
    event.add('Channel-Call-UUID', this.getVar('call_uuid') ?? this.uuid);
    event.add('Answer-State', this.answerState());
    if (this.hangupCause !== undefined) event.add('Hangup-Cause', causeName(this.hangupCause));
    if (this.readCodec) {
      event.add('Channel-Read-Codec-Name', this.readCodec.name);
      event.add('Channel-Read-Codec-Rate', this.readCodec.rate);
      event.add('Channel-Read-Codec-Bit-Rate', this.readCodec.bitRate);
    }
    if (this.writeCodec) {
      event.add('Channel-Write-Codec-Name', this.writeCodec.name);
      event.add('Channel-Write-Codec-Rate', this.writeCodec.rate);
      event.add('Channel-Write-Codec-Bit-Rate', this.writeCodec.bitRate);
    }
    profileEventData(this.profile, 'Caller', event);
    if (carriesVariables(event.name)) {
      for (const [name, value] of this.variables) event.add(`variable_${name}`, value);
    }
  }

  private answerState(): string {
    if (this.isDown) return 'hangup';
    if (this.answered) return 'answered';
    if (this.earlyMedia) return 'early';
    return 'ringing';
  }
}
