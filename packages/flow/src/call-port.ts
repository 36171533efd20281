// The call port: every effect the interpreter has on a call, as an async call that returns an outcome.
// Simulation implements it with a script (scripted-port.ts); the media service implements it over ESL.
// Expected call events (the callee hung up, pressed nothing, no agent answered) are outcomes, not throws;
// a port throws only when it failed (the switch is unreachable), and must reject once `signal` aborts.
import type { Audio, Prompt, Speech } from './audio.js';

export interface PlayRequest {
  readonly nodeId: string;
  readonly audio: Audio;
}

export interface SayRequest extends Omit<Speech, 'kind'> {
  readonly nodeId: string;
}

/** The callee hung up during the effect. */
export interface CalleeHangup {
  readonly kind: 'hangup';
}

export type PlaybackOutcome = { readonly kind: 'done' } | CalleeHangup;

/** One try of a collect: play the prompt (keys interrupt it), then gather keys. */
export interface CollectRequest {
  readonly nodeId: string;
  /** 1 for the first try. */
  readonly attempt: number;
  readonly prompt?: Prompt;
  readonly minDigits: number;
  readonly maxDigits: number;
  /** Keys that end the entry without being part of it; "" for none. */
  readonly terminators: string;
  /** How long to wait for the first key after the prompt. */
  readonly timeoutMs: number;
  /** How long to wait for each following key. */
  readonly interDigitTimeoutMs: number;
}

export const EntryEnd = {
  Terminator: 'terminator',
  MaxDigits: 'max_digits',
  InterDigitTimeout: 'inter_digit_timeout',
} as const;
export type EntryEnd = (typeof EntryEnd)[keyof typeof EntryEnd];

export type CollectOutcome =
  /** Keys were pressed; `digits` excludes the terminator and may be empty when only a terminator was. */
  | { readonly kind: 'digits'; readonly digits: string; readonly endedBy: EntryEnd }
  | { readonly kind: 'no_input' }
  | CalleeHangup;

export interface RecordRequest {
  readonly nodeId: string;
  readonly prompt?: Prompt;
  readonly beep: boolean;
  readonly maxDurationMs: number;
  /** Recording stops after this much silence. */
  readonly silenceTimeoutMs: number;
  readonly terminators: string;
}

export const RecordingEnd = { Silence: 'silence', Terminator: 'terminator', MaxDuration: 'max_duration' } as const;
export type RecordingEnd = (typeof RecordingEnd)[keyof typeof RecordingEnd];

export type RecordOutcome =
  | { readonly kind: 'recorded'; readonly recordingId: string; readonly durationMs: number; readonly endedBy: RecordingEnd }
  | { readonly kind: 'hangup'; readonly recordingId?: string; readonly durationMs: number };

export type TransferTarget = { readonly kind: 'queue'; readonly queue: string } | { readonly kind: 'number'; readonly number: string };

export interface TransferRequest {
  readonly nodeId: string;
  readonly to: TransferTarget;
  /** How long to ring the number or wait in the queue for an agent. */
  readonly timeoutMs: number;
}

export const TransferFailure = {
  NoAgent: 'no_agent',
  Busy: 'busy',
  NoAnswer: 'no_answer',
  Rejected: 'rejected',
  InvalidNumber: 'invalid_number',
} as const;
export type TransferFailure = (typeof TransferFailure)[keyof typeof TransferFailure];

export type TransferOutcome = { readonly kind: 'bridged' } | { readonly kind: 'failed'; readonly reason: TransferFailure } | CalleeHangup;

export const HttpMethod = { Get: 'GET', Post: 'POST' } as const;
export type HttpMethod = (typeof HttpMethod)[keyof typeof HttpMethod];

export interface WebhookRequest {
  readonly nodeId: string;
  readonly method: HttpMethod;
  readonly url: string;
  /** Rendered values: the JSON body of a POST, the query string of a GET. */
  readonly body: Readonly<Record<string, string>>;
  /** The port must give up after this long and answer `timeout`. */
  readonly timeoutMs: number;
}

export type WebhookOutcome =
  | { readonly kind: 'reply'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'error'; readonly message: string };

export interface HangupRequest {
  readonly nodeId: string;
  readonly result: string;
}

export interface CallPort {
  play(request: PlayRequest, signal: AbortSignal): Promise<PlaybackOutcome>;
  say(request: SayRequest, signal: AbortSignal): Promise<PlaybackOutcome>;
  collect(request: CollectRequest, signal: AbortSignal): Promise<CollectOutcome>;
  record(request: RecordRequest, signal: AbortSignal): Promise<RecordOutcome>;
  transfer(request: TransferRequest, signal: AbortSignal): Promise<TransferOutcome>;
  webhook(request: WebhookRequest, signal: AbortSignal): Promise<WebhookOutcome>;
  /** Ends the call; the flow is over. */
  hangup(request: HangupRequest, signal: AbortSignal): Promise<void>;
}
