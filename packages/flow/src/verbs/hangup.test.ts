import { describe, expect, it } from 'vitest';
import { simulateFlow } from '../simulate.js';
import { assertValidFlow } from '../validate.js';

describe('hangup', () => {
  it.each([
    ['confirmed', []],
    ['refused', []],
    ['no_response', []],
    ['paid_online', ['paid_online']],
  ])('ends the call with the result mark %s', async (result, results) => {
    const flow = assertValidFlow({ start: 'bye', results, nodes: { bye: { verb: 'hangup', result } } });
    const run = await simulateFlow(flow, { contact: { phone: '+8613800000000' } });
    expect(run).toMatchObject({ reason: 'completed', mark: result });
    expect(run.effects).toEqual([{ effect: 'hangup', request: { nodeId: 'bye', result } }]);
    expect(run.trace).toEqual([{ index: 1, nodeId: 'bye', verb: 'hangup', atMs: 0, result }]);
  });
});
