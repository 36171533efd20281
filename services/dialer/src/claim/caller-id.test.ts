import { describe, expect, it } from 'vitest';
import { selectCallerId, type CallerIdMode } from './caller-id.js';

const BEIJING_A = '+861065550001';
const BEIJING_B = '+861065550002';
const SHANGHAI = '+862161110000';
const NEW_YORK = '+12125550100';

describe('selectCallerId', () => {
  it.each<[string, CallerIdMode, string[], string, number, string | undefined]>([
    ['rotate takes the first caller ID on turn 0', 'rotate', [BEIJING_A, SHANGHAI, NEW_YORK], '+8613800000000', 0, BEIJING_A],
    ['rotate takes them in turn', 'rotate', [BEIJING_A, SHANGHAI, NEW_YORK], '+8613800000000', 1, SHANGHAI],
    ['rotate wraps around', 'rotate', [BEIJING_A, SHANGHAI, NEW_YORK], '+8613800000000', 5, NEW_YORK],
    ['rotate ignores the callee', 'rotate', [NEW_YORK, BEIJING_A], '+861065551234', 0, NEW_YORK],
    ['region prefers the same area code', 'region', [NEW_YORK, SHANGHAI, BEIJING_A], '+862198765432', 0, SHANGHAI],
    ['region prefers the same country over another', 'region', [NEW_YORK, SHANGHAI], '+8675512345678', 0, SHANGHAI],
    ['region rotates among equally close caller IDs', 'region', [BEIJING_A, SHANGHAI, BEIJING_B], '+861087654321', 1, BEIJING_B],
    ['region wraps among equals', 'region', [BEIJING_A, SHANGHAI, BEIJING_B], '+861087654321', 2, BEIJING_A],
    ['region with nothing in common rotates through all', 'region', [BEIJING_A, SHANGHAI], '+4420794600000', 1, SHANGHAI],
    ['no caller ID gives none', 'rotate', [], '+8613800000000', 0, undefined],
    ['no caller ID gives none in region mode', 'region', [], '+8613800000000', 3, undefined],
  ])('caller ID › %s', (_name, mode, callerIds, callee, turn, expected) => {
    expect(selectCallerId({ mode, callerIds, callee, turn })).toBe(expected);
  });
});
