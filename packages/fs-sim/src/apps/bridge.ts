// Two channels joined: uuid_bridge (switch_ivr_uuid_bridge + uuid_bridge_on_soft_execute, src/switch_ivr_bridge.c)
// and the bridge application (a B leg placed through the originate, then switch_ivr_multi_threaded_bridge).
// Audio is not simulated; CHANNEL_BRIDGE / CHANNEL_UNBRIDGE and hangup propagation are.
import { Site } from '../core/calling-site.js';
import type { CallingSite } from '../core/calling-site.js';
import { ChannelState } from '../core/channel-state.js';
import { causeName, causeNumber } from '../core/hangup-cause.js';
import type { Session } from '../core/session.js';
import type { AppFunction, AppRunner } from './app-runner.js';

const SOFT_EXECUTE_ORIGINATOR: CallingSite = { file: 'switch_ivr_bridge.c', func: 'uuid_bridge_on_soft_execute', line: 1236 };
const SOFT_EXECUTE_ORIGINATEE: CallingSite = { file: 'switch_ivr_bridge.c', func: 'uuid_bridge_on_soft_execute', line: 1243 };

/** uuid_bridge: both legs leave what they run (UNPARK / EXECUTE_COMPLETE), then CS_SOFT_EXECUTE and the bridge. */
export async function runUuidBridge(runner: AppRunner, session: Session, peer: Session, originator: boolean): Promise<void> {
  const ch = session.channel;
  ch.state = ChannelState.SoftExecute;
  session.setRunningState(ChannelState.SoftExecute);
  session.fire('CHANNEL_EXECUTE', originator ? SOFT_EXECUTE_ORIGINATOR : SOFT_EXECUTE_ORIGINATEE, {
    after: [['Application', 'uuid_bridge'], ['Application-Data', peer.channel.uuid]],
  });
  await holdBridge(session, peer, originator);
  void runner;
}

/**
 * switch_ivr_multi_threaded_bridge(): the originator fires CHANNEL_BRIDGE, both wait until either side hangs up,
 * the originator fires CHANNEL_UNBRIDGE; the survivor of a uuid_bridge hangs up with the same cause.
 */
async function holdBridge(session: Session, peer: Session, originator: boolean): Promise<void> {
  const ch = session.channel;
  const nowMicros = session.core.nowMicros();
  ch.profile.times.bridged = nowMicros;
  session.bridgedTo = peer;
  ch.setVar('bridge_channel', peer.channel.name);
  ch.setVar('bridge_uuid', peer.channel.uuid);
  ch.setVar('signal_bond', peer.channel.uuid);
  if (originator) {
    ch.setVar('bridge_to', peer.channel.uuid);
    session.fire('CHANNEL_BRIDGE', Site.bridge, {
      before: [['Bridge-A-Unique-ID', ch.uuid], ['Bridge-B-Unique-ID', peer.channel.uuid]],
    });
  }
  const stopWatching = peer.onDown(() => session.interrupt());
  while (!session.hungUp && !peer.channel.isDown) await session.waitForInput(Number.POSITIVE_INFINITY);
  stopWatching();
  session.bridgedTo = undefined;
  ch.setVar('last_bridge_to', peer.channel.uuid);
  if (originator) {
    ch.setVar('bridge_hangup_cause', causeName(peer.channel.hangupCause ?? ch.hangupCause ?? causeNumber('NORMAL_CLEARING')));
    ch.setVar('bridge_to', undefined);
    session.fire('CHANNEL_UNBRIDGE', Site.unbridge, {
      before: [['Bridge-A-Unique-ID', ch.uuid], ['Bridge-B-Unique-ID', peer.channel.uuid]],
    });
  }
}

/** bridge_function() (mod_dptools.c): dial the B leg; on failure the caller hangs up with its cause. */
export const bridgeApp: AppFunction = async (session, arg, runner) => {
  const ch = session.channel;
  const result = await runner.env.dial(arg ?? '');
  if (!result.ok) {
    result.session?.release();
    ch.setVar('originate_disposition', causeName(result.cause));
    ch.setVar('DIALSTATUS', causeName(result.cause));
    if (ch.getVar('continue_on_fail') !== 'true') session.hangup(result.cause, 0);
    return;
  }
  const peer = result.session;
  peer.release();
  ch.setVar('originate_disposition', 'SUCCESS');
  ch.setVar('DIALSTATUS', 'SUCCESS');
  const peerDone = holdBridge(peer, session, false);
  await holdBridge(session, peer, true);
  if (!peer.channel.isDown) peer.hangup(causeNumber('NORMAL_CLEARING'), 0);
  await peerDone;
  peer.teardown();
};
