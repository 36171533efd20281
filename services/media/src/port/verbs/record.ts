// record: the prompt, a beep, then `record path max_secs silence_thresh silence_hits` (mod_dptools
// record_function) into the recordings directory, ended by a terminator key (playback_terminators),
// silence or the maximum duration.
import { randomUUID } from 'node:crypto';
import { RecordingEnd, type RecordOutcome, type RecordRequest } from '@ringpace/flow';
import type { ChannelControl } from '../channel-control.js';
import { audioPath, speakArgument } from '../prompt-audio.js';
import { channelApi, runApp, variableOf } from '../run-app.js';

const BEEP = 'tone_stream://%(500,0,800)';
/** Energy below which a frame counts as silence (record_function's silence_thresh). */
const SILENCE_THRESHOLD = 200;

export async function execRecord(ch: ChannelControl, request: RecordRequest, signal: AbortSignal): Promise<RecordOutcome> {
  const hungUp: RecordOutcome = { kind: 'hangup', durationMs: 0 };
  if (request.prompt !== undefined) {
    ch.promptStarting();
    const prompt = request.prompt;
    const played = prompt.kind === 'say'
      ? await runApp(ch, 'speak', speakArgument(prompt.text, prompt.voice, ch.settings), signal)
      : await runApp(ch, 'playback', audioPath(prompt), signal);
    if (played.kind === 'hangup') return hungUp;
  }
  if (request.beep && (await runApp(ch, 'playback', BEEP, signal)).kind === 'hangup') return hungUp;
  const terminators = request.terminators === '' ? 'none' : request.terminators;
  if ((await channelApi(ch, `uuid_setvar_multi ${ch.uuid} playback_terminators=${terminators};playback_terminator_used=`)) !== 'ok') return hungUp;

  const recordingId = randomUUID();
  const path = `${ch.settings.recordingsDir}/${recordingId}.wav`;
  const maxSeconds = Math.ceil(request.maxDurationMs / 1000);
  const result = await runApp(ch, 'record', `${path} ${maxSeconds} ${SILENCE_THRESHOLD} ${Math.ceil(request.silenceTimeoutMs / 1000)}`, signal);
  if (result.kind === 'hangup') return { kind: 'hangup', recordingId, durationMs: 0 };
  const durationMs = Number(variableOf(result.complete, 'record_ms') ?? '0') || 0;
  const endedBy = variableOf(result.complete, 'playback_terminator_used') !== undefined
    ? RecordingEnd.Terminator
    : durationMs >= maxSeconds * 1000 ? RecordingEnd.MaxDuration : RecordingEnd.Silence;
  return { kind: 'recorded', recordingId, durationMs, endedBy };
}
