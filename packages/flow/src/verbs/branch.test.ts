import { describe, expect, it } from 'vitest';
import { simulateFlow } from '../simulate.js';
import { assertValidFlow } from '../validate.js';

const ends = { vip: { verb: 'hangup', result: 'completed' }, other: { verb: 'hangup', result: 'refused' }, fallback: { verb: 'hangup', result: 'no_response' } };
const branchOn = (value: string, branch: Record<string, unknown>) =>
  simulateFlow(
    assertValidFlow({
      start: 'pick',
      nodes: { pick: { verb: 'branch', on: 'segment', default: 'fallback', ...branch }, ...ends },
    }),
    { contact: { phone: '+8613800000000', segment: value } },
  );

describe('branch', () => {
  it.each<[string, string, Record<string, unknown>, string, string]>([
    ['an exact case', 'gold', { cases: { gold: 'vip', silver: 'other' } }, 'cases.gold', 'vip'],
    ['no case matches', 'bronze', { cases: { gold: 'vip', silver: 'other' } }, 'default', 'fallback'],
    ['cases are exact, not case-insensitive', 'Gold', { cases: { gold: 'vip', x: 'other' } }, 'default', 'fallback'],
    ['equals', 'gold', { when: [{ equals: 'gold', next: 'vip' }, { equals: 'x', next: 'other' }] }, 'when[0].next', 'vip'],
    ['oneOf', 'silver', { when: [{ oneOf: ['gold', 'silver'], next: 'vip' }, { empty: true, next: 'other' }] }, 'when[0].next', 'vip'],
    ['startsWith', '+86138', { when: [{ startsWith: '+86', next: 'vip' }, { empty: true, next: 'other' }] }, 'when[0].next', 'vip'],
    ['above, as numbers', '1000.5', { when: [{ above: 1000, next: 'vip' }, { below: 0, next: 'other' }] }, 'when[0].next', 'vip'],
    ['below, as numbers', '-3', { when: [{ above: 1000, next: 'vip' }, { below: 0, next: 'other' }] }, 'when[1].next', 'other'],
    ['above never holds for text', 'lots', { when: [{ above: 0, next: 'vip' }, { below: 0, next: 'other' }] }, 'default', 'fallback'],
    ['empty', '', { when: [{ empty: false, next: 'vip' }, { empty: true, next: 'other' }] }, 'when[1].next', 'other'],
    ['the first test that holds wins', '5', { when: [{ above: 1, next: 'vip' }, { above: 2, next: 'other' }] }, 'when[0].next', 'vip'],
    ['cases before when', 'gold', { cases: { gold: 'other' }, when: [{ startsWith: 'g', next: 'vip' }] }, 'cases.gold', 'other'],
  ])('%s', async (_case, value, branch, edge, next) => {
    const run = await branchOn(value, branch);
    expect(run.trace[0]).toMatchObject({ verb: 'branch', branch: edge, next, note: `segment = ${JSON.stringify(value)}` });
  });

  it('branches on a variable set earlier in the call', async () => {
    const flow = assertValidFlow({
      start: 'mark',
      nodes: { mark: { verb: 'set', values: { tier: 'gold' }, next: 'pick' }, pick: { verb: 'branch', on: 'tier', cases: { gold: 'vip' }, default: 'fallback' }, vip: ends.vip, fallback: ends.fallback },
    });
    const run = await simulateFlow(flow, { contact: { phone: '+8613800000000' } });
    expect(run.trace[1]).toMatchObject({ branch: 'cases.gold', next: 'vip' });
  });

  it.each([
    [{ when: [{ above: 1, below: 5, next: 'vip' }] }, 'nodes.pick.when[0]', 'exactly one test'],
    [{}, 'nodes.pick', 'a branch needs cases, when or both'],
    [{ cases: { gold: 'vip' }, when: [{ equals: 'gold', next: 'other' }] }, 'nodes.pick.when[0].equals', 'already a case'],
  ])('refuses %j', (branch, path, message) => {
    const doc = { start: 'pick', nodes: { pick: { verb: 'branch', on: 'segment', default: 'fallback', ...branch }, ...ends } };
    const result = () => assertValidFlow(doc);
    expect(result).toThrow(expect.objectContaining({ violations: expect.arrayContaining([{ field: path, message: expect.stringContaining(message) as string }]) as unknown }));
  });
});
