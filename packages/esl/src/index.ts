// @ringpace/esl: the FreeSWITCH event-socket client — wire parser, typed frames and events, the closed
// sets FreeSWITCH defines (event names, hangup causes, channel/call/answer states), and capture replay.
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
export { EventFormat, type EslEvent, type UnknownEvent, type EventHeaders } from './decode/esl-event.js';
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
