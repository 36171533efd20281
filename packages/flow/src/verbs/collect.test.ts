import { describe, expect, it } from 'vitest';
import { Callee, type CalleeStep } from '../scripted-port.js';
import { simulateFlow } from '../simulate.js';
import { assertValidFlow } from '../validate.js';

const ends = { yes: { verb: 'hangup', result: 'confirmed' }, no: { verb: 'hangup', result: 'refused' }, silent: { verb: 'hangup', result: 'no_response' }, wrong: { verb: 'hangup', result: 'completed' } };
const flowWith = (collect: Record<string, unknown>) =>
  assertValidFlow({ start: 'ask', nodes: { ask: { verb: 'collect', prompt: { say: 'Press # to confirm' }, next: { digits: { '#': 'yes', '2': 'no' }, noInput: 'silent', invalid: 'wrong' }, ...collect }, ...ends } });
const contact = { phone: '+8613800000000' };
const collectStep = async (collect: Record<string, unknown>, callee: CalleeStep[]) => {
  const run = await simulateFlow(flowWith(collect), { contact, callee });
  return run.trace[0];
};

describe('collect', () => {
  it.each<[string, Record<string, unknown>, CalleeStep[], string, unknown[]]>([
    ['a listed key', {}, [Callee.dtmf('#')], 'next.digits["#"]', [{ outcome: 'valid', digits: '#' }]],
    ['silence on every try', {}, [Callee.silence(), Callee.silence(), Callee.silence()], 'next.noInput', [{ outcome: 'no_input' }, { outcome: 'no_input' }, { outcome: 'no_input' }]],
    ['a wrong key, then silence', {}, [Callee.dtmf('5'), Callee.silence(), Callee.silence()], 'next.invalid', [{ outcome: 'invalid', digits: '5' }, { outcome: 'no_input' }, { outcome: 'no_input' }]],
    ['a wrong key, then a listed one', {}, [Callee.dtmf('5'), Callee.dtmf('2')], 'next.digits["2"]', [{ outcome: 'invalid', digits: '5' }, { outcome: 'valid', digits: '2' }]],
    ['a key pressed after the timeout', {}, [Callee.dtmf('#', { afterMs: 5_000 }), Callee.dtmf('#', { afterMs: 4_999 })], 'next.digits["#"]', [{ outcome: 'no_input' }, { outcome: 'valid', digits: '#' }]],
    ['one try only', { tries: 1 }, [Callee.silence()], 'next.noInput', [{ outcome: 'no_input' }]],
    ['extra keys beyond maxDigits are dropped', {}, [Callee.dtmf('2#')], 'next.digits["2"]', [{ outcome: 'valid', digits: '2' }]],
  ])('%s', async (_case, collect, callee, branch, tries) => {
    expect(await collectStep(collect, callee)).toMatchObject({ branch, tries });
  });

  it('a wrong key with no invalid edge goes to noInput', async () => {
    const flow = assertValidFlow({ start: 'ask', nodes: { ask: { verb: 'collect', tries: 1, next: { digits: { '#': 'yes' }, noInput: 'silent' } }, yes: ends.yes, silent: ends.silent } });
    const run = await simulateFlow(flow, { contact, callee: [Callee.dtmf('5')] });
    expect(run.trace[0]).toMatchObject({ branch: 'next.noInput', tries: [{ outcome: 'invalid', digits: '5' }] });
  });

  describe('multi-digit entries', () => {
    const account = { minDigits: 4, maxDigits: 6, terminators: '#', interDigitTimeout: '2s', valid: '[0-9]+', into: 'account', next: { digits: { '0000': 'no' }, other: 'yes', noInput: 'silent', invalid: 'wrong' } };

    it.each<[string, CalleeStep, string, string | undefined]>([
      ['ended by the terminator, which is not kept', Callee.dtmf('1234#'), 'next.other', '1234'],
      ['ended by maxDigits', Callee.dtmf('12345678'), 'next.other', '123456'],
      ['ended by the inter-digit timeout', Callee.dtmf('12345', { gapMs: 500 }), 'next.other', '12345'],
      ['cut short by a slow typist', Callee.dtmf('12345', { gapMs: 2_000 }), 'next.invalid', undefined],
      ['too short', Callee.dtmf('12#'), 'next.invalid', undefined],
      ['only the terminator', Callee.dtmf('#'), 'next.invalid', undefined],
      ['not matching valid', Callee.dtmf('12*4#'), 'next.invalid', undefined],
    ])('%s', async (_case, step, branch, digits) => {
      const trace = await collectStep({ ...account, tries: 1 }, [step]);
      expect(trace).toMatchObject({ branch });
      expect(trace?.digits).toBe(digits);
      if (digits !== undefined) expect(trace?.set).toEqual({ account: digits });
    });
  });

  it('asks the port one try at a time, with the node settings in milliseconds', async () => {
    const run = await simulateFlow(flowWith({ timeout: '7s', interDigitTimeout: '1500ms', tries: 2 }), { contact, callee: [Callee.silence(), Callee.dtmf('#')] });
    const requests = run.effects.filter((e) => e.effect === 'collect').map((e) => e.request);
    expect(requests).toEqual([1, 2].map((attempt) => ({ nodeId: 'ask', attempt, prompt: { kind: 'say', text: 'Press # to confirm' }, minDigits: 1, maxDigits: 1, terminators: '', timeoutMs: 7_000, interDigitTimeoutMs: 1_500 })));
  });

  it('plays invalidPrompt after a wrong entry and noInputPrompt after silence, before the next try', async () => {
    const run = await simulateFlow(flowWith({ invalidPrompt: { say: 'That key is not valid.' }, noInputPrompt: { play: 'prompts/no-input.wav' } }), {
      contact,
      callee: [Callee.dtmf('5'), Callee.silence(), Callee.dtmf('#')],
    });
    expect(run.effects.map((e) => (e.effect === 'say' ? `say ${e.request.text}` : e.effect === 'play' && e.request.audio.kind === 'file' ? `play ${e.request.audio.file}` : e.effect))).toEqual([
      'collect',
      'say That key is not valid.',
      'collect',
      'play prompts/no-input.wav',
      'collect',
      'hangup',
    ]);
  });

  it('stores the entry in `into` and the variable reaches the result', async () => {
    const run = await simulateFlow(flowWith({ into: 'answer' }), { contact, callee: [Callee.dtmf('2')] });
    expect(run).toMatchObject({ mark: 'refused', variables: { answer: '2' } });
    expect(run.trace[0]?.set).toEqual({ answer: '2' });
  });

  it('a callee who hangs up during the prompt ends the run', async () => {
    const run = await simulateFlow(flowWith({}), { contact, callee: [Callee.hangup(300)] });
    expect(run).toMatchObject({ reason: 'hangup_by_callee', elapsedMs: 300 });
  });

  it('a callee who hangs up while it listens ends the run', async () => {
    const run = await simulateFlow(flowWith({}), { contact, callee: [Callee.silence(), Callee.hangup(1_000)] });
    expect(run.reason).toBe('hangup_by_callee');
    expect(run.trace[0]?.tries).toEqual([{ outcome: 'no_input' }]);
  });
});
