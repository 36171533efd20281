// What a run of a flow leaves behind: one step per node entered, and how the run ended.
import type { Audio } from './audio.js';
import type { HttpMethod } from './call-port.js';
import type { Verb } from './verbs/verb-kind.js';

/** One try of a collect, as the trace shows it. */
export type CollectTry =
  | { readonly outcome: 'valid'; readonly digits: string }
  | { readonly outcome: 'invalid'; readonly digits: string }
  | { readonly outcome: 'no_input' };

export interface WebhookCall {
  readonly method: HttpMethod;
  readonly url: string;
  readonly body: Readonly<Record<string, string>>;
  /** The HTTP status of the reply, when one came. */
  readonly status?: number;
  /** Why the call failed, when it did (timeout, network, status, missing field). */
  readonly error?: string;
}

/** What a verb reports about its step; the interpreter adds where and when. */
export interface StepDetail {
  /** Rendered text spoken (say, or a collect/record prompt that speaks). */
  readonly text?: string;
  readonly audio?: Audio;
  /** The entry a collect accepted. */
  readonly digits?: string;
  readonly tries?: readonly CollectTry[];
  /** Variables this step set, with their new values. */
  readonly set?: Readonly<Record<string, string>>;
  readonly webhook?: WebhookCall;
  readonly recording?: { readonly recordingId: string; readonly durationMs: number };
  readonly transfer?: { readonly to: string; readonly outcome: string };
  /** Template fields that had no value and rendered empty. */
  readonly missingFields?: readonly string[];
  readonly note?: string;
}

export interface TraceStep extends StepDetail {
  /** 1 for the first node entered. */
  readonly index: number;
  readonly nodeId: string;
  readonly verb: Verb;
  /** Milliseconds since the run started, by the run's clock. */
  readonly atMs: number;
  /** The document path of the edge taken, relative to the node: `next`, `next.digits["#"]`, `onError`. */
  readonly branch?: string;
  /** The node entered next. */
  readonly next?: string;
  /** The result mark, on the step that ended the flow. */
  readonly result?: string;
}

export const RunEnd = {
  /** A hangup node (or a successful transfer) ended the flow with a result mark. */
  Completed: 'completed',
  /** The callee hung up before the flow ended. */
  HangupByCallee: 'hangup_by_callee',
  /** The run entered more nodes than `maxSteps` allows. */
  MaxSteps: 'max_steps',
  /** The run was cancelled through its AbortSignal. */
  Aborted: 'aborted',
} as const;
export type RunEnd = (typeof RunEnd)[keyof typeof RunEnd];

export interface FlowRun {
  readonly reason: RunEnd;
  /** The result mark (`confirmed`, `refused`, a custom one); null unless the flow completed. */
  readonly mark: string | null;
  readonly variables: Readonly<Record<string, string>>;
  readonly trace: readonly TraceStep[];
  readonly elapsedMs: number;
}
