// How long a sound plays on the simulated switch. tone_stream:// and silence_stream:// durations follow their
// syntax (mod_tone_stream, switch_ivr_play_say.c); sound files have no bytes here, so their length comes
// from the scenario (`media.files`, else `media.defaultFileMs`); `speak:` prompts last as long as their text.
import type { Scenario } from '../scenario/scenario-schema.js';

export const ENDLESS = Number.POSITIVE_INFINITY;

export interface MediaInfo {
  readonly durationMs: number;
  /** Playback-File-Type: the stream module for xxx_stream:// paths, none for files. */
  readonly fileType: string | undefined;
}

export class MediaCatalog {
  private readonly exact = new Map<string, number>();
  private readonly patterns: Array<{ test: (path: string) => boolean; ms: number }> = [];

  constructor(private readonly media: Scenario['media']) {
    for (const [key, ms] of Object.entries(media.files)) {
      if (key.length > 2 && key.startsWith('/') && key.endsWith('/')) {
        const regex = new RegExp(key.slice(1, -1));
        this.patterns.push({ test: (path) => regex.test(path), ms });
      } else {
        this.exact.set(key, ms);
        this.patterns.push({ test: (path) => path.endsWith(key), ms });
      }
    }
  }

  info(path: string): MediaInfo {
    const stream = /^([a-z_]+_stream):\/\/(.*)$/.exec(path);
    if (stream) {
      // Only these two get a Playback-File-Type header (switch_ivr_play_file).
      const fileType = stream[1] === 'tone_stream' || stream[1] === 'local_stream' ? stream[1] : undefined;
      return { durationMs: streamDuration(stream[1]!, stream[2]!, this.media.defaultFileMs), fileType };
    }
    // switch_ivr_play_file(): "speak:<engine>|<voice>|<text>" is text to speech, played for the text's length
    // unless the scenario's `media.files` names it (a `/^speak:/` entry sets every prompt's length).
    if (path.startsWith('speak:') && !this.patterns.some((entry) => entry.test(path))) {
      const parts = path.slice('speak:'.length).split('|');
      const text = parts.length >= 3 ? parts.slice(2).join('|') : parts.at(-1) ?? '';
      return { durationMs: this.speechMs(text), fileType: undefined };
    }
    if (path.startsWith('file_string://')) {
      const total = path
        .slice('file_string://'.length)
        .split('!')
        .reduce((sum, part) => sum + this.info(part).durationMs, 0);
      return { durationMs: total, fileType: undefined };
    }
    const exact = this.exact.get(path);
    if (exact !== undefined) return { durationMs: exact, fileType: undefined };
    const match = this.patterns.find((entry) => entry.test(path));
    return { durationMs: match?.ms ?? this.media.defaultFileMs, fileType: undefined };
  }

  speechMs(text: string): number {
    return Math.round(text.length * this.media.ttsMsPerChar);
  }
}

// tone_stream://[v=..;]%(on,off,freq...)[;%(...)][;loops=N]: the segments play in turn, `loops` times
// (-1 for ever); silence_stream://ms[,thresh] plays `ms` (-1 for ever).
function streamDuration(kind: string, spec: string, fallbackMs: number): number {
  if (kind === 'silence_stream') {
    const ms = Number.parseInt(spec.split(',')[0] ?? '', 10);
    return Number.isNaN(ms) ? fallbackMs : ms < 0 ? ENDLESS : ms;
  }
  if (kind === 'tone_stream') {
    let total = 0;
    for (const match of spec.matchAll(/%\((\d+),(\d+)[^)]*\)/g)) total += Number(match[1]) + Number(match[2]);
    const loops = /loops=(-?\d+)/.exec(spec);
    const count = loops ? Number(loops[1]) : 1;
    if (count < 0) return ENDLESS;
    return total * Math.max(1, count);
  }
  return fallbackMs;
}
