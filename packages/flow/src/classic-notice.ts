// The classic notice as a flow: speak the notice, then "press # to confirm, 1 to hear it again, 2 to
// decline". Confirmed on #, refused on 2; silence or a wrong key repeats the notice, at most `tries` times
// in all, after which the result is no_response.
import type { FlowDocument } from './document.js';
import { ResultMark } from './results.js';

export interface ClassicNoticeOptions {
  /** The notice, a template over the contact's fields. */
  readonly text?: string;
  readonly confirmKey?: string;
  readonly repeatKey?: string;
  readonly refuseKey?: string;
  /** How many times the notice is spoken at most (default 3). */
  readonly tries?: number;
  /** How long to wait for a key after the question (default "5s"). */
  readonly timeout?: string;
  readonly language?: string;
  readonly voice?: string;
}

const SPOKEN_KEYS: Readonly<Record<string, string>> = { '#': 'the pound key', '*': 'the star key' };
const spoken = (key: string) => SPOKEN_KEYS[key] ?? key;

export function classicNoticeFlow(options: ClassicNoticeOptions = {}): FlowDocument {
  const confirmKey = options.confirmKey ?? '#';
  const repeatKey = options.repeatKey ?? '1';
  const refuseKey = options.refuseKey ?? '2';
  if (new Set([confirmKey, repeatKey, refuseKey]).size !== 3) throw new RangeError('the confirm, repeat and refuse keys must differ');
  const voice = {
    ...(options.language === undefined ? {} : { language: options.language }),
    ...(options.voice === undefined ? {} : { voice: options.voice }),
  };
  return {
    format: 1,
    name: 'Classic notice',
    start: 'notice',
    nodes: {
      notice: {
        verb: 'say',
        text: options.text ?? 'Dear {name}, this is a notice for you.',
        ...voice,
        maxVisits: options.tries ?? 3,
        onMaxVisits: 'no-response',
        next: 'ask',
      },
      ask: {
        verb: 'collect',
        prompt: { say: `Press ${spoken(confirmKey)} to confirm, ${spoken(repeatKey)} to hear this message again, or ${spoken(refuseKey)} to decline.`, ...voice },
        maxDigits: 1,
        tries: 1,
        timeout: options.timeout ?? '5s',
        into: 'answer',
        next: { digits: { [confirmKey]: 'thanks', [repeatKey]: 'notice', [refuseKey]: 'refused' }, noInput: 'notice', invalid: 'wrong-key' },
      },
      'wrong-key': { verb: 'say', text: 'Sorry, that key is not one of the choices.', ...voice, next: 'notice' },
      thanks: { verb: 'say', text: 'Thank you. Goodbye.', ...voice, next: 'confirmed' },
      confirmed: { verb: 'hangup', result: ResultMark.Confirmed },
      refused: { verb: 'hangup', result: ResultMark.Refused },
      'no-response': { verb: 'hangup', result: ResultMark.NoResponse },
    },
  };
}
