// play: `playback` of a sound file or a tone; a hang-up ends it as an outcome.
import type { PlaybackOutcome, PlayRequest } from '@ringpace/flow';
import type { ChannelControl } from '../channel-control.js';
import { audioPath } from '../prompt-audio.js';
import { runApp } from '../run-app.js';

export async function execPlay(ch: ChannelControl, request: PlayRequest, signal: AbortSignal): Promise<PlaybackOutcome> {
  ch.promptStarting();
  const result = await runApp(ch, 'playback', audioPath(request.audio), signal);
  return result.kind === 'hangup' ? result : { kind: 'done' };
}
