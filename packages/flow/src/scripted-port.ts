// A CallPort played from a script instead of a call: the callee's keys, silences, speech and hang-up,
// and the replies of webhooks and transfers, on a manual clock. Deterministic, so a simulation or a
// test gives the same trace every time. Keys are timed from the end of the prompt (no barge-in).
import type { ManualClock } from '@ringpace/clock';
import type { Prompt } from './audio.js';
import type {
  CallPort,
  CollectOutcome,
  CollectRequest,
  HangupRequest,
  PlaybackOutcome,
  PlayRequest,
  RecordOutcome,
  RecordRequest,
  SayRequest,
  TransferFailure,
  TransferOutcome,
  TransferRequest,
  WebhookOutcome,
  WebhookRequest,
} from './call-port.js';

/** What the callee does the next time the flow listens (or, for a hang-up, during the next effect). */
export type CalleeStep =
  /** Keys: the first `afterMs` after the prompt ends, then one every `gapMs`. */
  | { readonly kind: 'dtmf'; readonly keys: string; readonly afterMs?: number; readonly gapMs?: number }
  /** Nothing at all: the wait times out. */
  | { readonly kind: 'silence' }
  /** Speech (for a record); a collect hears it as no keys. */
  | { readonly kind: 'speak'; readonly durationMs: number }
  /** The callee hangs up `afterMs` into the next effect (play, say, collect, record, transfer); for a
   *  collect or record, counted from the start of its prompt. */
  | { readonly kind: 'hangup'; readonly afterMs?: number };

/** Builders for callee steps, so scripts read as what the callee does. */
export const Callee = {
  dtmf: (keys: string, timing: { afterMs?: number; gapMs?: number } = {}): CalleeStep => ({ kind: 'dtmf', keys, ...timing }),
  silence: (): CalleeStep => ({ kind: 'silence' }),
  speak: (durationMs: number): CalleeStep => ({ kind: 'speak', durationMs }),
  hangup: (afterMs = 0): CalleeStep => ({ kind: 'hangup', afterMs }),
} as const;

export type WebhookScript =
  | { readonly kind: 'reply'; readonly status?: number; readonly body?: unknown; readonly delayMs?: number }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'error'; readonly message: string };

export interface TransferScript {
  readonly outcome: 'bridged' | TransferFailure;
  readonly afterMs?: number;
}

export interface ScriptedPortOptions {
  readonly clock: ManualClock;
  readonly callee?: readonly CalleeStep[];
  /** Replies per webhook node id, used in order on each visit; a visit without one gets a network error. */
  readonly webhooks?: Readonly<Record<string, readonly WebhookScript[]>>;
  /** Outcomes per transfer node id, in order; a visit without one is bridged. */
  readonly transfers?: Readonly<Record<string, readonly TransferScript[]>>;
  /** Estimated speaking time per character of text (default 60 ms: about 150 words a minute). */
  readonly speechMsPerChar?: number;
  /** Assumed length of an audio file, which a script cannot know (default 3 s). */
  readonly fileMs?: number;
}

/** One call the flow made on the port, for tests that check effects rather than the trace. */
export type PortEffect =
  | { readonly effect: 'play'; readonly request: PlayRequest }
  | { readonly effect: 'say'; readonly request: SayRequest }
  | { readonly effect: 'collect'; readonly request: CollectRequest }
  | { readonly effect: 'record'; readonly request: RecordRequest }
  | { readonly effect: 'transfer'; readonly request: TransferRequest }
  | { readonly effect: 'webhook'; readonly request: WebhookRequest }
  | { readonly effect: 'hangup'; readonly request: HangupRequest };

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

export class ScriptedCallPort implements CallPort {
  readonly effects: PortEffect[] = [];
  private readonly clock: ManualClock;
  private readonly callee: CalleeStep[];
  private readonly webhookVisits = new Map<string, number>();
  private readonly transferVisits = new Map<string, number>();
  private recordings = 0;

  constructor(private readonly options: ScriptedPortOptions) {
    this.clock = options.clock;
    this.callee = [...(options.callee ?? [])];
  }

  /** Callee steps the flow never consumed: a script longer than the call usually means a wrong script. */
  get unusedCalleeSteps(): number {
    return this.callee.length;
  }

  play(request: PlayRequest, signal: AbortSignal): Promise<PlaybackOutcome> {
    throwIfAborted(signal);
    this.effects.push({ effect: 'play', request });
    return Promise.resolve(this.playFor(request.audio.kind === 'tone' ? request.audio.tone.durationMs : this.fileMs()));
  }

  say(request: SayRequest, signal: AbortSignal): Promise<PlaybackOutcome> {
    throwIfAborted(signal);
    this.effects.push({ effect: 'say', request });
    return Promise.resolve(this.playFor(this.speechMs(request.text)));
  }

  collect(request: CollectRequest, signal: AbortSignal): Promise<CollectOutcome> {
    throwIfAborted(signal);
    this.effects.push({ effect: 'collect', request });
    const promptMs = this.playPrompt(request.prompt);
    if (promptMs === 'hangup') return Promise.resolve({ kind: 'hangup' });
    const step = this.callee.shift() ?? { kind: 'silence' };
    switch (step.kind) {
      case 'hangup':
        this.clock.advance(Math.max(0, (step.afterMs ?? 0) - promptMs));
        return Promise.resolve({ kind: 'hangup' });
      case 'silence':
      case 'speak':
        this.clock.advance(request.timeoutMs);
        return Promise.resolve({ kind: 'no_input' });
      case 'dtmf':
        return Promise.resolve(this.typeKeys(step, request));
    }
  }

  record(request: RecordRequest, signal: AbortSignal): Promise<RecordOutcome> {
    throwIfAborted(signal);
    this.effects.push({ effect: 'record', request });
    const promptMs = this.playPrompt(request.prompt);
    if (promptMs === 'hangup') return Promise.resolve({ kind: 'hangup', durationMs: 0 });
    const step = this.callee.shift() ?? { kind: 'silence' };
    const recordingId = () => `recording-${(this.recordings += 1)}`;
    switch (step.kind) {
      case 'hangup': {
        const durationMs = Math.min(Math.max(0, (step.afterMs ?? 0) - promptMs), request.maxDurationMs);
        this.clock.advance(durationMs);
        return Promise.resolve(durationMs > 0 ? { kind: 'hangup', recordingId: recordingId(), durationMs } : { kind: 'hangup', durationMs });
      }
      case 'speak':
        if (step.durationMs >= request.maxDurationMs) {
          this.clock.advance(request.maxDurationMs);
          return Promise.resolve({ kind: 'recorded', recordingId: recordingId(), durationMs: request.maxDurationMs, endedBy: 'max_duration' });
        }
        this.clock.advance(step.durationMs + request.silenceTimeoutMs);
        return Promise.resolve({ kind: 'recorded', recordingId: recordingId(), durationMs: step.durationMs, endedBy: 'silence' });
      case 'dtmf': {
        const first = step.keys[0];
        const afterMs = Math.min(step.afterMs ?? 0, request.maxDurationMs);
        if (first !== undefined && request.terminators.includes(first)) {
          this.clock.advance(afterMs);
          return Promise.resolve({ kind: 'recorded', recordingId: recordingId(), durationMs: afterMs, endedBy: 'terminator' });
        }
        this.clock.advance(request.silenceTimeoutMs);
        return Promise.resolve({ kind: 'recorded', recordingId: recordingId(), durationMs: 0, endedBy: 'silence' });
      }
      case 'silence':
        this.clock.advance(request.silenceTimeoutMs);
        return Promise.resolve({ kind: 'recorded', recordingId: recordingId(), durationMs: 0, endedBy: 'silence' });
    }
  }

  transfer(request: TransferRequest, signal: AbortSignal): Promise<TransferOutcome> {
    throwIfAborted(signal);
    this.effects.push({ effect: 'transfer', request });
    const script = this.nextOf(this.options.transfers, this.transferVisits, request.nodeId) ?? { outcome: 'bridged' };
    const afterMs = Math.min(script.afterMs ?? 0, request.timeoutMs);
    if (this.playFor(afterMs).kind === 'hangup') return Promise.resolve({ kind: 'hangup' });
    return Promise.resolve(script.outcome === 'bridged' ? { kind: 'bridged' } : { kind: 'failed', reason: script.outcome });
  }

  webhook(request: WebhookRequest, signal: AbortSignal): Promise<WebhookOutcome> {
    throwIfAborted(signal);
    this.effects.push({ effect: 'webhook', request });
    const script = this.nextOf(this.options.webhooks, this.webhookVisits, request.nodeId);
    if (script === undefined) return Promise.resolve({ kind: 'error', message: `no scripted reply for webhook node "${request.nodeId}"` });
    switch (script.kind) {
      case 'timeout':
        this.clock.advance(request.timeoutMs);
        return Promise.resolve({ kind: 'timeout' });
      case 'error':
        return Promise.resolve({ kind: 'error', message: script.message });
      case 'reply': {
        const delayMs = script.delayMs ?? 0;
        if (delayMs > request.timeoutMs) {
          this.clock.advance(request.timeoutMs);
          return Promise.resolve({ kind: 'timeout' });
        }
        this.clock.advance(delayMs);
        return Promise.resolve({ kind: 'reply', status: script.status ?? 200, body: script.body ?? {} });
      }
    }
  }

  hangup(request: HangupRequest, signal: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    this.effects.push({ effect: 'hangup', request });
    return Promise.resolve();
  }

  private fileMs(): number {
    return this.options.fileMs ?? 3_000;
  }

  private speechMs(text: string): number {
    return text.length * (this.options.speechMsPerChar ?? 60);
  }

  private promptMs(prompt: Prompt): number {
    if (prompt.kind === 'say') return this.speechMs(prompt.text);
    return prompt.kind === 'tone' ? prompt.tone.durationMs : this.fileMs();
  }

  /**
   * Plays the prompt of a collect or record; a pending hang-up falls in the prompt if it comes before the
   * prompt's end, else in the listening that follows. Returns the prompt's length, or 'hangup'.
   */
  private playPrompt(prompt: Prompt | undefined): number | 'hangup' {
    const promptMs = prompt === undefined ? 0 : this.promptMs(prompt);
    const next = this.callee[0];
    if (next?.kind === 'hangup' && (next.afterMs ?? 0) < promptMs) {
      this.callee.shift();
      this.clock.advance(next.afterMs ?? 0);
      return 'hangup';
    }
    this.clock.advance(promptMs);
    return promptMs;
  }

  /** Lets `durationMs` of audio play, unless the next callee step is a hang-up during it. */
  private playFor(durationMs: number): PlaybackOutcome {
    const next = this.callee[0];
    if (next?.kind === 'hangup') {
      this.callee.shift();
      this.clock.advance(Math.min(next.afterMs ?? 0, durationMs));
      return { kind: 'hangup' };
    }
    this.clock.advance(durationMs);
    return { kind: 'done' };
  }

  /** The keys of a dtmf step as a collect receives them: too late, cut by a gap, a terminator or maxDigits. */
  private typeKeys(step: Extract<CalleeStep, { kind: 'dtmf' }>, request: CollectRequest): CollectOutcome {
    const afterMs = step.afterMs ?? 0;
    const gapMs = step.gapMs ?? 0;
    if (afterMs >= request.timeoutMs || step.keys === '') {
      this.clock.advance(request.timeoutMs);
      return { kind: 'no_input' };
    }
    this.clock.advance(afterMs);
    let digits = '';
    for (const [index, key] of [...step.keys].entries()) {
      if (index > 0) {
        if (gapMs >= request.interDigitTimeoutMs) {
          this.clock.advance(request.interDigitTimeoutMs);
          return { kind: 'digits', digits, endedBy: 'inter_digit_timeout' };
        }
        this.clock.advance(gapMs);
      }
      if (request.terminators.includes(key)) return { kind: 'digits', digits, endedBy: 'terminator' };
      digits += key;
      if (digits.length >= request.maxDigits) return { kind: 'digits', digits, endedBy: 'max_digits' };
    }
    this.clock.advance(request.interDigitTimeoutMs);
    return { kind: 'digits', digits, endedBy: 'inter_digit_timeout' };
  }

  private nextOf<T>(scripts: Readonly<Record<string, readonly T[]>> | undefined, visits: Map<string, number>, nodeId: string): T | undefined {
    const visit = visits.get(nodeId) ?? 0;
    visits.set(nodeId, visit + 1);
    if (scripts === undefined || !Object.hasOwn(scripts, nodeId)) return undefined;
    return scripts[nodeId]?.[visit];
  }
}
