import { describe, expect, it } from 'vitest';
import { Callee } from '../scripted-port.js';
import { simulateFlow } from '../simulate.js';
import { assertValidFlow } from '../validate.js';

const contact = { phone: '+8613800000000', name: 'Li Lei', amount: '120.50' };

describe('say', () => {
  it('speaks the text with {field} filled from the contact', async () => {
    const flow = assertValidFlow({
      start: 'a',
      nodes: { a: { verb: 'say', text: 'Dear {name}, your bill of {amount} is due', language: 'en-GB', voice: 'anna', next: 'end' }, end: { verb: 'hangup', result: 'completed' } },
    });
    const run = await simulateFlow(flow, { contact });
    expect(run.effects[0]).toEqual({ effect: 'say', request: { nodeId: 'a', text: 'Dear Li Lei, your bill of 120.50 is due', language: 'en-GB', voice: 'anna' } });
    expect(run.trace[0]).toMatchObject({ text: 'Dear Li Lei, your bill of 120.50 is due' });
  });

  it('a flow variable wins over a contact field of the same name', async () => {
    const flow = assertValidFlow({
      start: 's',
      nodes: { s: { verb: 'set', values: { amount: '99.00' }, next: 'a' }, a: { verb: 'say', text: 'You owe {amount}', next: 'end' }, end: { verb: 'hangup', result: 'completed' } },
    });
    const run = await simulateFlow(flow, { contact });
    expect(run.trace[1]?.text).toBe('You owe 99.00');
  });

  it('a field this contact lacks is spoken as nothing and listed in the trace', async () => {
    const flow = assertValidFlow({ start: 'a', nodes: { a: { verb: 'say', text: 'Due on {dueDate}.', next: 'end' }, end: { verb: 'hangup', result: 'completed' } } });
    const run = await simulateFlow(flow, { contact });
    expect(run.trace[0]).toMatchObject({ text: 'Due on .', missingFields: ['dueDate'] });
  });

  it('a callee who hangs up while it speaks ends the run', async () => {
    const flow = assertValidFlow({ start: 'a', nodes: { a: { verb: 'say', text: 'Hello', next: 'end' }, end: { verb: 'hangup', result: 'completed' } } });
    const run = await simulateFlow(flow, { contact, callee: [Callee.hangup()] });
    expect(run).toMatchObject({ reason: 'hangup_by_callee', mark: null });
    expect(run.effects.map((e) => e.effect)).toEqual(['say']);
  });
});
