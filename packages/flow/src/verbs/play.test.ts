import { describe, expect, it } from 'vitest';
import { Callee } from '../scripted-port.js';
import { simulateFlow } from '../simulate.js';
import { assertValidFlow } from '../validate.js';

const flowWith = (play: Record<string, unknown>) => assertValidFlow({ start: 'a', nodes: { a: { verb: 'play', next: 'end', ...play }, end: { verb: 'hangup', result: 'completed' } } });
const contact = { phone: '+8613800000000' };

describe('play', () => {
  it('plays a file from the sound library, then goes to next', async () => {
    const run = await simulateFlow(flowWith({ file: 'notices/bill.wav' }), { contact });
    expect(run.effects[0]).toEqual({ effect: 'play', request: { nodeId: 'a', audio: { kind: 'file', file: 'notices/bill.wav' } } });
    expect(run.trace[0]).toMatchObject({ nodeId: 'a', verb: 'play', audio: { kind: 'file', file: 'notices/bill.wav' }, branch: 'next', next: 'end' });
    expect(run).toMatchObject({ reason: 'completed', mark: 'completed' });
  });

  it('plays a tone for its duration', async () => {
    const run = await simulateFlow(flowWith({ tone: { frequenciesHz: [350, 440], duration: '1.5s' } }), { contact });
    expect(run.effects[0]).toEqual({ effect: 'play', request: { nodeId: 'a', audio: { kind: 'tone', tone: { frequenciesHz: [350, 440], durationMs: 1_500 } } } });
    expect(run.elapsedMs).toBe(1_500);
  });

  it('a callee who hangs up during the audio ends the run', async () => {
    const run = await simulateFlow(flowWith({ file: 'x.wav' }), { contact, callee: [Callee.hangup(500)] });
    expect(run).toMatchObject({ reason: 'hangup_by_callee', mark: null, elapsedMs: 500 });
    expect(run.trace.map((s) => s.nodeId)).toEqual(['a']);
  });

  it.each([
    [{ file: 'x.wav', tone: { frequenciesHz: [440] } }, 'nodes.a', 'play needs exactly one of file or tone'],
    [{}, 'nodes.a', 'play needs exactly one of file or tone'],
    [{ tone: { frequenciesHz: [5000] } }, 'nodes.a.tone.frequenciesHz[0]', 'at most 4000 Hz'],
    [{ tone: { frequenciesHz: [440], duration: 1 } }, 'nodes.a.tone.duration', 'must have a unit'],
    [{ file: 'https://example.com/x.wav' }, 'nodes.a.file', 'not a URL'],
    [{ file: 'a\\b.wav' }, 'nodes.a.file', 'use "/"'],
  ])('refuses %j', (play, path, message) => {
    expect(() => flowWith(play)).toThrow(expect.objectContaining({ violations: [{ field: path, message: expect.stringContaining(message) as string }] }));
  });
});
