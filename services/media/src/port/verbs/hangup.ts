// hangup: the flow's result goes on the channel (ringpace_result, in the CDR), then the call is cleared.
import type { HangupRequest } from '@ringpace/flow';
import type { ChannelControl } from '../channel-control.js';
import { channelApi, goneOrThrow } from '../run-app.js';

export const RESULT_VARIABLE = 'ringpace_result';

export async function execHangup(ch: ChannelControl, request: HangupRequest, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (ch.ended.aborted) return;
  if ((await channelApi(ch, `uuid_setvar ${ch.uuid} ${RESULT_VARIABLE} ${request.result}`)) !== 'ok') return;
  try {
    await ch.esl.hangup(ch.uuid, 'NORMAL_CLEARING', { timeoutMs: ch.settings.commandTimeoutMs });
  } catch (error) {
    await goneOrThrow(ch, error);
  }
}
