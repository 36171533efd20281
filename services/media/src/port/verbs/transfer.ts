// transfer: to a number, `bridge` through the call's gateway (bridged as soon as CHANNEL_BRIDGE fires;
// a failed B leg's originate_disposition says why); to an agent queue, `transfer <queue> XML <context>`
// into the dialplan that serves queues.
import { EventName } from '@ringpace/esl';
import { TransferFailure, type TransferOutcome, type TransferRequest } from '@ringpace/flow';
import type { ChannelControl } from '../channel-control.js';
import { channelApi, HANGUP, runApp, variableOf } from '../run-app.js';

function failureOf(disposition: string | undefined): TransferFailure {
  switch (disposition) {
    case 'USER_BUSY':
      return TransferFailure.Busy;
    case 'CALL_REJECTED':
      return TransferFailure.Rejected;
    case 'UNALLOCATED_NUMBER':
    case 'INVALID_NUMBER_FORMAT':
    case 'NO_ROUTE_DESTINATION':
      return TransferFailure.InvalidNumber;
    default:
      return TransferFailure.NoAnswer;
  }
}

export async function execTransfer(ch: ChannelControl, request: TransferRequest, signal: AbortSignal): Promise<TransferOutcome> {
  if (request.to.kind === 'queue') {
    const result = await runApp(ch, 'transfer', `${request.to.queue} XML ${ch.settings.queueContext}`, signal);
    return result.kind === 'hangup' ? result : { kind: 'bridged' };
  }
  // A failed B leg must not hang up the callee (the flow goes on at onFail); a finished bridge ends the call.
  if ((await channelApi(ch, `uuid_setvar_multi ${ch.uuid} continue_on_fail=true;hangup_after_bridge=true`)) !== 'ok') return HANGUP;
  const ringSeconds = Math.max(1, Math.ceil(request.timeoutMs / 1000));
  const dial = `{originate_timeout=${ringSeconds},origination_caller_id_number=${ch.settings.callerId}}sofia/gateway/${ch.settings.gateway}/${request.to.number}`;
  const bridgedSignal = new AbortController();
  const bridged = ch.nextEvent(EventName.ChannelBridge, AbortSignal.any([signal, bridgedSignal.signal])).then(() => 'bridged' as const);
  bridged.catch(() => undefined);
  try {
    const result = await Promise.race([runApp(ch, 'bridge', dial, signal), bridged]);
    if (result === 'bridged') return { kind: 'bridged' };
    if (result.kind === 'hangup') return result;
    const disposition = variableOf(result.complete, 'originate_disposition');
    return disposition === 'SUCCESS' ? { kind: 'bridged' } : { kind: 'failed', reason: failureOf(disposition) };
  } finally {
    bridgedSignal.abort();
  }
}
