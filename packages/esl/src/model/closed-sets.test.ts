// The closed sets against the two sources that can prove them wrong: esl-lite's own list and the recorded traffic.
import { EventNames as eslLiteEventNames } from 'esl-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { streamOf } from '../capture/capture-file.js';
import type { EslEvent } from '../decode/esl-event.js';
import { StreamDecoder } from '../decode/stream-decoder.js';
import { captureNames, loadCapture } from '../testing/fixtures.js';
import { AnswerState, isAnswerState } from './answer-state.js';
import { CallState, isCallState } from './call-state.js';
import { ChannelState, isChannelState } from './channel-state.js';
import { EventName, isEventName } from './event-name.js';
import { HangupCause, hangupCauseCode, isHangupCause } from './hangup-cause.js';

const events: EslEvent[] = [];
const unknownEventNames: string[] = [];

beforeAll(async () => {
  for (const name of captureNames) {
    const result = new StreamDecoder().push(streamOf(await loadCapture(name), '<'));
    if (result.error !== undefined) throw result.error;
    for (const frame of result.frames) {
      if (frame.kind === 'event') events.push(frame.event);
      if (frame.kind === 'unknown-event') unknownEventNames.push(frame.event.name);
    }
  }
});

function valuesOf(header: string): Set<string> {
  return new Set(events.flatMap((event) => event.headers.get(header) ?? []));
}

describe('closed sets › event names', () => {
  it('are exactly esl-lite 3.2.0 EventNames (both cite EVENT_NAMES[] of switch_event.c)', () => {
    expect(new Set(Object.values(EventName))).toEqual(new Set(eslLiteEventNames));
    expect(Object.values(EventName)).toHaveLength(93);
  });

  it('cover every Event-Name in the captures', () => {
    expect(unknownEventNames).toEqual([]);
    expect(events.length).toBeGreaterThan(400);
    expect([...valuesOf('Event-Name')].filter((name) => !isEventName(name))).toEqual([]);
  });
});

describe('closed sets › hangup causes', () => {
  it('hold the whole switch_call_cause_t enum, Q.850 and FreeSWITCH-specific', () => {
    expect(Object.values(HangupCause)).toHaveLength(82);
    expect(hangupCauseCode[HangupCause.NormalClearing]).toBe(16);
    expect(hangupCauseCode[HangupCause.UserBusy]).toBe(17);
    expect(hangupCauseCode[HangupCause.NoAnswer]).toBe(19);
    expect(hangupCauseCode[HangupCause.OriginatorCancel]).toBe(487);
    expect(hangupCauseCode[HangupCause.InvalidGateway]).toBe(808);
    expect(new Set(Object.values(hangupCauseCode)).size).toBe(82);
  });

  it('cover every Hangup-Cause in the captures', () => {
    const seen = valuesOf('Hangup-Cause');
    expect(seen.size).toBeGreaterThanOrEqual(8);
    expect([...seen].filter((cause) => !isHangupCause(cause))).toEqual([]);
  });

  it('have the code FreeSWITCH reports as variable_hangup_cause_q850 for every hangup in the captures', () => {
    const pairs = new Set(
      events
        .filter((event) => event.name === 'CHANNEL_HANGUP_COMPLETE' && event.headers.get('variable_hangup_cause_q850') !== undefined)
        .map((event) => `${event.headers.get('Hangup-Cause')}=${event.headers.get('variable_hangup_cause_q850')}`),
    );
    expect(pairs.size).toBeGreaterThanOrEqual(6);
    for (const pair of pairs) {
      const [cause] = pair.split('=') as [string];
      // Cause and q850 differ only where FreeSWITCH maps its own causes onto Q.850 (switch_channel_cause_q850()).
      if (isHangupCause(cause) && hangupCauseCode[cause] < 128) expect(`${cause}=${hangupCauseCode[cause]}`).toBe(pair);
    }
  });
});

describe('closed sets › channel, call and answer states', () => {
  it.each([
    ['Channel-State', ChannelState, isChannelState, 14],
    ['Channel-Call-State', CallState, isCallState, 9],
    ['Answer-State', AnswerState, isAnswerState, 4],
  ] as const)('%s: every value in the captures is in the set', (header, set, isMember, size) => {
    expect(Object.values(set)).toHaveLength(size);
    const seen = valuesOf(header);
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect([...seen].filter((value) => !isMember(value))).toEqual([]);
  });

  it('Original-Channel-Call-State of CHANNEL_CALLSTATE events is a call state too', () => {
    expect([...valuesOf('Original-Channel-Call-State')].filter((value) => !isCallState(value))).toEqual([]);
  });
});
