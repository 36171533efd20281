// play: `playback` of a sound file or a tone; a hang-up ends it as an outcome.
import type { PlaybackOutcome, PlayRequest } from '@ringpace/flow';
import type { ChannelControl } from '../channel-control.js';
import { audioPath } from '../prompt-audio.js';
import { PLAYED, runApp } from '../run-app.js';

// Chained, not async, as say is.
export function execPlay(ch: ChannelControl, request: PlayRequest, signal: AbortSignal): Promise<PlaybackOutcome> {
  ch.promptStarting();
  return runApp(ch, 'playback', audioPath(request.audio), signal).then((result) => (result.kind === 'hangup' ? result : PLAYED));
}
