import { describe, expect, it } from 'vitest';
import { simulateFlow } from '../simulate.js';
import { assertValidFlow } from '../validate.js';

describe('set', () => {
  it('sets variables from templates rendered against the values before the step', async () => {
    const flow = assertValidFlow({
      start: 'one',
      nodes: {
        one: { verb: 'set', values: { a: 'first', b: 'second' }, next: 'swap' },
        swap: { verb: 'set', values: { a: '{b}', b: '{a}', greeting: 'Hello {name}' }, next: 'end' },
        end: { verb: 'hangup', result: 'completed' },
      },
    });
    const run = await simulateFlow(flow, { contact: { phone: '+8613800000000', name: 'Li Lei' } });
    expect(run.trace[1]?.set).toEqual({ a: 'second', b: 'first', greeting: 'Hello Li Lei' });
    expect(run.variables).toEqual({ a: 'second', b: 'first', greeting: 'Hello Li Lei' });
  });

  it.each([
    [{}, 'nodes.s.values', 'must set at least one variable'],
    [{ '2x': 'a' }, 'nodes.s.values["2x"]', 'a field name has letters'],
  ])('refuses values %j', (values, path, message) => {
    expect(() => assertValidFlow({ start: 's', nodes: { s: { verb: 'set', values, next: 'e' }, e: { verb: 'hangup', result: 'completed' } } })).toThrow(
      expect.objectContaining({ violations: [{ field: path, message: expect.stringContaining(message) as string }] }),
    );
  });
});
