import { describe, expect, it } from 'vitest';
import { runCapture } from './fidelity-harness.js';

describe('fidelity › the event socket protocol, replayed from FreeSWITCH 1.10.12 captures', () => {
  it.each([
    ['a1_auth_wrong_password', 'a wrong password gets -ERR invalid, the goodbye notice, and the close'],
    ['a2_command_before_auth_then_auth_ok', 'a command before auth gets -ERR command not found and the connection stays'],
    ['a3_idle_before_auth_then_auth_exit', 'three idle seconds before auth do not time out; exit says +OK bye'],
    ['c2_log_linger_exit', 'log levels, log/data frames, nolog, and linger/divert_events without a session'],
  ])('%s › %s', async (name) => {
    const { captured, simulated } = await runCapture(name);
    expect(simulated).toEqual(captured);
  });

  it('i_idle_event_all_heartbeat › HEARTBEAT with RE_SCHEDULE every 20 s, format switches keep the subscription', async () => {
    // The recorded switch had been up 100 s, so its next heartbeat also rescheduled check_ip (every 60 s).
    const { captured, simulated } = await runCapture('i_idle_event_all_heartbeat', { speed: 100, warmUpMs: 40_500 });
    expect(simulated).toEqual(captured);
  });
});
