// Two channels joined: uuid_bridge (switch_ivr_uuid_bridge + uuid_bridge_on_soft_execute and
// switch_ivr_multi_threaded_bridge, src/switch_ivr_bridge.c) and the bridge application (a B leg placed
// through the originate). Audio is not simulated; CHANNEL_EXECUTE uuid_bridge, CHANNEL_BRIDGE /
// CHANNEL_UNBRIDGE and the hangup of the surviving leg are, in the order the f capture shows.
import { Site } from '../core/calling-site.js';
import type { CallingSite } from '../core/calling-site.js';
import { ChannelState } from '../core/channel-state.js';
import { causeName, causeNumber } from '../core/hangup-cause.js';
import type { Session } from '../core/session.js';
import type { AppFunction } from './app-runner.js';

const SOFT_EXECUTE_ORIGINATOR: CallingSite = { file: 'switch_ivr_bridge.c', func: 'uuid_bridge_on_soft_execute', line: 1236 };
const SOFT_EXECUTE_ORIGINATEE: CallingSite = { file: 'switch_ivr_bridge.c', func: 'uuid_bridge_on_soft_execute', line: 1243 };

/**
 * uuid_bridge on one leg: CS_SOFT_EXECUTE and CHANNEL_EXECUTE uuid_bridge; the originator waits for the other
 * leg to get there, fires CHANNEL_BRIDGE and holds it; the originatee runs the bridge in CS_EXCHANGE_MEDIA.
 * When either side hangs up, the other follows; the originator fires CHANNEL_UNBRIDGE once the other leg is
 * torn down, then lets it go (CHANNEL_DESTROY).
 */
export async function runUuidBridge(session: Session, peer: Session, originator: boolean, start: Promise<void>): Promise<void> {
  const ch = session.channel;
  await Promise.race([start, session.waitHangupNoticed()]);
  if (session.hungUp) return;
  ch.state = ChannelState.SoftExecute;
  session.setRunningState(ChannelState.SoftExecute);
  session.fire('CHANNEL_EXECUTE', originator ? SOFT_EXECUTE_ORIGINATOR : SOFT_EXECUTE_ORIGINATEE, {
    after: [['Application', 'uuid_bridge'], ['Application-Data', peer.channel.uuid]],
  });
  session.bridgeReady = true;
  peer.interrupt();
  if (!originator) {
    ch.state = ChannelState.ExchangeMedia;
    session.setRunningState(ChannelState.ExchangeMedia);
    await joinPeer(session, peer);
    if (!ch.isDown) session.hangup(peer.channel.hangupCause ?? causeNumber('NORMAL_CLEARING'), 0);
    return;
  }
  while (!peer.bridgeReady && !session.hungUp && !peer.channel.isDown) await session.waitForInput(Number.POSITIVE_INFINITY);
  await originate(session, peer);
}

async function originate(session: Session, peer: Session): Promise<void> {
  const ch = session.channel;
  peer.hold();
  ch.profile.times.bridged = session.core.nowMicros();
  ch.setVar('bridge_to', peer.channel.uuid);
  session.fire('CHANNEL_BRIDGE', Site.bridge, {
    before: [['Bridge-A-Unique-ID', ch.uuid], ['Bridge-B-Unique-ID', peer.channel.uuid]],
  });
  await joinPeer(session, peer);
  if (!peer.channel.isDown) peer.hangup(ch.hangupCause ?? causeNumber('NORMAL_CLEARING'), 0);
  await peer.whenTornDown();
  ch.setVar('bridge_hangup_cause', causeName(peer.channel.hangupCause ?? causeNumber('NORMAL_CLEARING')));
  ch.setVar('bridge_to', undefined);
  session.fire('CHANNEL_UNBRIDGE', Site.unbridge, {
    before: [['Bridge-A-Unique-ID', ch.uuid], ['Bridge-B-Unique-ID', peer.channel.uuid]],
  });
  peer.release();
}

/** Both legs bridged until one of them hangs up. */
async function joinPeer(session: Session, peer: Session): Promise<void> {
  const ch = session.channel;
  session.bridgedTo = peer;
  ch.setVar('bridge_channel', peer.channel.name);
  ch.setVar('bridge_uuid', peer.channel.uuid);
  ch.setVar('signal_bond', peer.channel.uuid);
  const stopWatching = peer.onDown(() => session.interrupt());
  while (!session.hungUp && !peer.channel.isDown) await session.waitForInput(Number.POSITIVE_INFINITY);
  stopWatching();
  session.bridgedTo = undefined;
  ch.setVar('last_bridge_to', peer.channel.uuid);
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
  peer.bridgeReady = true;
  // switch_ivr_multi_threaded_bridge(): `switch_channel_set_state(peer_channel, CS_EXCHANGE_MEDIA)`; the B leg's
  // state machine reports it, and the caller stays in CS_EXECUTE running the bridge.
  peer.channel.state = ChannelState.ExchangeMedia;
  peer.setRunningState(ChannelState.ExchangeMedia);
  await originate(session, peer);
  // switch_ivr_multi_threaded_bridge(), on the way out: an answered bridge with hangup_after_bridge=true
  // hangs the caller up with the B leg's cause instead of going on with its dialplan.
  if (!ch.isDown && peer.channel.answered && isTrue(ch.getVar('hangup_after_bridge'))) {
    session.hangup(peer.channel.hangupCause ?? causeNumber('NORMAL_CLEARING'), 0);
  }
};

/** switch_true(): "true", "yes", "on", "enabled", "active", "allow" or a non-zero number. */
function isTrue(value: string | undefined): boolean {
  if (value === undefined) return false;
  const text = value.trim().toLowerCase();
  return ['true', 'yes', 'on', 'enabled', 'active', 'allow', 't'].includes(text) || (/^\d+$/.test(text) && Number(text) !== 0);
}
