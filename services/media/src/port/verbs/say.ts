// say: `speak engine|voice|text` (mod_dptools speak_function); the voice of the node unless the flow names one.
import type { PlaybackOutcome, SayRequest } from '@ringpace/flow';
import type { ChannelControl } from '../channel-control.js';
import { speakArgument } from '../prompt-audio.js';
import { PLAYED, runApp } from '../run-app.js';

// Chained, not async: a call waits here through the whole prompt, and a suspended async frame is more
// to keep alive than a callback.
export function execSay(ch: ChannelControl, request: SayRequest, signal: AbortSignal): Promise<PlaybackOutcome> {
  ch.promptStarting();
  return runApp(ch, 'speak', speakArgument(request.text, request.voice, ch.settings), signal).then((result) => (result.kind === 'hangup' ? result : PLAYED));
}
