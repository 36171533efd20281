// switch_ivr_play_file() (src/switch_ivr_play_say.c) without audio: PLAYBACK_START, the file's duration in
// simulated time (cut short by hangup, uuid_break or a DTMF the caller's input handler ends it on), the
// playback_* variables, PLAYBACK_STOP.
import { Site } from '../core/calling-site.js';
import type { Session } from '../core/session.js';
import type { MediaCatalog } from './media-catalog.js';

/** What a playback does with a DTMF digit: the input callback or digit buffer of switch_input_args_t. */
export type DigitHandler = (digit: string) => 'continue' | 'break';

export type PlayOutcome = 'done' | 'break' | 'hangup';

const SAMPLES_PER_MS = 8;

export async function playFile(session: Session, media: MediaCatalog, path: string, onDigit?: DigitHandler): Promise<PlayOutcome> {
  const info = media.info(path);
  const fileHeaders: Array<readonly [string, string]> = [];
  if (info.fileType !== undefined) fileHeaders.push(['Playback-File-Type', info.fileType]);
  fileHeaders.push(['Playback-File-Path', path]);
  session.fire('PLAYBACK_START', Site.playbackStart, { after: fileHeaders });
  const startedMs = session.core.clock.nowMs();
  let outcome: PlayOutcome = 'done';
  for (;;) {
    if (onDigit && session.hasDtmf) {
      const dtmf = session.dequeueDtmf()!;
      if (onDigit(dtmf.digit) === 'break') {
        outcome = 'break';
        break;
      }
      continue;
    }
    const remaining = info.durationMs - (session.core.clock.nowMs() - startedMs);
    if (remaining <= 0) break;
    const how = await session.sleep(remaining, onDigit !== undefined);
    if (how === 'elapsed') break;
    if (how === 'hangup') {
      outcome = 'hangup';
      break;
    }
    if (how === 'break') {
      outcome = 'break';
      break;
    }
  }
  const playedMs = Math.min(info.durationMs, session.core.clock.nowMs() - startedMs);
  const samples = Math.max(0, Math.round(playedMs * SAMPLES_PER_MS));
  const ch = session.channel;
  ch.setVar('playback_last_offset_pos', samples);
  ch.setVar('playback_seconds', Math.floor(samples / 8000));
  ch.setVar('playback_ms', Math.floor(samples / SAMPLES_PER_MS));
  ch.setVar('playback_samples', samples);
  session.fire('PLAYBACK_STOP', Site.playbackStop, {
    after: [...fileHeaders, ['Playback-Status', outcome === 'break' ? 'break' : 'done']],
  });
  return outcome;
}

/**
 * switch_ivr_collect_digits_count(): waits for digits until `max` are in, a terminator comes (returned as
 * `terminator`) or the first-digit / inter-digit timeout runs out.
 */
export async function collectDigits(
  session: Session,
  already: string,
  max: number,
  terminators: string,
  firstTimeoutMs: number,
  digitTimeoutMs: number,
): Promise<{ digits: string; terminator: string | undefined; timedOut: boolean }> {
  let digits = already;
  let deadline = session.core.clock.nowMs() + (digits.length > 0 ? digitTimeoutMs : firstTimeoutMs);
  while (digits.length < max) {
    if (session.hasDtmf) {
      const { digit } = session.dequeueDtmf()!;
      if (terminators.includes(digit)) return { digits, terminator: digit, timedOut: false };
      digits += digit;
      deadline = session.core.clock.nowMs() + digitTimeoutMs;
      continue;
    }
    const remaining = deadline - session.core.clock.nowMs();
    if (remaining <= 0) return { digits, terminator: undefined, timedOut: true };
    const how = await session.sleep(remaining, true);
    if (how === 'hangup') return { digits, terminator: undefined, timedOut: false };
  }
  return { digits, terminator: undefined, timedOut: false };
}
