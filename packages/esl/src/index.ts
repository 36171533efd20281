// @ringpace/esl: the FreeSWITCH event-socket client (reconnecting, deadlines, reconciliation), the wire
// parser and typed frames and events under it, the closed sets FreeSWITCH defines, and capture replay.
export { EventName, CustomSubclass, isEventName } from './model/event-name.js';
export { HangupCause, hangupCauseCode, isHangupCause } from './model/hangup-cause.js';
export { ChannelState, isChannelState } from './model/channel-state.js';
export { CallState, isCallState } from './model/call-state.js';
export { AnswerState, isAnswerState } from './model/answer-state.js';
export {
  ProtocolViolation,
  EslProtocolError,
  EslTimeoutError,
  EslConnectError,
  EslAuthError,
  EslConnectionLostError,
  EslCommandError,
  EslClosedError,
} from './errors.js';
export { ContentType } from './protocol/content-type.js';
export { DEFAULT_FRAME_LIMITS, type FrameLimits } from './protocol/limits.js';
export { FrameSplitter, type RawFrame, type FrameHeaders, type SplitResult, type SplitterOptions } from './protocol/frame-splitter.js';
export { urlDecode } from './protocol/url-decode.js';
export { EventFormat, type EslEvent, type UnknownEvent } from './decode/esl-event.js';
export { EventHeaders } from './decode/event-headers.js';
export { decodeFrame, DisconnectDisposition, type DecodedFrame, type FrameKind } from './decode/frame-decoder.js';
export { StreamDecoder, type DecodeResult } from './decode/stream-decoder.js';
export {
  readCapture,
  parseCapture,
  chunksOf,
  streamOf,
  CaptureFormatError,
  CaptureDirection,
  type CaptureRecord,
  type CaptureChunk,
} from './capture/capture-file.js';
export { replayCapture, type ReplayLine } from './capture/replay.js';
export {
  SubscriptionFormat,
  type Command,
  type ExecuteOptions,
} from './commands/command-text.js';
export { parseBackgroundJob, originateResult, type BackgroundJobResult, type OriginateResult } from './commands/background-job.js';
export { parseShowChannels, type ChannelRow } from './commands/show-channels.js';
export { EslClient, DEFAULT_SUBSCRIPTION, type EslClientOptions, type CallOptions, type ApiResult, type ExecuteComplete } from './client/esl-client.js';
export { EslConnection, type ConnectionOptions, type ConnectionEnd, type ConnectionHandlers, type Reply, type DisconnectNotice } from './client/connection.js';
export type { Subscription } from './client/subscription.js';
export type { LifecycleEvent, LifecycleEventType } from './client/lifecycle.js';
export { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './client/backoff.js';
export { reconcileChannels, DEFAULT_ATTEMPT_VARIABLE, type ReconcileReport, type LiveAttempt, type OrphanChannel, type ApiCall } from './client/reconcile.js';
