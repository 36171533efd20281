import { describe, expect, it } from 'vitest';
import { Callee } from '../scripted-port.js';
import { simulateFlow, type SimulationScript } from '../simulate.js';
import { assertValidFlow } from '../validate.js';

const flowTo = (to: Record<string, string>, extra: Record<string, unknown> = {}) =>
  assertValidFlow({
    start: 'agent',
    results: ['handed_over'],
    nodes: { agent: { verb: 'transfer', to, onFail: 'sorry', ...extra }, sorry: { verb: 'hangup', result: 'no_response' } },
  });
const contact = { phone: '+8613800000000', manager: '+8613900000000', bad: '139-0000' };
const run = (flow: ReturnType<typeof flowTo>, script: Partial<SimulationScript> = {}) => simulateFlow(flow, { contact, ...script });

describe('transfer', () => {
  it('a bridged call to an agent queue ends the flow as transferred', async () => {
    const sim = await run(flowTo({ queue: 'billing' }));
    expect(sim).toMatchObject({ reason: 'completed', mark: 'transferred' });
    expect(sim.effects[0]).toEqual({ effect: 'transfer', request: { nodeId: 'agent', to: { kind: 'queue', queue: 'billing' }, timeoutMs: 30_000 } });
    expect(sim.trace[0]).toMatchObject({ transfer: { to: 'queue billing', outcome: 'bridged' }, result: 'transferred' });
  });

  it('ends with the node result when one is given', async () => {
    const sim = await run(flowTo({ queue: 'billing' }, { result: 'handed_over', timeout: '2m' }));
    expect(sim.mark).toBe('handed_over');
    expect(sim.effects[0]?.request).toMatchObject({ timeoutMs: 120_000 });
  });

  it.each(['no_agent', 'busy', 'no_answer', 'rejected'] as const)('%s goes to onFail', async (outcome) => {
    const sim = await run(flowTo({ queue: 'billing' }), { transfers: { agent: [{ outcome, afterMs: 20_000 }] } });
    expect(sim).toMatchObject({ mark: 'no_response', elapsedMs: 20_000 });
    expect(sim.trace[0]).toMatchObject({ branch: 'onFail', next: 'sorry', transfer: { outcome } });
  });

  it('dials a number taken from a contact field', async () => {
    const sim = await run(flowTo({ number: '{manager}' }));
    expect(sim.effects[0]?.request).toMatchObject({ to: { kind: 'number', number: '+8613900000000' } });
  });

  it('a contact field that is not an E.164 number fails the transfer without dialing', async () => {
    const sim = await run(flowTo({ number: '{bad}' }));
    expect(sim.effects.map((e) => e.effect)).toEqual(['hangup']);
    expect(sim.trace[0]).toMatchObject({ branch: 'onFail', transfer: { to: '139-0000', outcome: 'invalid_number' } });
  });

  it('a callee who hangs up while waiting ends the run', async () => {
    const sim = await run(flowTo({ queue: 'billing' }), { callee: [Callee.hangup(4_000)], transfers: { agent: [{ outcome: 'bridged', afterMs: 10_000 }] } });
    expect(sim).toMatchObject({ reason: 'hangup_by_callee', elapsedMs: 4_000 });
  });

  it.each([
    [{ queue: 'a', number: '+8613800000000' }, 'nodes.agent.to', 'exactly one of queue or number'],
    [{ queue: 'has space' }, 'nodes.agent.to.queue', 'a queue name'],
  ])('refuses to: %j', (to, path, message) => {
    expect(() => flowTo(to)).toThrow(expect.objectContaining({ violations: [{ field: path, message: expect.stringContaining(message) as string }] }));
  });
});
