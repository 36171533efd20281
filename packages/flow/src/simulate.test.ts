import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { classicNoticeFlow } from './classic-notice.js';
import { parseFlowDocument } from './parse-document.js';
import { Callee, type CalleeStep } from './scripted-port.js';
import { parseSimulationScript, simulateFlow } from './simulate.js';
import { assertValidFlow, validateFlow } from './validate.js';

const contact = { phone: '+8613800000000', name: 'Li Lei', amount: '120.50' };
const notice = assertValidFlow(classicNoticeFlow({ text: 'Dear {name}, your bill of {amount} is due.' }), { contactFields: ['amount'] });

describe('the classic notice, simulated', () => {
  it.each<[string, CalleeStep[], string, string]>([
    ['# confirms', [Callee.dtmf('#')], 'confirmed', 'notice ask thanks confirmed'],
    ['1 repeats the notice, then # confirms', [Callee.dtmf('1'), Callee.dtmf('#')], 'confirmed', 'notice ask notice ask thanks confirmed'],
    ['silence three times is no_response', [Callee.silence(), Callee.silence(), Callee.silence()], 'no_response', 'notice ask notice ask notice ask notice no-response'],
    ['2 refuses', [Callee.dtmf('2')], 'refused', 'notice ask refused'],
    ['a wrong key apologises and repeats', [Callee.dtmf('7'), Callee.dtmf('#')], 'confirmed', 'notice ask wrong-key notice ask thanks confirmed'],
    ['1 three times runs out of repeats', [Callee.dtmf('1'), Callee.dtmf('1'), Callee.dtmf('1')], 'no_response', 'notice ask notice ask notice ask notice no-response'],
  ])('%s', async (_case, callee, mark, path) => {
    const sim = await simulateFlow(notice, { contact, callee });
    expect(sim).toMatchObject({ reason: 'completed', mark, unusedCalleeSteps: 0 });
    expect(sim.trace.map((s) => s.nodeId).join(' ')).toBe(path);
  });

  it('speaks the notice with the contact filled in', async () => {
    const sim = await simulateFlow(notice, { contact, callee: [Callee.dtmf('#')] });
    expect(sim.trace[0]).toMatchObject({ nodeId: 'notice', verb: 'say', text: 'Dear Li Lei, your bill of 120.50 is due.' });
    expect(sim.trace[1]).toMatchObject({ nodeId: 'ask', digits: '#', branch: 'next.digits["#"]', set: { answer: '#' } });
  });

  it('a callee who hangs up during the notice ends it without a mark', async () => {
    const sim = await simulateFlow(notice, { contact, callee: [Callee.hangup(1_000)] });
    expect(sim).toMatchObject({ reason: 'hangup_by_callee', mark: null, elapsedMs: 1_000 });
  });

  it('is deterministic: the same script gives the same trace and timings', async () => {
    const callee = [Callee.dtmf('1', { afterMs: 1_200 }), Callee.silence(), Callee.dtmf('#', { afterMs: 300 })];
    const [a, b] = await Promise.all([simulateFlow(notice, { contact, callee }), simulateFlow(notice, { contact, callee })]);
    expect(a).toEqual(b);
    expect(a.elapsedMs).toBe(b.elapsedMs);
  });

  it('counts callee steps the flow never used', async () => {
    const sim = await simulateFlow(notice, { contact, callee: [Callee.dtmf('#'), Callee.dtmf('1')] });
    expect(sim.unusedCalleeSteps).toBe(1);
  });

  it('stops at maxSteps', async () => {
    const sim = await simulateFlow(notice, { contact, callee: [Callee.dtmf('1')], maxSteps: 3 });
    expect(sim).toMatchObject({ reason: 'max_steps', mark: null });
  });

  it('runs the same from YAML text as from the document', async () => {
    const parsed = parseFlowDocument(stringify(classicNoticeFlow()));
    const validation = parsed.ok ? validateFlow(parsed.document, { contactFields: [] }) : undefined;
    expect(validation?.ok).toBe(true);
    if (validation?.ok !== true) return;
    const sim = await simulateFlow(validation.flow, { contact, callee: [Callee.dtmf('#')] });
    expect(sim.mark).toBe('confirmed');
  });
});

describe('parseSimulationScript', () => {
  it('reads a script as an operator writes it, durations with units', () => {
    const parsed = parseFlowDocument(
      [
        'contact: { phone: "+8613800000000", name: Li Lei, amount: 120.5 }',
        'callee:',
        '  - dtmf: "1"',
        '    after: 2s',
        '  - silence: true',
        '  - dtmf: "1234#"',
        '    gap: 300ms',
        '  - speak: 5s',
        '  - hangup: true',
        '    after: 1s',
        'webhooks:',
        '  lookup:',
        '    - status: 200',
        '      body: { balance: 12 }',
        '      delay: 250ms',
        '    - timeout: true',
        '    - error: connection refused',
        'transfers:',
        '  agent:',
        '    - outcome: no_agent',
        '      after: 20s',
        'maxSteps: 50',
      ].join('\n'),
    );
    expect(parsed.ok && parseSimulationScript(parsed.document)).toEqual({
      ok: true,
      script: {
        contact: { phone: '+8613800000000', name: 'Li Lei', amount: '120.5' },
        callee: [
          { kind: 'dtmf', keys: '1', afterMs: 2_000, gapMs: 0 },
          { kind: 'silence' },
          { kind: 'dtmf', keys: '1234#', afterMs: 0, gapMs: 300 },
          { kind: 'speak', durationMs: 5_000 },
          { kind: 'hangup', afterMs: 1_000 },
        ],
        webhooks: { lookup: [{ kind: 'reply', status: 200, body: { balance: 12 }, delayMs: 250 }, { kind: 'timeout' }, { kind: 'error', message: 'connection refused' }] },
        transfers: { agent: [{ outcome: 'no_agent', afterMs: 20_000 }] },
        maxSteps: 50,
      },
    });
  });

  it.each([
    [{}, 'contact', 'is required'],
    [{ contact: {}, callee: [{ dtmf: '1', silence: true }] }, 'callee[0]', 'exactly one of dtmf, silence, speak or hangup'],
    [{ contact: {}, callee: [{ dtmf: 'x' }] }, 'callee[0].dtmf', 'keys 0-9'],
    [{ contact: {}, callee: [{ dtmf: '1', after: 2 }] }, 'callee[0].after', 'must have a unit'],
    [{ contact: {}, callee: [{ silence: true, wait: '1s' }] }, 'callee[0].wait', 'unknown field'],
    [{ contact: {}, transfers: { agent: [{ outcome: 'maybe' }] } }, 'transfers.agent[0].outcome', 'must be bridged'],
  ])('refuses %j', (script, path, message) => {
    const result = parseSimulationScript(script);
    expect(result.ok ? [] : result.problems).toContainEqual(expect.objectContaining({ path, message: expect.stringContaining(message) as string }));
  });
});
