// What the verbs of the ESL call port act on: one FreeSWITCH channel, the client that reaches it, the
// signal of the callee's hang-up, and the call's settings. The call session provides it.
import type { EslClient, EslEvent, EventName } from '@ringpace/esl';
import type { Logger } from '@ringpace/log';

export interface PortSettings {
  readonly ttsEngine: string;
  readonly ttsVoice: string;
  /** Absolute directory on the node's disk. */
  readonly recordingsDir: string;
  readonly queueContext: string;
  /** The gateway the call came through; a transfer to a number leaves through it too. */
  readonly gateway: string;
  /** The caller id the call presented, reused for a transfer's B leg. */
  readonly callerId: string;
  /** Deadline of one application (a prompt, an entry, a recording): beyond it the node is considered stuck. */
  readonly appTimeoutMs: number;
  /** Deadline of one api command. */
  readonly commandTimeoutMs: number;
}

/** That the channel ended (CHANNEL_HANGUP or later seen, or the call was declared over). */
export interface ChannelEnded {
  readonly aborted: boolean;
  /** Calls `callback` once when the channel ends (at once if it has); returns what unregisters it. */
  onEnd(callback: () => void): () => void;
  /** An AbortSignal for the end, for APIs that take one. */
  signal(): AbortSignal;
}

export interface ChannelControl {
  readonly uuid: string;
  readonly esl: Pick<EslClient, 'api' | 'execute' | 'executeAndWait' | 'hangup'>;
  readonly ended: ChannelEnded;
  readonly log: Logger;
  readonly settings: PortSettings;
  /** Called right before a playback, speak or collect command is sent (answer-to-prompt latency). */
  promptStarting(): void;
  /** The next event of this channel with that name; rejects with the signal's reason when it aborts. */
  nextEvent(name: EventName, signal: AbortSignal): Promise<EslEvent>;
}
