// The closed set of FreeSWITCH event names: EVENT_NAMES[] in src/switch_event.c (v1.10.12, lines 137-231),
// in the same order (`ALL` is a subscription keyword, never the name of a delivered event), and the
// CUSTOM subclasses the captures use.
import type { EventName as EslLiteEventName } from 'esl-lite';

// `satisfies` ties this list to esl-lite's own union (which cites the same table): a name esl-lite
// does not know fails to compile; event-name.test.ts checks the other direction at run time.
export const EventName = {
  Custom: 'CUSTOM',
  Clone: 'CLONE',
  ChannelCreate: 'CHANNEL_CREATE',
  ChannelDestroy: 'CHANNEL_DESTROY',
  ChannelState: 'CHANNEL_STATE',
  ChannelCallstate: 'CHANNEL_CALLSTATE',
  ChannelAnswer: 'CHANNEL_ANSWER',
  ChannelHangup: 'CHANNEL_HANGUP',
  ChannelHangupComplete: 'CHANNEL_HANGUP_COMPLETE',
  ChannelExecute: 'CHANNEL_EXECUTE',
  ChannelExecuteComplete: 'CHANNEL_EXECUTE_COMPLETE',
  ChannelHold: 'CHANNEL_HOLD',
  ChannelUnhold: 'CHANNEL_UNHOLD',
  ChannelBridge: 'CHANNEL_BRIDGE',
  ChannelUnbridge: 'CHANNEL_UNBRIDGE',
  ChannelProgress: 'CHANNEL_PROGRESS',
  ChannelProgressMedia: 'CHANNEL_PROGRESS_MEDIA',
  ChannelOutgoing: 'CHANNEL_OUTGOING',
  ChannelPark: 'CHANNEL_PARK',
  ChannelUnpark: 'CHANNEL_UNPARK',
  ChannelApplication: 'CHANNEL_APPLICATION',
  ChannelOriginate: 'CHANNEL_ORIGINATE',
  ChannelUuid: 'CHANNEL_UUID',
  Api: 'API',
  Log: 'LOG',
  InboundChan: 'INBOUND_CHAN',
  OutboundChan: 'OUTBOUND_CHAN',
  Startup: 'STARTUP',
  Shutdown: 'SHUTDOWN',
  Publish: 'PUBLISH',
  Unpublish: 'UNPUBLISH',
  Talk: 'TALK',
  Notalk: 'NOTALK',
  SessionCrash: 'SESSION_CRASH',
  ModuleLoad: 'MODULE_LOAD',
  ModuleUnload: 'MODULE_UNLOAD',
  Dtmf: 'DTMF',
  Message: 'MESSAGE',
  PresenceIn: 'PRESENCE_IN',
  NotifyIn: 'NOTIFY_IN',
  PresenceOut: 'PRESENCE_OUT',
  PresenceProbe: 'PRESENCE_PROBE',
  MessageWaiting: 'MESSAGE_WAITING',
  MessageQuery: 'MESSAGE_QUERY',
  Roster: 'ROSTER',
  Codec: 'CODEC',
  BackgroundJob: 'BACKGROUND_JOB',
  DetectedSpeech: 'DETECTED_SPEECH',
  DetectedTone: 'DETECTED_TONE',
  PrivateCommand: 'PRIVATE_COMMAND',
  Heartbeat: 'HEARTBEAT',
  Trap: 'TRAP',
  AddSchedule: 'ADD_SCHEDULE',
  DelSchedule: 'DEL_SCHEDULE',
  ExeSchedule: 'EXE_SCHEDULE',
  ReSchedule: 'RE_SCHEDULE',
  Reloadxml: 'RELOADXML',
  Notify: 'NOTIFY',
  PhoneFeature: 'PHONE_FEATURE',
  PhoneFeatureSubscribe: 'PHONE_FEATURE_SUBSCRIBE',
  SendMessage: 'SEND_MESSAGE',
  RecvMessage: 'RECV_MESSAGE',
  RequestParams: 'REQUEST_PARAMS',
  ChannelData: 'CHANNEL_DATA',
  General: 'GENERAL',
  Command: 'COMMAND',
  SessionHeartbeat: 'SESSION_HEARTBEAT',
  ClientDisconnected: 'CLIENT_DISCONNECTED',
  ServerDisconnected: 'SERVER_DISCONNECTED',
  SendInfo: 'SEND_INFO',
  RecvInfo: 'RECV_INFO',
  RecvRtcpMessage: 'RECV_RTCP_MESSAGE',
  SendRtcpMessage: 'SEND_RTCP_MESSAGE',
  CallSecure: 'CALL_SECURE',
  Nat: 'NAT',
  RecordStart: 'RECORD_START',
  RecordStop: 'RECORD_STOP',
  PlaybackStart: 'PLAYBACK_START',
  PlaybackStop: 'PLAYBACK_STOP',
  CallUpdate: 'CALL_UPDATE',
  Failure: 'FAILURE',
  SocketData: 'SOCKET_DATA',
  MediaBugStart: 'MEDIA_BUG_START',
  MediaBugStop: 'MEDIA_BUG_STOP',
  ConferenceDataQuery: 'CONFERENCE_DATA_QUERY',
  ConferenceData: 'CONFERENCE_DATA',
  CallSetupReq: 'CALL_SETUP_REQ',
  CallSetupResult: 'CALL_SETUP_RESULT',
  CallDetail: 'CALL_DETAIL',
  DeviceState: 'DEVICE_STATE',
  Text: 'TEXT',
  ShutdownRequested: 'SHUTDOWN_REQUESTED',
  All: 'ALL',
} as const satisfies Record<string, EslLiteEventName>;
export type EventName = (typeof EventName)[keyof typeof EventName];

const eventNames: ReadonlySet<string> = new Set<string>(Object.values(EventName));

export function isEventName(value: string): value is EventName {
  return eventNames.has(value);
}

/**
 * CUSTOM subclasses the captures subscribe to or receive. Open-ended in FreeSWITCH (any module may register one), so
 * this is a catalogue of known values, not a closed type: events carry the subclass as a string.
 */
export const CustomSubclass = {
  /** mod_conference 1.10.12: conference-create, add-member, floor-change, ... [g_conference]. */
  ConferenceMaintenance: 'conference::maintenance',
  /** mod_sofia registrations (subscribed in c1_event_subscription_commands). */
  SofiaRegister: 'sofia::register',
  /** Our own test and application events sent with `sendevent CUSTOM` [h_controller_misc]. */
  RingpaceTest: 'ringpace::test',
} as const;
export type CustomSubclass = (typeof CustomSubclass)[keyof typeof CustomSubclass];
