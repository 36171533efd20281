// hangup: the flow's result goes on the channel (ringpace_result, in the CDR), then the call is cleared.
import type { HangupRequest } from '@ringpace/flow';
import type { ChannelControl } from '../channel-control.js';
import { channelApi, goneOrThrow } from '../run-app.js';

export const RESULT_VARIABLE = 'ringpace_result';

/**
 * The result variable and the hangup go out together: FreeSWITCH sets the variable before it hangs up
 * (a connection's commands run in order), in one write and one round trip.
 */
export async function execHangup(ch: ChannelControl, request: HangupRequest, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (ch.ended.aborted) return;
  const marked = channelApi(ch, `uuid_setvar ${ch.uuid} ${RESULT_VARIABLE} ${request.result}`);
  const hungUp = ch.esl.hangup(ch.uuid, 'NORMAL_CLEARING', { timeoutMs: ch.settings.commandTimeoutMs }).then(
    () => undefined,
    (error: unknown) => goneOrThrow(ch, error),
  );
  await Promise.all([marked, hungUp]);
}
