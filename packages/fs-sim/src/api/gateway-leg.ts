// Creating the A leg of a gateway call: sofia_outgoing_channel() (mod_sofia.c) and the start of
// switch_core_session_run() (switch_core_state_machine.c), with the events of those first milliseconds:
// CHANNEL_OUTGOING, CHANNEL_STATE(CS_INIT), CHANNEL_CREATE, CHANNEL_ORIGINATE, CHANNEL_STATE(CS_ROUTING),
// CHANNEL_STATE(CS_CONSUME_MEDIA). No CHANNEL_UUID: the origination_uuid is the uuid from the start (G1).
import { emptyTimes } from '../core/caller-profile.js';
import { Site } from '../core/calling-site.js';
import { Channel } from '../core/channel.js';
import { ChannelState } from '../core/channel-state.js';
import { causeNumber } from '../core/hangup-cause.js';
import { Session } from '../core/session.js';
import { SofiaGatewayCall } from '../endpoints/sofia-gateway-call.js';
import * as vars from '../endpoints/sofia-variables.js';
import type { SofiaLeg } from '../endpoints/sofia-variables.js';
import type { LegResult } from './originate.js';
import type { SimContext } from './sim-context.js';

/** SWITCH_DEFAULT_CLID_NUMBER (src/include/switch_types.h). */
const DEFAULT_CLID_NUMBER = '0000000000';

export function startGatewayLeg(ctx: SimContext, destination: string, originateVars: ReadonlyMap<string, string>): LegResult {
  const parts = destination.split('/');
  if (parts[0] !== 'gateway') {
    // A profile plus a SIP URI: fs-sim only models calls through gateways.
    const profileKnown = Object.hasOwn(ctx.profiles, parts[0] ?? '');
    return { ok: false, cause: causeNumber(profileKnown ? 'NORMAL_TEMPORARY_FAILURE' : 'INVALID_PROFILE') };
  }
  if (parts.length < 3 || parts[2] === '') return { ok: false, cause: causeNumber('INVALID_URL') };
  const gateway = ctx.gateways.find(parts[1]!);
  if (!gateway) return { ok: false, cause: causeNumber('INVALID_GATEWAY') };
  const number = parts.slice(2).join('/').split(';')[0]!;

  // switch_core_session_request_uuid(); a refusal leaves sofia_outgoing_channel()'s initial cause.
  const request = ctx.core.requestSession(originateVars.get('origination_uuid'));
  if (!request.ok) return { ok: false, cause: causeNumber('DESTINATION_OUT_OF_ORDER') };

  const core = ctx.core;
  const rng = core.rng;
  const callerIdNumber = originateVars.get('origination_caller_id_number') ?? DEFAULT_CLID_NUMBER;
  const callerIdName = originateVars.get('origination_caller_id_name') ?? '';
  const leg: SofiaLeg = {
    number,
    gateway: gateway.spec.name,
    profile: gateway.profile.name,
    profileIp: gateway.profile.ip,
    profilePort: gateway.profile.port,
    proxyHost: gateway.proxyHost,
    proxyPort: gateway.proxyPort,
    fromHost: gateway.spec.fromHost ?? gateway.profile.ip,
    callerIdNumber,
    callerIdName,
    userAgent: gateway.spec.userAgent,
    localMediaPort: 16384 + 2 * rng.int(0, 8191),
    localSdpId: rng.int(1_700_000_000, 1_899_999_999),
    remoteMediaPort: 16384 + 2 * rng.int(0, 8191),
    remoteSdpId: rng.int(1_700_000_000, 1_899_999_999),
    remoteSdpOriginIp: gateway.spec.sdpOriginIp ?? gateway.proxyHost,
    fromTag: rng.token(13),
    toTag: rng.token(13),
    branch: `z9hG4bK${rng.token(13)}`,
    cseq: rng.int(100_000_000, 199_999_999),
    callId: rng.uuid(),
    ssrc: rng.int(1, 4_294_967_295),
  };

  const nowMs = core.clock.nowMs();
  const createdMicros = nowMs * 1000;
  const name = `sofia/${leg.profile}/${number}`;
  const channel = new Channel(request.uuid, name, 'outbound', {
    direction: 'outbound', logicalDirection: 'outbound', username: '', dialplan: '', callerIdName,
    callerIdNumber, origCallerIdName: callerIdName, origCallerIdNumber: callerIdNumber, calleeIdName: 'Outbound Call',
    calleeIdNumber: number, networkAddr: '', ani: callerIdNumber, aniii: '', destinationNumber: number,
    uuid: request.uuid, source: 'src/switch_ivr_originate.c', transferSource: '', context: 'default', rdnis: '',
    chanName: name, profileIndex: '1', times: emptyTimes(createdMicros),
  }, nowMs);
  const call = new SofiaGatewayCall(leg, gateway, ctx.callees.planFor(number, { atMs: nowMs, uuid: request.uuid, gateway: gateway.spec.name, attemptId: originateVars.get('ringpace_attempt_id') }));
  const session = new Session(core, channel, request.sessionId, call);
  ctx.addSession(session);

  session.fire('CHANNEL_OUTGOING', Site.outgoing);
  vars.setOutgoingVariables(channel, leg, request.sessionId);
  for (const [key, value] of originateVars) channel.setVar(key, value);
  vars.setOriginateVariables(channel);
  session.setRunningState(ChannelState.Init);
  channel.state = ChannelState.Routing;
  vars.setInviteVariables(channel, leg);
  session.fire('CHANNEL_CREATE', Site.create);
  session.fire('CHANNEL_ORIGINATE', Site.originate);
  session.setRunningState(ChannelState.Routing);
  channel.state = ChannelState.ConsumeMedia;
  session.setRunningState(ChannelState.ConsumeMedia);
  call.start(session);
  return { ok: true, session };
}
