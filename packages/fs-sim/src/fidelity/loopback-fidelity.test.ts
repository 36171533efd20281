import { describe, expect, it } from 'vitest';
import type { WireFrame } from './frame-splitter.js';
import { runTranslatedCapture } from './translated-capture.js';

/**
 * b was recorded before the `callees` gateway existed, and its loopback call had two legs: `sofia status` gains
 * the gateway row and the live channel count is the A leg alone.
 */
function asWithOneGatewayLeg(frame: WireFrame): WireFrame {
  if (frame.body.includes('RUNNING (0)\n')) {
    const gatewayRow = `${'internal::callees'.padStart(25)}\tgateway\t  ${'sip:ringpace@127.0.0.1:5080'.padStart(40)}\tNOREG\n`;
    return { headers: frame.headers, body: frame.body.replace('RUNNING (0)\n', `RUNNING (0)\n${gatewayRow}`) };
  }
  if (frame.body === '\n2 total.\n') return { headers: frame.headers, body: '\n1 total.\n' };
  return frame;
}

describe('fidelity › loopback captures, dialled through a gateway (replies and job results in full, A-leg events by skeleton)', () => {
  it('e › originate failures: error/<cause>, refusals, timeouts, unknown endpoint, usage, abandon', async () => {
    const run = await runTranslatedCapture('e_originate_failures');
    expect(run.simulated).toEqual(run.captured);
  });

  it.each([
    ['c3_myevents_uuid_plain', 'myevents <uuid>: the channel hangs up, CHANNEL_HANGUP, then the disconnect notice'],
    ['c4_myevents_uuid_json', 'myevents <uuid> json still delivers plain events'],
    ['c6_myevents_linger', 'linger: a linger notice, the rest of the channel events but no DESTROY, bye'],
  ])('%s › %s', async (name) => {
    const run = await runTranslatedCapture(name);
    expect(run.simulated).toEqual(run.captured);
  });
});

describe('fidelity › api replies and subscriptions from loopback captures, dialled through a gateway', () => {
  it('b › api replies: version, status, show, sofia status, module_exists, unknown commands, uuid_* on no channel', async () => {
    const run = await runTranslatedCapture('b_api_commands', { adjustCaptured: asWithOneGatewayLeg });
    expect(run.simulated).toEqual(run.captured);
  });

  it('c1 › event format switches, bogus formats, noevents, filters added and deleted, nixevent', async () => {
    const run = await runTranslatedCapture('c1_event_subscription_commands');
    expect(run.simulated).toEqual(run.captured);
  });

  it('c5 › myevents with an unknown uuid: -ERR invalid uuid with a format, all channels without one', async () => {
    // CHANNEL_UUID is how a loopback leg takes its origination_uuid; a gateway leg has it from the start (G1).
    const run = await runTranslatedCapture('c5_myevents_unknown_uuid_quirk', { dropEvents: ['CHANNEL_UUID'] });
    expect(run.simulated).toEqual(run.captured);
  });

  it('h › caller-chosen Job-UUID, pipelined commands, uuid_getvar/setvar/dump, sendevent, hupall', async () => {
    const run = await runTranslatedCapture('h_controller_misc', { dropEvents: ['HEARTBEAT', 'RE_SCHEDULE'] });
    expect(run.simulated).toEqual(run.captured);
  });
});

/**
 * In f the callee's keys are pressed with `uuid_send_dtmf <B leg>`; a gateway call has no B leg here, so the
 * same keys reach the A leg through `fs_sim dtmf <A leg>`, whose reply stands in for uuid_send_dtmf's.
 */
const F_A_LEG = 'a114261e-d142-4029-97c6-b43898aa762f';
const F_B_LEG = '5a2c2651-7e32-4889-bc3d-4e1685da3d17';

describe('fidelity › call control with sendmsg and uuid_* (f), dialled through a gateway', () => {
  it('f › playback, play_and_get_digits, read, uuid_record, uuid_break, uuid_transfer, uuid_bridge, sendmsg hangup', async () => {
    const run = await runTranslatedCapture('f_sendmsg_call_control', {
      // Commands land mid-prompt here (uuid_break, keys during play_and_get_digits): at 5x, a stall of the
      // test process under load moves simulated time a quarter as far as at the default 20x.
      speed: 5,
      rewrite: (data) => Buffer.from(data.toString('utf8').replace(`api uuid_send_dtmf ${F_B_LEG}`, `api fs_sim dtmf ${F_A_LEG}`), 'utf8'),
      adjustCaptured: (frame) =>
        frame.body.startsWith(`+OK ${F_B_LEG} sent DTMF`) ? { headers: [['Content-Type', 'api/response'], ['Content-Length', '4']], body: '+OK\n' } : frame,
    });
    expect(run.simulated).toEqual(run.captured);
  });
});

describe('fidelity › a whole call with `event ... ALL` (d1 plain, d2 json), dialled through a gateway', () => {
  // CHANNEL_UUID renames a loopback leg and its CODEC events belong to the loopback media path; a gateway leg has
  // neither. The HEARTBEAT at the end of the recording depends on the recording switch's uptime.
  const dropEvents = ['CHANNEL_UUID', 'CODEC', 'HEARTBEAT', 'RE_SCHEDULE'];
  it.each(['d1_bgapi_originate_answer_play_plain_ALL', 'd2_bgapi_originate_answer_play_json_ALL'])(
    '%s › API, BACKGROUND_JOB and every A-leg event from OUTGOING to DESTROY, playback included',
    async (name) => {
      const run = await runTranslatedCapture(name, { dropEvents });
      expect(run.simulated).toEqual(run.captured);
    },
  );
});
