import { ManualClock } from '@ringpace/clock';
import { UnavailableError } from '@ringpace/errors';
import { describe, expect, it } from 'vitest';
import type { CallPort, CollectOutcome } from './call-port.js';
import { FlowRunError, runFlow } from './run-flow.js';
import { Callee, ScriptedCallPort } from './scripted-port.js';
import type { TraceStep } from './trace.js';
import { assertValidFlow } from './validate.js';

const contact = { phone: '+8613800000000', name: 'Li Lei' };
const notice = assertValidFlow({
  start: 'greet',
  nodes: {
    greet: { verb: 'say', text: 'Hello {name}', maxVisits: 100, onMaxVisits: 'no', next: 'ask' },
    ask: { verb: 'collect', tries: 1, next: { digits: { '#': 'yes', '1': 'greet' }, noInput: 'no' } },
    yes: { verb: 'hangup', result: 'confirmed' },
    no: { verb: 'hangup', result: 'no_response' },
  },
});
const scripted = (callee = [Callee.dtmf('#')]) => {
  const clock = new ManualClock(0);
  return { clock, port: new ScriptedCallPort({ clock, callee }) };
};

/** A port whose collect waits until the run is cancelled, as a real call waits for keys. */
function waitingPort(onCollect: () => void): CallPort {
  const fail = () => Promise.reject(new Error('not used'));
  return {
    say: () => Promise.resolve({ kind: 'done' }),
    play: fail,
    record: fail,
    transfer: fail,
    webhook: fail,
    hangup: () => Promise.resolve(),
    collect: (_request, signal) =>
      new Promise<CollectOutcome>((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        onCollect();
      }),
  };
}

describe('runFlow', () => {
  it('walks the nodes through the port and ends with the hangup mark', async () => {
    const { clock, port } = scripted();
    const run = await runFlow(notice, { contact, port, clock });
    expect(run).toMatchObject({ reason: 'completed', mark: 'confirmed', elapsedMs: clock.nowMs() });
    expect(run.trace.map((s) => [s.index, s.nodeId, s.verb, s.branch, s.next])).toEqual([
      [1, 'greet', 'say', 'next', 'ask'],
      [2, 'ask', 'collect', 'next.digits["#"]', 'yes'],
      [3, 'yes', 'hangup', undefined, undefined],
    ]);
  });

  it('stops after maxSteps, so a flow cannot spin a call for ever', async () => {
    const { clock, port } = scripted([Callee.dtmf('1'), Callee.dtmf('1'), Callee.dtmf('1'), Callee.dtmf('1')]);
    const run = await runFlow(notice, { contact, port, clock, maxSteps: 5 });
    expect(run).toMatchObject({ reason: 'max_steps', mark: null });
    expect(run.trace).toHaveLength(5);
  });

  it.each([0, -1, 1.5])('refuses maxSteps %s', async (maxSteps) => {
    const { clock, port } = scripted();
    await expect(runFlow(notice, { contact, port, clock, maxSteps })).rejects.toThrow(RangeError);
  });

  it('a node entered more than maxVisits times sends the flow to onMaxVisits instead', async () => {
    const flow = assertValidFlow({
      start: 'greet',
      nodes: {
        greet: { verb: 'say', text: 'Hello', maxVisits: 2, onMaxVisits: 'no', next: 'ask' },
        ask: { verb: 'collect', tries: 1, next: { digits: { '#': 'yes' }, noInput: 'greet' } },
        yes: { verb: 'hangup', result: 'confirmed' },
        no: { verb: 'hangup', result: 'no_response' },
      },
    });
    const { clock, port } = scripted([]);
    const run = await runFlow(flow, { contact, port, clock });
    expect(run.mark).toBe('no_response');
    expect(run.trace.map((s) => `${s.nodeId}:${s.branch ?? ''}`)).toEqual(['greet:next', 'ask:next.noInput', 'greet:next', 'ask:next.noInput', 'greet:onMaxVisits', 'no:']);
    expect(run.trace[4]).toMatchObject({ note: 'entered 2 times already (maxVisits)', next: 'no' });
    expect(port.effects.filter((e) => e.effect === 'say')).toHaveLength(2);
  });

  it('a flow variable shadows the contact field of the same name in later templates', async () => {
    const flow = assertValidFlow({
      start: 'greet',
      nodes: {
        greet: { verb: 'say', text: 'Hello {name}', next: 'ask' },
        ask: { verb: 'collect', tries: 1, into: 'name', next: { other: 'again', noInput: 'no' } },
        again: { verb: 'say', text: 'You pressed {name}, {phone}', next: 'no' },
        no: { verb: 'hangup', result: 'no_response' },
      },
    });
    const { clock, port } = scripted([Callee.dtmf('7')]);
    await runFlow(flow, { contact, port, clock });
    expect(port.effects.flatMap((e) => (e.effect === 'say' ? [e.request.text] : []))).toEqual(['Hello Li Lei', 'You pressed 7, +8613800000000']);
  });

  it('aborting the signal cancels the verb in progress and ends the run as aborted', async () => {
    const controller = new AbortController();
    const run = runFlow(notice, { contact, port: waitingPort(() => controller.abort(new Error('call ended by operator'))), clock: new ManualClock(0), signal: controller.signal });
    await expect(run).resolves.toMatchObject({ reason: 'aborted', mark: null });
  });

  it('a run started with an aborted signal does nothing', async () => {
    const { clock, port } = scripted();
    const run = await runFlow(notice, { contact, port, clock, signal: AbortSignal.abort() });
    expect(run).toMatchObject({ reason: 'aborted', trace: [] });
    expect(port.effects).toEqual([]);
  });

  it('a failing port fails the run with FlowRunError, keeping the node, the trace so far and the cause', async () => {
    const cause = new UnavailableError('freeswitch', 'esl connection lost');
    const { clock, port } = scripted();
    port.collect = () => Promise.reject(cause);
    const error: unknown = await runFlow(notice, { contact, port, clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowRunError);
    expect(error).toMatchObject({ nodeId: 'ask', cause, retryable: true, code: 'UNAVAILABLE' });
    expect((error as FlowRunError).trace.map((s) => s.nodeId)).toEqual(['greet']);
  });

  it('reports every step as it happens', async () => {
    const steps: TraceStep[] = [];
    const { clock, port } = scripted();
    const run = await runFlow(notice, { contact, port, clock, onStep: (step) => steps.push(step) });
    expect(steps).toEqual(run.trace);
  });

  it('times steps by the clock it is given', async () => {
    const { clock, port } = scripted([Callee.dtmf('#', { afterMs: 1_000 })]);
    const run = await runFlow(notice, { contact, port, clock });
    // "Hello Li Lei" is 12 characters at 60 ms; the key comes 1 s after it.
    expect(run.trace.map((s) => s.atMs)).toEqual([0, 720, 1_720]);
  });
});
