import { describe, expect, it } from 'vitest';
import { Callee, type CalleeStep } from '../scripted-port.js';
import { simulateFlow } from '../simulate.js';
import { assertValidFlow } from '../validate.js';

const flow = assertValidFlow({
  start: 'rec',
  nodes: {
    rec: { verb: 'record', prompt: { say: 'Leave a message after the tone.' }, maxDuration: '30s', silenceTimeout: '3s', into: 'message', next: 'bye' },
    bye: { verb: 'hangup', result: 'completed' },
  },
});
const contact = { phone: '+8613800000000' };
/** How long the simulator speaks the prompt: 60 ms a character. */
const PROMPT_MS = 'Leave a message after the tone.'.length * 60;

describe('record', () => {
  it('sends the prompt, beep, limits and terminators to the port', async () => {
    const run = await simulateFlow(flow, { contact, callee: [Callee.speak(5_000)] });
    expect(run.effects[0]).toEqual({
      effect: 'record',
      request: { nodeId: 'rec', prompt: { kind: 'say', text: 'Leave a message after the tone.' }, beep: true, maxDurationMs: 30_000, silenceTimeoutMs: 3_000, terminators: '#' },
    });
  });

  it.each<[string, CalleeStep, number, string]>([
    ['speech then silence', Callee.speak(5_000), 5_000, 'ended by silence'],
    ['speech longer than maxDuration', Callee.speak(45_000), 30_000, 'ended by max_duration'],
    ['the terminator key', Callee.dtmf('#', { afterMs: 8_000 }), 8_000, 'ended by terminator'],
    ['nothing said', Callee.silence(), 0, 'ended by silence'],
  ])('%s', async (_case, step, durationMs, note) => {
    const run = await simulateFlow(flow, { contact, callee: [step] });
    expect(run.trace[0]).toMatchObject({ recording: { recordingId: 'recording-1', durationMs }, note, set: { message: 'recording-1' }, next: 'bye' });
    expect(run.variables).toEqual({ message: 'recording-1' });
  });

  it('a callee who hangs up after speaking leaves the message, as with voicemail', async () => {
    const run = await simulateFlow(flow, { contact, callee: [Callee.hangup(PROMPT_MS + 12_000)] });
    expect(run).toMatchObject({ reason: 'hangup_by_callee', variables: { message: 'recording-1' } });
    expect(run.trace[0]).toMatchObject({ recording: { recordingId: 'recording-1', durationMs: 12_000 } });
  });
});
