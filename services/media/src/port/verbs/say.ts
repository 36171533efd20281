// say: `speak engine|voice|text` (mod_dptools speak_function); the voice of the node unless the flow names one.
import type { PlaybackOutcome, SayRequest } from '@ringpace/flow';
import type { ChannelControl } from '../channel-control.js';
import { speakArgument } from '../prompt-audio.js';
import { runApp } from '../run-app.js';

export async function execSay(ch: ChannelControl, request: SayRequest, signal: AbortSignal): Promise<PlaybackOutcome> {
  ch.promptStarting();
  const result = await runApp(ch, 'speak', speakArgument(request.text, request.voice, ch.settings), signal);
  return result.kind === 'hangup' ? result : { kind: 'done' };
}
