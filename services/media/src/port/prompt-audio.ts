// How a prompt becomes something FreeSWITCH plays: a sound file path, a tone_stream:// for a tone, or
// `speak:engine|voice|text` for text to speech inside play_and_get_digits (switch_ivr_play_file's prefix).
import type { Audio, Prompt } from '@ringpace/flow';
import type { PortSettings } from './channel-control.js';

/** Quotes, backslashes and line breaks would break the application's argument parsing; speech loses nothing by them. */
export function speakableText(text: string): string {
  return text.replace(/['\\]/g, ' ').replace(/[\r\n\t]+/g, ' ').trim();
}

export function audioPath(audio: Audio): string {
  if (audio.kind === 'file') return audio.file;
  const frequencies = audio.tone.frequenciesHz.map((hz) => Math.round(hz)).join(',');
  return `tone_stream://%(${Math.round(audio.tone.durationMs)},0,${frequencies})`;
}

export function speakArgument(text: string, voice: string | undefined, settings: PortSettings): string {
  return `${settings.ttsEngine}|${voice ?? settings.ttsVoice}|${speakableText(text)}`;
}

/** A prompt as one file argument, single-quoted so switch_separate_string keeps it whole. */
export function promptFile(prompt: Prompt, settings: PortSettings): string {
  const path = prompt.kind === 'say' ? `speak:${speakArgument(prompt.text, prompt.voice, settings)}` : audioPath(prompt);
  return `'${path.replace(/'/g, '')}'`;
}
