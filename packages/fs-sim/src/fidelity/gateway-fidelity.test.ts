import { describe, expect, it } from 'vitest';
import type { WireFrame } from './frame-splitter.js';
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

/**
 * G4 of the captures' README: the recording switch also ran the called phones (`sofia/callees/...` inbound
 * legs), so its `show channels` listed 4 rows for 2 calls. Behind a real carrier — and in fs-sim — the far end
 * is elsewhere: those rows are taken out of the recording before comparing.
 */
function withoutCalleeLegs(frame: WireFrame): WireFrame {
  if (frame.body.startsWith('{"row_count":')) {
    const parsed = JSON.parse(frame.body) as { row_count: number; rows?: Array<Record<string, string>> };
    if (parsed.rows === undefined) return frame;
    const rows = parsed.rows.filter((row) => !(row.name ?? '').startsWith('sofia/callees/'));
    const body = rows.length === 0 ? '{"row_count": 0}\n' : JSON.stringify({ row_count: rows.length, rows });
    return { headers: frame.headers, body };
  }
  if (frame.body === '\n4 total.\n') return { headers: frame.headers, body: '\n2 total.\n' };
  return frame;
}

describe('fidelity › show channels during gateway calls', () => {
  it('k4 › show channels/calls as json and count, hupall by variable, uuid_kill', async () => {
    // Two calls in flight at once: real time, so that scaling does not magnify the 4 ms between the originates.
    const { captured, simulated } = await runCapture('k4_show_channels_during_gateway_calls', { adjustCaptured: withoutCalleeLegs, speed: 1 });
    expect(simulated).toEqual(captured);
  });
});
