// One outbound call through a sofia gateway: the far end (the scenario's callee) plays its script of SIP
// messages, and the A leg reacts to each as mod_sofia does (sofia_handle_sip_r_invite, sofia_handle_sip_i_state,
// sofia_handle_sip_i_bye in sofia.c; sofia_on_hangup in mod_sofia.c). Only the ESL-visible effects are modelled.
import { Site } from '../core/calling-site.js';
import { causeName, causeNumber, isHangupCause } from '../core/hangup-cause.js';
import type { EndpointHooks, Session } from '../core/session.js';
import type { FarEndStep } from '../scenario/callee-book.js';
import type { GatewayRuntime } from './gateway-registry.js';
import { sipReasonPhrase, sipStatusToCause } from './sip-cause.js';
import * as vars from './sofia-variables.js';
import type { SofiaLeg } from './sofia-variables.js';

const PCMU = { name: 'PCMU', rate: 8000, bitRate: 64000 } as const;
/** The far end's RFC 2833 events: 2080 samples each (DTMF-Duration in k1), one every two durations. */
const DTMF_DURATION_SAMPLES = 2080;
const DTMF_DURATION_MS = 260;
const DTMF_PACKETS_PER_DIGIT = 14;

export class SofiaGatewayCall implements EndpointHooks {
  private session: Session | undefined;
  private dialog = false;
  private mediaStartedAtMs: number | undefined;
  private remoteEnded = false;
  private stopped = false;
  private dtmfPackets = 0;
  private readonly cancels: Array<() => void> = [];

  constructor(
    private readonly leg: SofiaLeg,
    private readonly gateway: GatewayRuntime,
    private readonly steps: readonly FarEndStep[],
  ) {}

  /** The INVITE leaves; the far end answers it after the network delay (or refuses it at once if full). */
  start(session: Session): void {
    this.session = session;
    const core = session.core;
    const latency = this.gateway.spec.latencyMs;
    this.gateway.active++;
    const admitted = this.gateway.admit(core.clock.nowMs());
    const script: readonly FarEndStep[] = admitted ? this.steps : [{ do: 'refuse', status: this.gateway.spec.overLimitStatus }];
    let atMs = latency;
    for (const step of script) {
      if (step.do === 'wait') {
        atMs += step.ms;
        continue;
      }
      if (step.do === 'dtmf') {
        [...step.digits].forEach((digit, index) => {
          const arrival = atMs + latency + DTMF_DURATION_MS * (2 * index + 1);
          this.cancels.push(core.timers.after(arrival, () => this.onDtmf(digit)));
        });
        atMs += DTMF_DURATION_MS * 2 * step.digits.length;
        continue;
      }
      const at = atMs + latency;
      this.cancels.push(core.timers.after(at, () => this.deliver(step)));
    }
  }

  private deliver(step: FarEndStep): void {
    const session = this.session;
    if (!session || this.stopped || session.channel.isDown) return;
    switch (step.do) {
      case 'ring':
        return this.onRing(session);
      case 'progress':
        return this.onProgress(session);
      case 'answer':
        return this.onAnswer(session);
      case 'refuse':
        return this.onRefuse(session, step.status, step.q850);
      case 'hangup':
        return this.onBye(session, causeNumber(step.cause));
      case 'wait':
      case 'dtmf':
        return;
    }
  }

  /** 180 Ringing: the dialog's variables, the callee id from the response, CHANNEL_PROGRESS. */
  private onRing(session: Session): void {
    if (session.channel.answered || session.channel.earlyMedia) return;
    this.openDialog(session);
    session.markRingReady();
  }

  /** 183 with SDP: CHANNEL_PROGRESS_MEDIA (even with ignore_early_media=true, k2/1008), then the media. */
  private onProgress(session: Session): void {
    const ch = session.channel;
    if (ch.answered || ch.earlyMedia) return;
    if (!this.dialog) {
      vars.setDialogVariables(ch, this.leg, true);
      this.dialog = true;
      this.updateCallee(session);
    }
    vars.setRemoteSdp(ch, this.leg);
    ch.setVar('endpoint_disposition', 'EARLY MEDIA');
    session.markPreAnswered();
    vars.setNegotiatedMedia(ch, this.leg, true);
    ch.setVar('endpoint_disposition', 'EARLY MEDIA');
    this.startMedia(session);
  }

  /** 200 OK with SDP: the negotiated media and two CODEC events, then CHANNEL_ANSWER. */
  private onAnswer(session: Session): void {
    const ch = session.channel;
    if (ch.answered) return;
    if (!this.dialog) this.openDialog(session);
    if (this.mediaStartedAtMs === undefined) {
      vars.setRemoteSdp(ch, this.leg);
      vars.setNegotiatedMedia(ch, this.leg, false);
      this.startMedia(session);
    }
    session.markAnswered();
  }

  private onRefuse(session: Session, status: number, q850: number | undefined): void {
    const ch = session.channel;
    if (ch.answered) return;
    const cause = q850 ?? sipStatusToCause(status);
    if (!this.dialog) ch.profile.networkAddr = this.leg.proxyHost;
    vars.setRefusalVariables(ch, this.leg, { status, phrase: sipReasonPhrase(status), cause }, this.dialog);
    this.remoteEnded = true;
    this.stop();
    session.hangup(cause, 0);
  }

  /** BYE of an answered call; before the answer the far end can only refuse. */
  private onBye(session: Session, cause: number): void {
    const ch = session.channel;
    if (!ch.answered) {
      this.onRefuse(session, 480, cause);
      return;
    }
    const name = causeName(cause);
    vars.setByeVariables(ch, cause, isHangupCause(name) ? name : 'NORMAL_CLEARING');
    this.remoteEnded = true;
    this.stop();
    session.hangup(cause, 0);
    vars.setByeReceivedVariables(ch, this.leg);
  }

  private onDtmf(digit: string): void {
    const session = this.session;
    if (!session || this.stopped || session.channel.isDown || this.mediaStartedAtMs === undefined) return;
    this.dtmfPackets += DTMF_PACKETS_PER_DIGIT;
    session.queueDtmf({ digit, duration: DTMF_DURATION_SAMPLES, source: 'RTP' });
  }

  private openDialog(session: Session): void {
    vars.setDialogVariables(session.channel, this.leg);
    this.dialog = true;
    this.updateCallee(session);
  }

  // sofia_update_callee_id(): the response's identity becomes the callee, and the far end's address is known.
  private updateCallee(session: Session): void {
    const profile = session.channel.profile;
    profile.calleeIdName = this.leg.number;
    profile.calleeIdNumber = this.leg.number;
    profile.networkAddr = this.leg.proxyHost;
  }

  // switch_core_session_set_real_read_codec() and switch_core_session_set_write_codec() each fire CODEC.
  private startMedia(session: Session): void {
    const ch = session.channel;
    this.mediaStartedAtMs = session.core.clock.nowMs();
    ch.readCodec = PCMU;
    ch.writeCodec = PCMU;
    session.fire('CODEC', Site.realReadCodec, {
      after: [['channel-read-codec-name', PCMU.name], ['channel-read-codec-rate', String(PCMU.rate)], ['channel-read-codec-bit-rate', String(PCMU.bitRate)]],
    });
    session.fire('CODEC', Site.writeCodec, {
      after: [['Channel-Write-Codec-Name', PCMU.name], ['Channel-Write-Codec-Rate', String(PCMU.rate)], ['Channel-Write-codec-bit-rate', String(PCMU.bitRate)]],
    });
  }

  /** The far end stops: we sent BYE or CANCEL, or it ended the call itself. */
  stop(): void {
    this.stopped = true;
    for (const cancel of this.cancels.splice(0)) cancel();
  }

  onHangupState(session: Session): void {
    this.stop();
    const ch = session.channel;
    if (!this.remoteEnded) vars.setLocalHangupVariables(ch, ch.answered);
    if (this.mediaStartedAtMs !== undefined) {
      vars.setRtpStats(ch, session.core.clock.nowMs() - this.mediaStartedAtMs, this.dtmfPackets);
    }
    this.gateway.active = Math.max(0, this.gateway.active - 1);
  }
}
