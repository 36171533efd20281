import { describe, expect, it } from 'vitest';
import { runCapture } from './fidelity-harness.js';

describe('fidelity › calls through a sofia gateway, replayed from FreeSWITCH 1.10.12 captures', () => {
  it('k1 › an answered call: every A-leg event with its headers and variables, DTMF into play_and_get_digits, kill', async () => {
    const { captured, simulated } = await runCapture('k1_gateway_answer_dtmf_plain');
    expect(simulated).toEqual(captured);
  });

  it('k2 › refusals, timeout, early media, far-end BYE, abandon and an unknown gateway', async () => {
    const { captured, simulated } = await runCapture('k2_gateway_failures');
    expect(simulated).toEqual(captured);
  });
});
