// @ringpace/flow: the IVR flow language — documents, validation, the interpreter and its simulator.
export { parseFlowDocument, DocumentFormat, MAX_DOCUMENT_CHARS, type ParsedDocument } from './parse-document.js';
export { validateFlow, assertValidFlow, MAX_NODES, type ValidateFlowOptions, type FlowValidation } from './validate.js';
export { validateFlowText, type ValidateFlowTextOptions } from './validate-text.js';
export { ProblemCode, formatPath, type FlowProblem, type PathSegment, type SourcePosition } from './problem.js';
export { parseTemplate, renderTemplate, TemplateSyntaxError, type TemplateParse, type TemplatePart, type RenderedTemplate } from './template.js';
export { parseDuration, formatDuration } from './duration.js';
export { BUILT_IN_FIELDS, type Flow } from './flow.js';
export type { FlowDocument, NodeDocument } from './document.js';
export { ResultMark, BUILT_IN_RESULTS } from './results.js';
export { Verb, VERBS } from './verbs/verb-kind.js';
export type { FlowNode, BranchNode, CollectNode, HangupNode, PlayNode, RecordNode, SayNode, SetNode, TransferNode, WebhookNode } from './verbs/index.js';
export type { Audio, Prompt, Speech, Tone } from './audio.js';
export {
  EntryEnd,
  RecordingEnd,
  TransferFailure,
  HttpMethod,
  type CallPort,
  type CalleeHangup,
  type PlayRequest,
  type SayRequest,
  type PlaybackOutcome,
  type CollectRequest,
  type CollectOutcome,
  type RecordRequest,
  type RecordOutcome,
  type TransferRequest,
  type TransferTarget,
  type TransferOutcome,
  type WebhookRequest,
  type WebhookOutcome,
  type HangupRequest,
} from './call-port.js';
export { runFlow, FlowRunError, DEFAULT_MAX_STEPS, type RunFlowOptions } from './run-flow.js';
export { RunEnd, type FlowRun, type TraceStep, type StepDetail, type CollectTry, type WebhookCall } from './trace.js';
export { ScriptedCallPort, Callee, type CalleeStep, type WebhookScript, type TransferScript, type ScriptedPortOptions, type PortEffect } from './scripted-port.js';
export { simulateFlow, parseSimulationScript, type SimulationScript, type Simulation, type ScriptValidation } from './simulate.js';
export { classicNoticeFlow, type ClassicNoticeOptions } from './classic-notice.js';
export { CLASSIC_NOTICE_YAML } from './examples.js';
