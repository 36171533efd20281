// The variables mod_sofia (1.10.12) sets on an outbound gateway leg, message by message and in the order the
// k1/k2 captures show them. A variable set again moves to the end of the list, so the order is part of the
// wire format. Sources: sofia_outgoing_channel() (mod_sofia.c), sofia_glue_do_invite() (sofia_glue.c),
// extract_header_vars() / extract_vars() / sofia_handle_sip_r_invite / sofia_handle_sip_i_state / _i_bye
// (sofia.c), switch_core_media_negotiate_sdp() and switch_core_media_set_stats() (switch_core_media.c).
import type { Channel } from '../core/channel.js';

/** What stays fixed for one gateway call: addresses, SIP identifiers and media ports. */
export interface SofiaLeg {
  readonly number: string;
  readonly gateway: string;
  readonly profile: string;
  readonly profileIp: string;
  readonly profilePort: number;
  /** The gateway's proxy, `host` or `host:port`. */
  readonly proxyHost: string;
  readonly proxyPort: number | undefined;
  readonly fromHost: string;
  readonly callerIdNumber: string;
  readonly callerIdName: string;
  readonly userAgent: string;
  readonly localMediaPort: number;
  readonly localSdpId: number;
  readonly remoteMediaPort: number;
  readonly remoteSdpId: number;
  /** The address the far end writes in its SDP o= line (the carrier's own idea of its IP). */
  readonly remoteSdpOriginIp: string;
  readonly fromTag: string;
  readonly toTag: string;
  readonly branch: string;
  readonly cseq: number;
  readonly callId: string;
  readonly ssrc: number;
}

const CRLF = '\r\n';
const SIP_ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, INFO, UPDATE, REGISTER, REFER, NOTIFY';

function proxy(leg: SofiaLeg): string {
  return leg.proxyPort === undefined ? leg.proxyHost : `${leg.proxyHost}:${leg.proxyPort}`;
}

/** sofia_outgoing_channel(): the leg's identity, before the originate {vars} are applied. */
export function setOutgoingVariables(ch: Channel, leg: SofiaLeg, sessionId: number): void {
  ch.setVar('direction', 'outbound');
  ch.setVar('is_outbound', 'true');
  ch.setVar('uuid', ch.uuid);
  ch.setVar('call_uuid', ch.uuid);
  ch.setVar('session_id', sessionId);
  ch.setVar('sip_gateway_name', leg.gateway);
  ch.setVar('sip_local_network_addr', leg.profileIp);
  // Literally "gateway": the gateway code path overwrites the profile name (G3 in the captures' README).
  ch.setVar('sip_profile_name', 'gateway');
  ch.setVar('video_media_flow', 'disabled');
  ch.setVar('text_media_flow', 'disabled');
  ch.setVar('channel_name', ch.name);
  ch.setVar('sip_destination_url', `sip:${leg.number}@${proxy(leg)}`);
}

/** switch_ivr_originate(): after the {vars}, how early media is treated and which endpoint was used. */
export function setOriginateVariables(ch: Channel): void {
  ch.setVar('originate_early_media', 'false');
  ch.setVar('originate_endpoint', 'sofia');
}

/** sofia_glue_do_invite(): the offer and the addresses of the INVITE. */
export function setInviteVariables(ch: Channel, leg: SofiaLeg): void {
  ch.setVar('rtp_use_codec_string', 'PCMU,PCMA');
  ch.setVar('local_media_ip', leg.profileIp);
  ch.setVar('local_media_port', leg.localMediaPort);
  ch.setVar('advertised_media_ip', leg.profileIp);
  ch.setVar('audio_media_flow', 'sendrecv');
  ch.setVar('rtp_local_sdp_str', localSdp(leg));
  ch.setVar('sip_outgoing_contact_uri', `<sip:gw+${leg.gateway}@${leg.profileIp}:${leg.profilePort};transport=udp;gw=${leg.gateway}>`);
  ch.setVar('sip_req_uri', `${leg.number}@${proxy(leg)}`);
  ch.setVar('sip_to_host', proxy(leg));
  ch.setVar('sip_from_host', leg.fromHost);
  ch.setVar('sofia_profile_name', leg.profile);
  ch.setVar('recovery_profile_name', leg.profile);
  ch.setVar('sofia_profile_url', `sip:mod_sofia@${leg.profileIp}:${leg.profilePort}`);
}

/** Where the response came from (sofia_handle_sip_r_invite / sofia_event_callback). */
function setReplyAddress(ch: Channel, leg: SofiaLeg): void {
  ch.setVar('sip_local_network_addr', leg.profileIp);
  ch.setVar('sip_reply_host', leg.proxyHost);
  ch.setVar('sip_reply_port', leg.proxyPort ?? 5060);
  ch.setVar('sip_network_ip', leg.proxyHost);
  ch.setVar('sip_network_port', leg.proxyPort ?? 5060);
}

/**
 * The first provisional or 2xx response with a dialog: extract_header_vars() (contact, via, from, to) and
 * extract_vars() (from/to/contact URL parts, tags, cseq, call-id). A 183 with SDP records the codec first.
 */
export function setDialogVariables(ch: Channel, leg: SofiaLeg, withEarlySdp = false): void {
  setReplyAddress(ch, leg);
  if (withEarlySdp) ch.setVar('ep_codec_string', 'CORE_PCM_MODULE.PCMU@8000h@20i@64000b');
  ch.setVar('sip_user_agent', leg.userAgent);
  ch.setVar('sip_allow', SIP_ALLOW);
  ch.setVar('sip_recover_contact', `<sip:${leg.number}@${proxy(leg)};transport=udp>`);
  const via = `SIP/2.0/UDP ${leg.profileIp};rport=${leg.profilePort};branch=${leg.branch}`;
  ch.setVar('sip_full_via', via);
  ch.setVar('sip_recover_via', via);
  if (leg.callerIdName !== '') ch.setVar('sip_from_display', leg.callerIdName);
  const fromDisplay = leg.callerIdName === '' ? '' : `"${leg.callerIdName}" `;
  ch.setVar('sip_full_from', `${fromDisplay}<sip:${leg.callerIdNumber}@${leg.fromHost}>;tag=${leg.fromTag}`);
  ch.setVar('sip_full_to', `<sip:${leg.number}@${proxy(leg)}>;tag=${leg.toTag}`);
  // url_set_chanvars(): params, user, port (deleted when absent), uri, host.
  ch.setVar('sip_from_user', leg.callerIdNumber);
  ch.setVar('sip_from_port', undefined);
  ch.setVar('sip_from_uri', `${leg.callerIdNumber}@${leg.fromHost}`);
  ch.setVar('sip_from_host', leg.fromHost);
  ch.setVar('sip_to_user', leg.number);
  ch.setVar('sip_to_port', leg.proxyPort);
  ch.setVar('sip_to_uri', `${leg.number}@${proxy(leg)}`);
  ch.setVar('sip_to_host', leg.proxyHost);
  ch.setVar('sip_contact_params', 'transport=udp');
  ch.setVar('sip_contact_user', leg.number);
  ch.setVar('sip_contact_port', leg.proxyPort);
  ch.setVar('sip_contact_uri', `${leg.number}@${proxy(leg)}`);
  ch.setVar('sip_contact_host', leg.proxyHost);
  ch.setVar('sip_to_tag', leg.toTag);
  ch.setVar('sip_from_tag', leg.fromTag);
  ch.setVar('sip_cseq', leg.cseq);
  ch.setVar('sip_call_id', leg.callId);
}

/** The SDP answer arrived (200 OK, or 183 with SDP): switch_r_sdp, then for a 183 the early disposition. */
export function setRemoteSdp(ch: Channel, leg: SofiaLeg): void {
  ch.setVar('switch_r_sdp', remoteSdp(leg));
}

/** switch_core_media_negotiate_sdp() + switch_core_media_activate_rtp(): the negotiated media. */
export function setNegotiatedMedia(ch: Channel, leg: SofiaLeg, early: boolean): void {
  ch.setVar('ep_codec_string', 'CORE_PCM_MODULE.PCMU@8000h@20i@64000b');
  ch.setVar('rtp_use_codec_string', 'PCMU,PCMA');
  ch.setVar('remote_video_media_flow', 'inactive');
  ch.setVar('remote_text_media_flow', 'inactive');
  ch.setVar('remote_audio_media_flow', 'sendrecv');
  if (early) ch.setVar('audio_media_flow', 'sendrecv');
  ch.setVar('rtp_audio_recv_pt', '0');
  ch.setVar('rtp_use_codec_name', 'PCMU');
  ch.setVar('rtp_use_codec_rate', '8000');
  ch.setVar('rtp_use_codec_ptime', '20');
  ch.setVar('rtp_use_codec_channels', '1');
  ch.setVar('rtp_last_audio_codec_string', 'PCMU@8000h@20i@1c');
  ch.setVar('read_codec', 'PCMU');
  ch.setVar('original_read_codec', 'PCMU');
  ch.setVar('read_rate', '8000');
  ch.setVar('original_read_rate', '8000');
  ch.setVar('write_codec', 'PCMU');
  ch.setVar('write_rate', '8000');
  ch.setVar('dtmf_type', 'rfc2833');
  ch.setVar('local_media_ip', leg.profileIp);
  ch.setVar('local_media_port', leg.localMediaPort);
  ch.setVar('advertised_media_ip', leg.profileIp);
  ch.setVar('rtp_use_timer_name', 'soft');
  ch.setVar('rtp_use_pt', '0');
  ch.setVar('rtp_use_ssrc', leg.ssrc);
  ch.setVar('rtp_2833_send_payload', '101');
  ch.setVar('rtp_2833_recv_payload', '101');
  ch.setVar('remote_media_ip', leg.proxyHost);
  ch.setVar('remote_media_port', leg.remoteMediaPort);
}

/** sofia_handle_sip_r_invite() for a final failure, then the terminated call state (sofia_handle_sip_i_state). */
export function setRefusalVariables(
  ch: Channel,
  leg: SofiaLeg,
  refusal: { status: number; phrase: string; cause: number },
  hadDialog: boolean,
): void {
  if (!hadDialog) ch.setVar('sip_call_id', leg.callId);
  setReplyAddress(ch, leg);
  ch.setVar('sip_hangup_disposition', 'recv_refuse');
  ch.setVar('sip_invite_failure_status', refusal.status);
  ch.setVar('sip_invite_failure_phrase', refusal.phrase);
  ch.setVar('sip_term_status', refusal.status);
  ch.setVar('proto_specific_hangup_cause', `sip:${refusal.status}`);
  ch.setVar('sip_term_cause', refusal.cause);
}

/** sofia_handle_sip_i_bye(): the far end hung up an answered call; its Reason header gives the cause. */
export function setByeVariables(ch: Channel, cause: number, causeText: string): void {
  ch.setVar('sip_reason', `Q.850;cause=${cause};text="${causeText}"`);
  ch.setVar('sip_term_status', '200');
  ch.setVar('proto_specific_hangup_cause', 'sip:200');
  ch.setVar('sip_term_cause', cause);
}

/** After switch_channel_hangup() in sofia_handle_sip_i_bye(): the BYE's User-Agent and the disposition. */
export function setByeReceivedVariables(ch: Channel, leg: SofiaLeg): void {
  ch.setVar('sip_user_agent', leg.userAgent);
  ch.setVar('sip_hangup_disposition', 'recv_bye');
}

/** sofia_on_hangup() (mod_sofia.c): we ended the call, with a BYE once answered, else with a CANCEL. */
export function setLocalHangupVariables(ch: Channel, answered: boolean): void {
  if (answered) {
    ch.setVar('sip_hangup_disposition', 'send_bye');
    return;
  }
  ch.setVar('sip_hangup_disposition', 'send_cancel');
  ch.setVar('sip_invite_failure_status', '487');
  ch.setVar('sip_invite_failure_phrase', 'CANCEL');
}

/** switch_core_media_set_stats(): RTP counters once media flowed, 50 packets a second of PCMU. */
export function setRtpStats(ch: Channel, mediaMs: number, dtmfPackets: number): void {
  const packets = Math.max(0, Math.floor(mediaMs / 20));
  const stats: Array<[string, string | number]> = [
    ['rtp_audio_in_raw_bytes', packets * 172], ['rtp_audio_in_media_bytes', packets * 172],
    ['rtp_audio_in_packet_count', packets], ['rtp_audio_in_media_packet_count', packets],
    ['rtp_audio_in_skip_packet_count', 0], ['rtp_audio_in_jitter_packet_count', 0],
    ['rtp_audio_in_dtmf_packet_count', dtmfPackets], ['rtp_audio_in_cng_packet_count', 0],
    ['rtp_audio_in_flush_packet_count', 0], ['rtp_audio_in_largest_jb_size', 0],
    ['rtp_audio_in_jitter_min_variance', '0.00'], ['rtp_audio_in_jitter_max_variance', '0.00'],
    ['rtp_audio_in_jitter_loss_rate', '0.00'], ['rtp_audio_in_jitter_burst_rate', '0.00'],
    ['rtp_audio_in_mean_interval', packets > 0 ? '20.00' : '0.00'], ['rtp_audio_in_flaw_total', 0],
    ['rtp_audio_in_quality_percentage', '100.00'], ['rtp_audio_in_mos', '4.50'],
    ['rtp_audio_out_raw_bytes', packets * 172], ['rtp_audio_out_media_bytes', packets * 172],
    ['rtp_audio_out_packet_count', packets], ['rtp_audio_out_media_packet_count', packets],
    ['rtp_audio_out_skip_packet_count', 0], ['rtp_audio_out_dtmf_packet_count', 0],
    ['rtp_audio_out_cng_packet_count', 0], ['rtp_audio_rtcp_packet_count', 0], ['rtp_audio_rtcp_octet_count', 0],
  ];
  for (const [name, value] of stats) ch.setVar(name, value);
}

function localSdp(leg: SofiaLeg): string {
  return [
    'v=0', `o=FreeSWITCH ${leg.localSdpId} ${leg.localSdpId + 1} IN IP4 ${leg.profileIp}`, 's=FreeSWITCH',
    `c=IN IP4 ${leg.profileIp}`, 't=0 0', `m=audio ${leg.localMediaPort} RTP/AVP 0 8 101`, 'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=ptime:20', 'a=sendrecv', '',
  ].join(CRLF);
}

function remoteSdp(leg: SofiaLeg): string {
  return [
    'v=0', `o=FreeSWITCH ${leg.remoteSdpId} ${leg.remoteSdpId + 1} IN IP4 ${leg.remoteSdpOriginIp}`, 's=FreeSWITCH',
    `c=IN IP4 ${leg.proxyHost}`, 't=0 0', `m=audio ${leg.remoteMediaPort} RTP/AVP 0 101`, 'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=ptime:20', '',
  ].join(CRLF);
}
