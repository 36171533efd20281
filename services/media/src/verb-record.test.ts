import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventName, type EslEvent } from '@ringpace/esl';
import { CallOutcome } from '@ringpace/proto';
import { effectOf, exactly, kindsIn, onlyPayload, startFlowHarness, type FlowHarness } from './flow-harness.js';

const RECORDINGS_DIR = '/srv/recordings';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Answers after 1 s and stays on the line without a key (fs-sim carries no audio, so never silent by energy). */
const LISTENER = '+15550000004';
/** Answers after 1 s and presses # 6 s later, while the recording runs. */
const PRESSES_HASH = '+15550000006';
/** Answers after 1 s and hangs up 6 s later, while the recording runs. */
const HANGS_UP = '+15550000007';

/** Prompt, beep, record into `message`, then thank the callee: the flow goes on after the recording. */
function voicemailFlow(maxDuration: string): string {
  return `
format: 1
start: message
results: [message_left]
nodes:
  message:
    verb: record
    prompt: { say: Please leave your message after the tone. }
    maxDuration: ${maxDuration}
    silenceTimeout: 2s
    into: message
    next: thanks
  thanks:
    verb: say
    text: Thank you, we got your message.
    next: bye
  bye:
    verb: hangup
    result: message_left
`;
}

let h: FlowHarness;
beforeAll(async () => {
  h = await startFlowHarness({
    scenario: {
      gateways: [{ name: 'carrier', proxy: 'sip.carrier.example:5060' }],
      callees: [
        { match: exactly(LISTENER), behaviour: 'answer', ringMs: 1000 },
        { match: exactly(PRESSES_HASH), behaviour: 'answer', ringMs: 1000, dtmf: [{ afterMs: 6000, digits: '#' }] },
        { match: exactly(HANGS_UP), behaviour: 'answer', ringMs: 1000, hangupAfterMs: 6000 },
      ],
    },
    flows: { short: voicemailFlow('3s'), long: voicemailFlow('60s') },
    settings: { recordingsDir: RECORDINGS_DIR },
  });
});
afterAll(async () => {
  await h?.close();
});

/** The channel's effects from the prompt to the last application the flow ran. */
function effects(uuid: string): string[] {
  return h
    .switchEventsOf(uuid)
    .filter((event) => event.name === EventName.ChannelExecute || event.name === EventName.RecordStart || event.name === EventName.RecordStop)
    .map(effectOf);
}

function only(events: readonly EslEvent[], name: EventName): EslEvent {
  const found = events.filter((event) => event.name === name);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('record verb', () => {
  it('record › a recording that runs to its maximum duration stops there, its id goes into the variable, and the flow goes on', async () => {
    const attemptId = await h.call('short', { destination: LISTENER });
    const events = await h.ended(attemptId);

    const flowResult = onlyPayload(events, 'callFlowResult');
    expect(flowResult.result).toBe('message_left');
    const recordingId = flowResult.variables.message ?? '';
    expect(recordingId).toMatch(UUID);

    const channel = h.switchEventsOf(attemptId);
    expect(effects(attemptId)).toEqual([
      'CHANNEL_EXECUTE park',
      'CHANNEL_EXECUTE speak',
      'CHANNEL_EXECUTE playback',
      'CHANNEL_EXECUTE record',
      'RECORD_START',
      'RECORD_STOP',
      'CHANNEL_EXECUTE speak',
    ]);
    const executes = channel.filter((event) => event.name === EventName.ChannelExecute);
    expect(executes[1]!.headers.get('Application-Data')).toBe('flite|kal|Please leave your message after the tone.');
    expect(executes[2]!.headers.get('Application-Data')).toMatch(/^tone_stream:\/\//);
    // record_function's `path time_limit_secs silence_thresh silence_hits`.
    expect(executes[3]!.headers.get('Application-Data')).toBe(`${RECORDINGS_DIR}/${recordingId}.wav 3 200 2`);
    expect(only(channel, EventName.RecordStart).headers.get('Record-File-Path')).toBe(`${RECORDINGS_DIR}/${recordingId}.wav`);
    expect(only(channel, EventName.RecordStop).headers.get('variable_record_ms')).toBe('3000');
    expect(executes[4]!.headers.get('Application-Data')).toBe('flite|kal|Thank you, we got your message.');

    expect(kindsIn(events).filter((kind) => kind !== 'callRinging')).toEqual(['callOriginated', 'callAnswered', 'callFlowResult', 'callHangup']);
    expect(onlyPayload(events, 'callHangup')).toMatchObject({ outcome: CallOutcome.ANSWERED, hangupCause: 'NORMAL_CLEARING' });
  });

  it('record › the terminator key stops the recording early, and the flow goes on', async () => {
    const attemptId = await h.call('long', { destination: PRESSES_HASH });
    const events = await h.ended(attemptId);

    const flowResult = onlyPayload(events, 'callFlowResult');
    expect(flowResult.result).toBe('message_left');
    expect(flowResult.variables.message).toMatch(UUID);
    expect(onlyPayload(events, 'callDtmf').digit).toBe('#');
    const channel = h.switchEventsOf(attemptId);
    const stop = only(channel, EventName.RecordStop);
    const recordedMs = Number(stop.headers.get('variable_record_ms'));
    expect(recordedMs).toBeGreaterThan(0);
    expect(recordedMs).toBeLessThan(60_000);
    expect(stop.headers.get('variable_playback_terminator_used')).toBe('#');
    expect(effects(attemptId).slice(-2)).toEqual(['RECORD_STOP', 'CHANNEL_EXECUTE speak']);
    expect(onlyPayload(events, 'callHangup')).toMatchObject({ outcome: CallOutcome.ANSWERED, hangupCause: 'NORMAL_CLEARING' });
  });

  it('record › a callee who hangs up while recording ends the call; the recording is closed and nothing runs after it', async () => {
    const attemptId = await h.call('long', { destination: HANGS_UP });
    const events = await h.ended(attemptId);

    const channel = h.switchEventsOf(attemptId);
    expect(only(channel, EventName.RecordStart).headers.get('Record-File-Path')).toMatch(new RegExp(`^${RECORDINGS_DIR}/[0-9a-f-]{36}\\.wav$`));
    expect(Number(only(channel, EventName.RecordStop).headers.get('variable_record_ms'))).toBeGreaterThan(0);
    expect(effects(attemptId).at(-1)).toBe('RECORD_STOP');
    // The flow reached no mark: the callee ended the call.
    expect(kindsIn(events)).not.toContain('callFlowResult');
    expect(onlyPayload(events, 'callHangup')).toMatchObject({ outcome: CallOutcome.ANSWERED, hangupCause: 'NORMAL_CLEARING' });
  });
});
