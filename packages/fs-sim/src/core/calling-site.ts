// Where FreeSWITCH 1.10.12 fires each event: the Event-Calling-File / -Function / -Line-Number headers that
// switch_event_prep_for_delivery_detailed() stamps on it. Every site below was read in the v1.10.12 source and,
// where a capture shows the event, checked against it.

export interface CallingSite {
  readonly file: string;
  readonly func: string;
  readonly line: number;
}

const site = (file: string, func: string, line: number): CallingSite => ({ file, func, line });

export const Site = {
  outgoing: site('switch_core_session.c', 'switch_core_session_outgoing_channel', 768),
  runningState: site('switch_channel.c', 'switch_channel_perform_set_running_state', 2408),
  create: site('switch_core_state_machine.c', 'switch_core_session_run', 626),
  originate: site('switch_core_state_machine.c', 'switch_core_session_run', 632),
  callState: site('switch_channel.c', 'switch_channel_perform_set_callstate', 301),
  ringReady: site('switch_channel.c', 'switch_channel_perform_mark_ring_ready_value', 3505),
  preAnswered: site('switch_channel.c', 'switch_channel_perform_mark_pre_answered', 3560),
  answered: site('switch_channel.c', 'switch_channel_perform_mark_answered', 3846),
  flipCid: site('switch_channel.c', 'switch_channel_flip_cid', 3277),
  realReadCodec: site('switch_core_codec.c', 'switch_core_session_set_real_read_codec', 168),
  writeCodec: site('switch_core_codec.c', 'switch_core_session_set_write_codec', 450),
  execute: site('switch_core_session.c', 'switch_core_session_exec', 2944),
  executeComplete: site('switch_core_session.c', 'switch_core_session_exec', 2967),
  park: site('switch_ivr.c', 'switch_ivr_park', 1002),
  unpark: site('switch_ivr.c', 'switch_ivr_park', 1213),
  privateCommand: site('switch_ivr.c', 'switch_ivr_parse_next_event', 804),
  dtmf: site('switch_channel.c', 'switch_channel_dequeue_dtmf', 677),
  playbackStart: site('switch_ivr_play_say.c', 'switch_ivr_play_file', 1646),
  playbackStop: site('switch_ivr_play_say.c', 'switch_ivr_play_file', 2020),
  recordFileStart: site('switch_ivr_play_say.c', 'switch_ivr_record_file_event', 767),
  recordFileStop: site('switch_ivr_play_say.c', 'switch_ivr_record_file_event', 1030),
  recordSessionStart: site('switch_ivr_async.c', 'record_callback', 1481),
  recordSessionStop: site('switch_ivr_async.c', 'send_record_stop_event', 1240),
  bridge: site('switch_ivr_bridge.c', 'switch_ivr_multi_threaded_bridge', 1689),
  unbridge: site('switch_ivr_bridge.c', 'switch_ivr_multi_threaded_bridge', 1879),
  hangup: site('switch_channel.c', 'switch_channel_perform_hangup', 3445),
  hangupComplete: site('switch_core_state_machine.c', 'switch_core_session_reporting_state', 943),
  destroy: site('switch_core_session.c', 'switch_core_session_perform_destroy', 1584),
  backgroundJob: site('mod_event_socket.c', 'api_exec', 1572),
  sendEvent: site('mod_event_socket.c', 'parse_command', 2275),
  heartbeat: site('switch_core.c', 'send_heartbeat', 95),
  reSchedule: site('switch_scheduler.c', 'switch_scheduler_execute', 73),
  channelData: site('mod_commands.c', 'uuid_dump_function', 6468),
} as const;
