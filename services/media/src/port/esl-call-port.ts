// The flow interpreter's CallPort over the event socket: each verb is its own module (verbs/*) acting on
// one channel; this class only routes.
import type {
  CallPort, CollectOutcome, CollectRequest, HangupRequest, PlaybackOutcome, PlayRequest, RecordOutcome, RecordRequest,
  SayRequest, TransferOutcome, TransferRequest, WebhookOutcome, WebhookRequest,
} from '@ringpace/flow';
import type { ChannelControl } from './channel-control.js';
import { execCollect } from './verbs/collect.js';
import { execHangup } from './verbs/hangup.js';
import { execPlay } from './verbs/play.js';
import { execRecord } from './verbs/record.js';
import { execSay } from './verbs/say.js';
import { execTransfer } from './verbs/transfer.js';
import { execWebhook } from './verbs/webhook.js';

export class EslCallPort implements CallPort {
  constructor(private readonly channel: ChannelControl) {}

  play(request: PlayRequest, signal: AbortSignal): Promise<PlaybackOutcome> {
    return execPlay(this.channel, request, signal);
  }
  say(request: SayRequest, signal: AbortSignal): Promise<PlaybackOutcome> {
    return execSay(this.channel, request, signal);
  }
  collect(request: CollectRequest, signal: AbortSignal): Promise<CollectOutcome> {
    return execCollect(this.channel, request, signal);
  }
  record(request: RecordRequest, signal: AbortSignal): Promise<RecordOutcome> {
    return execRecord(this.channel, request, signal);
  }
  transfer(request: TransferRequest, signal: AbortSignal): Promise<TransferOutcome> {
    return execTransfer(this.channel, request, signal);
  }
  webhook(request: WebhookRequest, signal: AbortSignal): Promise<WebhookOutcome> {
    return execWebhook(this.channel, request, signal);
  }
  hangup(request: HangupRequest, signal: AbortSignal): Promise<void> {
    return execHangup(this.channel, request, signal);
  }
}
