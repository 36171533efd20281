import { describe, expect, it } from 'vitest';
import { CalleeBook, type FarEndStep } from './callee-book.js';
import { parseScenario } from './load-scenario.js';
import type { ScenarioInput } from './scenario-schema.js';

const book = (input: ScenarioInput, seed = 7): CalleeBook => new CalleeBook(parseScenario(input), seed);

describe('CalleeBook › which far-end script answers a number', () => {
  it.each<[string, ScenarioInput['callees'], FarEndStep[]]>([
    ['answer after a delay, then press keys and hang up', [{ match: '1', behaviour: 'answer', ringMs: 2000, dtmf: [{ afterMs: 3000, digits: '1' }], hangupAfterMs: 5000 }],
      [{ do: 'ring' }, { do: 'wait', ms: 2000 }, { do: 'answer' }, { do: 'wait', ms: 3000 }, { do: 'dtmf', digits: '1' }, { do: 'wait', ms: 2000 }, { do: 'hangup', cause: 'NORMAL_CLEARING' }]],
    ['busy: 486', [{ match: '1', behaviour: 'busy' }], [{ do: 'wait', ms: 0 }, { do: 'refuse', status: 486 }]],
    ['no answer rings for ever by default', [{ match: '1', behaviour: 'no-answer' }], [{ do: 'ring' }]],
    ['no answer can give up with 480 and Q.850 19', [{ match: '1', behaviour: 'no-answer', giveUpAfterMs: 30000 }],
      [{ do: 'ring' }, { do: 'wait', ms: 30000 }, { do: 'refuse', status: 480, q850: 19 }]],
    ['unallocated: 404', [{ match: '1', behaviour: 'unallocated' }], [{ do: 'wait', ms: 0 }, { do: 'refuse', status: 404 }]],
    ['rejected: 603', [{ match: '1', behaviour: 'rejected' }], [{ do: 'wait', ms: 0 }, { do: 'refuse', status: 603 }]],
    ['network failure: 503', [{ match: '1', behaviour: 'network-failure' }], [{ do: 'wait', ms: 0 }, { do: 'refuse', status: 503 }]],
    ['early media: 183 then 404', [{ match: '1', behaviour: 'early-media' }], [{ do: 'wait', ms: 0 }, { do: 'progress' }, { do: 'wait', ms: 1500 }, { do: 'refuse', status: 404 }]],
    ['hang up mid-message', [{ match: '1', behaviour: 'hangup-mid-message', hangupAfterMs: 1200 }],
      [{ do: 'ring' }, { do: 'wait', ms: 1500 }, { do: 'answer' }, { do: 'wait', ms: 1200 }, { do: 'hangup', cause: 'NORMAL_CLEARING' }]],
    ['answering machine: answers late, listens long', [{ match: '1', behaviour: 'answering-machine' }],
      [{ do: 'ring' }, { do: 'wait', ms: 4000 }, { do: 'answer' }, { do: 'wait', ms: 30000 }, { do: 'hangup', cause: 'NORMAL_CLEARING' }]],
  ])('%s', (_name, callees, steps) => {
    expect(book({ callees }).planFor('1')).toEqual(steps);
  });

  it.each([
    ['an exact number', '15551234', true],
    ['a prefix', '1555*', true],
    ['a regular expression', '/^1555\\d{4}$/', true],
    ['a list', ['999', '15551234'], true],
    ['another number', '1666*', false],
  ])('%s matches or not', (_name, match, matches) => {
    const steps = book({ callees: [{ match, behaviour: 'busy' }], otherwise: { behaviour: 'rejected' } }).planFor('15551234');
    expect(steps.at(-1)).toEqual({ do: 'refuse', status: matches ? 486 : 603 });
  });

  it('calls › the nth call to a number takes the nth behaviour, and the last one repeats', () => {
    const callees = book({ callees: [{ match: '1', calls: [{ behaviour: 'busy' }, { behaviour: 'no-answer' }, { behaviour: 'answer', ringMs: 500 }] }] });
    const last = (steps: FarEndStep[]) => steps.at(-1);
    expect(last(callees.planFor('1'))).toEqual({ do: 'refuse', status: 486 });
    expect(last(callees.planFor('1'))).toEqual({ do: 'ring' });
    expect(last(callees.planFor('1'))).toEqual({ do: 'answer' });
    expect(last(callees.planFor('1'))).toEqual({ do: 'answer' });
  });

  it('calls › an entry giving two of behaviour, mix and calls is refused', () => {
    expect(() => book({ callees: [{ match: '1', behaviour: 'busy', calls: [{ behaviour: 'answer' }] }] })).toThrow('give exactly one of behaviour, mix or calls');
  });

  it('the first matching entry wins', () => {
    const steps = book({ callees: [{ match: '1*', behaviour: 'busy' }, { match: '12*', behaviour: 'rejected' }] }).planFor('123');
    expect(steps.at(-1)).toEqual({ do: 'refuse', status: 486 });
  });

  it('ranges and mixes are the same for the same seed, number and attempt, whatever else was dialled between', () => {
    const input: ScenarioInput = {
      callees: [{ match: '*', mix: [{ behaviour: 'busy', weight: 1 }, { behaviour: 'answer', weight: 1, ringMs: [100, 9000] }] }],
    };
    const a = book(input, 42);
    const b = book(input, 42);
    b.planFor('other-1');
    b.planFor('other-2');
    expect([a.planFor('5551'), a.planFor('5551')]).toEqual([b.planFor('5551'), b.planFor('5551')]);
  });

  it('a mix follows its weights over many numbers', () => {
    const callees = book({ callees: [{ match: '*', mix: [{ behaviour: 'busy', weight: 3 }, { behaviour: 'rejected', weight: 1 }] }] });
    const busy = Array.from({ length: 2000 }, (_, i) => callees.planFor(String(i))).filter((steps) => steps.at(-1)?.do === 'refuse' && (steps.at(-1) as { status: number }).status === 486).length;
    expect(busy / 2000).toBeGreaterThan(0.7);
    expect(busy / 2000).toBeLessThan(0.8);
  });

  it('another seed makes other choices', () => {
    const input: ScenarioInput = { callees: [{ match: '*', behaviour: 'answer', ringMs: [0, 1_000_000] }] };
    const plans = (seed: number) => Array.from({ length: 5 }, (_, i) => book(input, seed).planFor(String(i)));
    expect(plans(1)).not.toEqual(plans(2));
  });
});
