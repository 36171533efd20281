import { describe, expect, it } from 'vitest';
import { classicNoticeFlow } from './classic-notice.js';
import { Callee } from './scripted-port.js';
import { simulateFlow } from './simulate.js';
import { assertValidFlow, validateFlow } from './validate.js';

describe('classicNoticeFlow', () => {
  it('is a valid flow for contacts with only a name and a phone', () => {
    expect(validateFlow(classicNoticeFlow(), { contactFields: [] }).ok).toBe(true);
  });

  it('its notice template is checked against the campaign contact fields', () => {
    const doc = classicNoticeFlow({ text: 'Dear {name}, your exam is on {examDate}.' });
    expect(validateFlow(doc, { contactFields: ['examDate'] }).ok).toBe(true);
    expect(validateFlow(doc, { contactFields: [] })).toMatchObject({ ok: false, problems: [{ path: 'nodes.notice.text', code: 'unknown_field' }] });
  });

  it('takes other keys, a number of tries and a voice', async () => {
    const flow = assertValidFlow(classicNoticeFlow({ confirmKey: '1', repeatKey: '9', refuseKey: '0', tries: 2, language: 'zh-CN', timeout: '8s' }));
    const sim = await simulateFlow(flow, { contact: { phone: '+8613800000000' }, callee: [Callee.dtmf('9'), Callee.dtmf('9')] });
    expect(sim.mark).toBe('no_response');
    expect(sim.effects[1]).toMatchObject({ effect: 'collect', request: { timeoutMs: 8_000, prompt: { kind: 'say', language: 'zh-CN', text: 'Press 1 to confirm, 9 to hear this message again, or 0 to decline.' } } });
  });

  it('refuses one key for two choices', () => {
    expect(() => classicNoticeFlow({ confirmKey: '1', repeatKey: '1' })).toThrow(RangeError);
  });
});
